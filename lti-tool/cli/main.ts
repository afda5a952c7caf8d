import { createDatabase } from '../db/database.ts';
import { openSequelize } from '../db/sequelize.ts';
import { createToolKeys } from '../lti/keys/tool-keys.ts';
import { ConfigError, loadConfig } from '../core/config.ts';
import { openBlobStore } from '../media/open-blob-store.ts';
import { runCommand, UsageError } from './commands.ts';

// `npm run lti -- <command>`: administer registrations against the same database the server uses.
let exitCode = 0;
try {
  const config = loadConfig();
  const db = await createDatabase(await openSequelize(config));
  try {
    await runCommand(process.argv.slice(2), {
      db,
      lti: async () => createToolKeys({ store: db.toolKeys, secret: config.secret }),
      publicUrl: config.publicUrl,
      blobs: () => openBlobStore(config),
      print: (line) => console.log(line),
    });
  } finally {
    await db.close();
  }
} catch (error) {
  exitCode = 1;
  if (error instanceof UsageError || error instanceof ConfigError) console.error(error.message);
  else console.error('Failed:', error instanceof Error ? error.message : error);
}
process.exit(exitCode);
