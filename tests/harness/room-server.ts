import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { FakePlatform } from './fake-platform.ts';
import { startTestServer } from './tool-server.ts';
import { startToolServerProcess, type ToolServerProcess } from './tool-server-process.ts';

export interface RoomServer {
  tool: ToolServerProcess;
  school: FakePlatform;
  close(): Promise<void>;
}

/**
 * The tool in a process of its own (as `npm start` runs it: its own event loop and libuv pool),
 * with a Moodle-like platform registered. `env` picks the database (DATABASE_URL) or leaves SQLite.
 */
export async function startRoomServer(env: Record<string, string> = {}): Promise<RoomServer> {
  const dataDir = mkdtempSync(path.join(tmpdir(), 'coaching-room-'));
  const school = await FakePlatform.start('moodle', 'room-school');
  // Registered as an administrator would, before the server that takes the load starts.
  const admin = await startTestServer({ dataDir, env });
  await admin.registerPlatform(school.registration, [school.deploymentId]);
  await admin.close();
  const tool = await startToolServerProcess({ DATA_DIR: dataDir, ...env });
  return {
    tool,
    school,
    async close() {
      await tool.stop();
      await school.close();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}
