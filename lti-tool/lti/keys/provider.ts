/**
 * The only module that imports ltijs, through its documented API only (Provider.setup, deploy,
 * getPlatform, close; Platform.platformKid and platformPrivateKey).
 *
 * Up to this release ltijs 5.9.9 kept the tool's key pair for each platform. Its documented API
 * cannot rotate a key, so our own module now owns the keys completely (tool-keys.ts, own table).
 * ltijs's remaining job is to hand over, once, the keys it made for platforms registered by an
 * earlier release (legacy-keys.ts): LMSs that pinned our public key keep working. ltijs is set up
 * only then, so a new install, and every test server, never starts its process-wide singleton.
 */
import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);

/** Just the parts of ltijs 5.9.9 we use; @types/ltijs describes v4 and is wrong for 5.x. */
interface LtijsProvider {
  setup(key: string, database: { plugin: unknown }, options: Record<string, unknown>): LtijsProvider;
  deploy(options: { serverless: true; silent: boolean }): Promise<boolean>;
  close(options: { silent: boolean }): Promise<boolean>;
  getPlatform(
    issuer: string,
    clientId: string,
  ): Promise<{ platformPrivateKey(): Promise<string>; platformKid(): Promise<string> } | false>;
}

export interface LtijsKeyReader {
  /** The key ltijs signs with for this platform, or null if ltijs has none. */
  signingKey(platform: {
    issuer: string;
    clientId: string;
  }): Promise<{ kid: string; privateKeyPem: string } | null>;
  close(): Promise<void>;
}

export interface LtijsKeyReaderOptions {
  /** ltijs encrypted its keys with the tool's secret. */
  secret: string;
  /** Where ltijs kept its tables: our own database (db/sequelize.ts's databaseOptions). */
  database: { database: string; options: object & { dialect?: string } };
}

export async function openLtijsKeyReader(options: LtijsKeyReaderOptions): Promise<LtijsKeyReader> {
  const lti = require('ltijs').Provider as LtijsProvider;
  const SequelizePlugin = require('ltijs-sequelize') as new (
    database: string,
    user: string,
    pass: string,
    opts: Record<string, unknown>,
  ) => unknown;
  const { database, options: dbOptions } = options.database;
  const plugin = new SequelizePlugin(database, '', '', {
    ...dbOptions,
    // On SQLite our own writes take turns on one connection (db/sqlite-writer.ts); ltijs reads on
    // a connection of its own, without a busy timeout: it tries again rather than fail.
    ...(dbOptions.dialect === 'sqlite'
      ? { retry: { match: [/SQLITE_BUSY/], max: 10, backoffBase: 25, backoffExponent: 1.6 } }
      : {}),
  });
  // No route of ltijs is ever mounted: it is only asked for keys.
  lti.setup(options.secret, { plugin }, { cors: false, devMode: false });
  await lti.deploy({ serverless: true, silent: true });
  return {
    async signingKey({ issuer, clientId }) {
      const platform = await lti.getPlatform(issuer, clientId);
      if (!platform) return null;
      return { kid: await platform.platformKid(), privateKeyPem: await platform.platformPrivateKey() };
    },
    async close() {
      await lti.close({ silent: true });
    },
  };
}
