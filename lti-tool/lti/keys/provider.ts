/**
 * The only module that imports ltijs. Everything else sees our own types
 * (PlatformRegistration), so ltijs could be replaced here alone.
 *
 * ltijs 5.9.9 keeps the tool's per-platform key pairs (published at /lti/keys) and we sign with
 * them. Login and launch are ours (oidc-routes.ts): ltijs's accept tokens without iat/exp,
 * unbound nonces and any deployment_id. Service calls are ours too (access-tokens.ts,
 * names-roles.ts, ags-client.ts, through platform-fetch.ts): ltijs called any URL a launch named.
 */
import { createPrivateKey, generateKeyPairSync, randomBytes } from 'node:crypto';
import { createRequire } from 'node:module';
import { SignJWT, type JWTPayload } from 'jose';
import type { Express, RequestHandler } from 'express';
import type { AppConfig } from '../../core/config.ts';
import type { PlatformRegistration } from '../platforms/platform-registration.ts';

const require = createRequire(import.meta.url);

/** Just the parts of ltijs 5.9.9 we use; @types/ltijs describes v4 and is wrong for 5.x. */
interface LtijsProvider {
  setup(key: string, database: { plugin: unknown }, options: Record<string, unknown>): LtijsProvider;
  deploy(options: { serverless: true; silent: boolean }): Promise<boolean>;
  close(options: { silent: boolean }): Promise<boolean>;
  registerPlatform(platform: Record<string, unknown>): Promise<unknown>;
  getPlatform(
    issuer: string,
    clientId: string,
  ): Promise<
    | {
        platformPrivateKey(): Promise<string>;
        platformKid(): Promise<string>;
      }
    | false
  >;
  Database: {
    Insert(key: string | false, table: string, item: object, index?: object): Promise<unknown>;
    Modify(key: string | false, table: string, info: object, modification: object): Promise<unknown>;
    Delete(table: string, info: object): Promise<unknown>;
    Get(key: string | false, table: string, info?: object): Promise<Record<string, unknown>[] | false>;
  };
  app: Express;
}

export type { PlatformRegistration };

export interface LtiProvider {
  /** Serves the tool's public key set (mount at /lti/keys). */
  readonly keys: RequestHandler;
  registerPlatform(platform: PlatformRegistration): Promise<void>;
  /** The tool's signing key id for a platform (what signs its messages now). */
  toolKeyId(platform: { issuer: string; clientId: string }): Promise<string>;
  /** Publishes a new tool key for a platform beside the current one; returns its kid. Signing is unchanged. */
  addToolKey(platform: { issuer: string; clientId: string }): Promise<string>;
  /** Signs with this (already published) key from now on. */
  useToolKey(platform: { issuer: string; clientId: string }, kid: string): Promise<void>;
  /** Stops publishing a key. */
  removeToolKey(kid: string): Promise<void>;
  /** Signs as the tool with its key for the platform: deep-linking responses, client assertions. */
  signAsTool(platform: { issuer: string; clientId: string }, payload: JWTPayload): Promise<string>;
  close(): Promise<void>;
}

export interface LtiProviderOptions {
  config: AppConfig;
  /** Where ltijs keeps its tables: our own database (db/sequelize.ts's databaseOptions). */
  database: { database: string; options: object & { dialect?: string } };
}

export async function createLtiProvider(options: LtiProviderOptions): Promise<LtiProvider> {
  const { config } = options;
  const lti = require('ltijs').Provider as LtijsProvider;
  const SequelizePlugin = require('ltijs-sequelize') as new (
    database: string,
    user: string,
    pass: string,
    opts: Record<string, unknown>,
  ) => unknown;
  // The same database as ours; user, password, host and port are in dbOptions.
  const { database, options: dbOptions } = options.database;
  const plugin = new SequelizePlugin(database, '', '', {
    ...dbOptions,
    // On SQLite our own writes take turns on one connection (db/sqlite-writer.ts); ltijs writes
    // (keys, registrations) on a connection of its own, without a busy timeout, so it may find the
    // file locked for a moment: it tries again (Sequelize's retry, ~4 s in all) rather than fail.
    ...(dbOptions.dialect === 'sqlite'
      ? { retry: { match: [/SQLITE_BUSY/], max: 10, backoffBase: 25, backoffExponent: 1.6 } }
      : {}),
  });

  lti.setup(
    config.secret,
    { plugin },
    {
      // Only /keys is ever routed to ltijs; these routes are unreachable.
      appRoute: '/ltijs-unused-app',
      loginRoute: '/ltijs-unused-login',
      keysetRoute: '/keys',
      // ltijs's CORS reflects any origin with credentials; nothing of it needs CORS.
      cors: false,
      devMode: false,
    },
  );

  await lti.deploy({ serverless: true, silent: true });

  return {
    keys: (req, res, next) => {
      // Hand ltijs the path it knows; nothing else of its app is reachable.
      req.url = '/keys';
      lti.app(req, res, next);
    },

    async registerPlatform(platform) {
      await lti.registerPlatform({
        url: platform.issuer,
        name: platform.name,
        clientId: platform.clientId,
        authenticationEndpoint: platform.authUrl,
        accesstokenEndpoint: platform.tokenUrl,
        authConfig: { method: 'JWK_SET', key: platform.jwksUrl },
      });
    },

    async toolKeyId(platform) {
      const registered = await lti.getPlatform(platform.issuer, platform.clientId);
      if (!registered) throw new Error(`ltijs has no platform ${platform.issuer} / ${platform.clientId}`);
      return registered.platformKid();
    },

    async addToolKey(platform) {
      const kid = randomBytes(16).toString('hex');
      const { publicKey, privateKey } = generateKeyPairSync('rsa', {
        modulusLength: 2048,
        publicKeyEncoding: { type: 'spki', format: 'pem' },
        privateKeyEncoding: { type: 'pkcs1', format: 'pem' },
      });
      // Insert, not ltijs's Replace: the old key must stay published during the overlap.
      const index = { kid, platformUrl: platform.issuer, clientId: platform.clientId };
      await lti.Database.Insert(config.secret, 'publickey', { key: publicKey, kid }, index);
      await lti.Database.Insert(config.secret, 'privatekey', { key: privateKey, kid }, index);
      return kid;
    },

    async useToolKey(platform, kid) {
      await lti.Database.Modify(
        false,
        'platform',
        { platformUrl: platform.issuer, clientId: platform.clientId },
        { kid },
      );
    },

    async removeToolKey(kid) {
      await lti.Database.Delete('publickey', { kid });
      await lti.Database.Delete('privatekey', { kid });
    },

    async signAsTool(platform, payload) {
      const registered = await lti.getPlatform(platform.issuer, platform.clientId);
      if (!registered) throw new Error(`ltijs has no platform ${platform.issuer} / ${platform.clientId}`);
      const key = createPrivateKey(await registered.platformPrivateKey());
      return new SignJWT(payload)
        .setProtectedHeader({ alg: 'RS256', kid: await registered.platformKid(), typ: 'JWT' })
        .sign(key);
    },

    async close() {
      await lti.close({ silent: true });
    },
  };
}
