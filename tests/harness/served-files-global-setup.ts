import { createBuilder } from 'vite';

/**
 * Builds the server-rendered pages' stylesheets and scripts (lti-tool/web/vite.served.config.ts)
 * once per test run: every tool server loads them at start (http/web-assets.ts), and tests fetch
 * them. A second or two; the Svelte pages are not built (the harness serves stand-ins for them).
 */
export default async function buildServedFiles(): Promise<void> {
  const builder = await createBuilder({
    configFile: 'lti-tool/web/vite.served.config.ts',
    logLevel: 'warn',
  });
  await builder.buildApp();
}
