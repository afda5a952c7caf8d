import { createDatabase } from '../db/database.ts';
import { databaseOptions, openSequelize } from '../db/sequelize.ts';
import { createLtiProvider, type LtiProvider } from '../lti/keys/provider.ts';
import { ConfigError, loadConfig } from '../core/config.ts';
import { runCommand, UsageError } from './commands.ts';

// `npm run lti -- <command>`: administer registrations against the same database the server uses.
let exitCode = 0;
try {
  const config = loadConfig();
  const db = await createDatabase(await openSequelize(config));
  let lti: LtiProvider | null = null;
  try {
    await runCommand(process.argv.slice(2), {
      db,
      lti: async () => (lti ??= await createLtiProvider({ config, database: databaseOptions(config) })),
      publicUrl: config.publicUrl,
      print: (line) => console.log(line),
    });
  } finally {
    await (lti as LtiProvider | null)?.close();
    await db.close();
  }
} catch (error) {
  exitCode = 1;
  if (error instanceof UsageError || error instanceof ConfigError) console.error(error.message);
  else console.error('Failed:', error instanceof Error ? error.message : error);
}
process.exit(exitCode);
