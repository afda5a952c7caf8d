/**
 * The only module that imports ltijs. Everything else sees our own types
 * (RosterEntry, PlatformRegistration), so ltijs could be replaced here alone.
 *
 * ltijs 5.9.9 signs as the tool (its per-platform key pairs, published at /lti/keys) and
 * calls the platforms' services. Login and launch are ours (oidc-routes.ts): ltijs's
 * accept tokens without iat/exp, unbound nonces and any deployment_id.
 */
import { createPrivateKey, generateKeyPairSync, randomBytes } from 'node:crypto';
import { createRequire } from 'node:module';
import { SignJWT, type JWTPayload } from 'jose';
import type { Express, RequestHandler } from 'express';
import * as v from 'valibot';
import type { AppConfig } from '../server/config.ts';
import { databaseOptions } from '../db/sequelize.ts';
import type { PlatformRegistration } from './platform-registration.ts';

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
        platformAccessToken(scopes: string): Promise<{ access_token: string }>;
      }
    | false
  >;
  NamesAndRoles: { getMembers(idtoken: unknown, options?: Record<string, unknown>): Promise<unknown> };
  Database: {
    Insert(key: string | false, table: string, item: object, index?: object): Promise<unknown>;
    Modify(key: string | false, table: string, info: object, modification: object): Promise<unknown>;
    Delete(table: string, info: object): Promise<unknown>;
    Get(key: string | false, table: string, info?: object): Promise<Record<string, unknown>[] | false>;
  };
  app: Express;
}

export type { PlatformRegistration };

export interface RosterEntry {
  userId: string;
  name: string | null;
  roles: string[];
}

export interface LtiProvider {
  /** Serves the tool's public key set (mount at /lti/keys). */
  readonly keys: RequestHandler;
  registerPlatform(platform: PlatformRegistration): Promise<void>;
  fetchRoster(source: { issuer: string; clientId: string; membershipsUrl: string }): Promise<RosterEntry[]>;
  /** The tool's signing key id for a platform (what signs its messages now). */
  toolKeyId(platform: { issuer: string; clientId: string }): Promise<string>;
  /** Publishes a new tool key for a platform beside the current one; returns its kid. Signing is unchanged. */
  addToolKey(platform: { issuer: string; clientId: string }): Promise<string>;
  /** Signs with this (already published) key from now on. */
  useToolKey(platform: { issuer: string; clientId: string }, kid: string): Promise<void>;
  /** Stops publishing a key. */
  removeToolKey(kid: string): Promise<void>;
  /** An OAuth2 access token for the platform's services (client-credentials grant, cached by ltijs). */
  accessToken(platform: { issuer: string; clientId: string }, scopes: readonly string[]): Promise<string>;
  /** Signs a message to the platform (deep-linking response) with the tool's key for it. */
  signAsTool(platform: { issuer: string; clientId: string }, payload: JWTPayload): Promise<string>;
  close(): Promise<void>;
}

export interface LtiProviderOptions {
  config: AppConfig;
}

const MembershipSchema = v.object({
  members: v.array(
    v.object({
      user_id: v.string(),
      name: v.optional(v.nullable(v.string())),
      given_name: v.optional(v.nullable(v.string())),
      family_name: v.optional(v.nullable(v.string())),
      roles: v.optional(v.array(v.string()), []),
      status: v.optional(v.string(), 'Active'),
    }),
  ),
});

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
  const { database, options: dbOptions } = databaseOptions(config);
  const plugin = new SequelizePlugin(database, '', '', { ...dbOptions });

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

    async fetchRoster(source) {
      const idtoken = {
        iss: source.issuer,
        clientId: source.clientId,
        platformContext: { namesRoles: { context_memberships_url: source.membershipsUrl } },
      };
      const result = v.parse(MembershipSchema, await lti.NamesAndRoles.getMembers(idtoken, { pages: 50 }));
      return result.members
        .filter((member) => member.status === 'Active')
        .map((member) => ({
          userId: member.user_id,
          name:
            member.name?.trim() ||
            [member.given_name, member.family_name].filter(Boolean).join(' ').trim() ||
            null,
          roles: member.roles,
        }));
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

    async accessToken(platform, scopes) {
      const registered = await lti.getPlatform(platform.issuer, platform.clientId);
      if (!registered) throw new Error(`ltijs has no platform ${platform.issuer} / ${platform.clientId}`);
      return (await registered.platformAccessToken(scopes.join(' '))).access_token;
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
