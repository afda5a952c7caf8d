import path from 'node:path';
import { FakePlatform } from '../harness/fake-platform.ts';
import { startToolProcess, type ToolProcess } from './tool-process.ts';

/**
 * Runs `work` against our tool in its own process (production settings, tests/bench/our-tool.ts)
 * with a Moodle-like platform registered: SQLite unless `databaseUrl` names a PostgreSQL. Both
 * are always ended; a failure shows the end of the tool's log.
 */
export async function withOurTool<T>(
  name: string,
  work: (tool: ToolProcess, platform: FakePlatform) => Promise<T>,
  options: { databaseUrl?: string } = {},
): Promise<T> {
  const platform = await FakePlatform.start('moodle', 'Moodle');
  let tool: ToolProcess | null = null;
  try {
    tool = await startToolProcess(name, path.join(import.meta.dirname, 'our-tool.ts'), {
      registration: platform.registration,
      deploymentId: platform.deploymentId,
      ...(options.databaseUrl ? { databaseUrl: options.databaseUrl } : {}),
    });
    return await work(tool, platform);
  } catch (error) {
    if (tool) console.error(tool.logTail());
    throw error;
  } finally {
    await tool?.stop();
    await platform.close();
  }
}
