/**
 * The only module that imports ltijs. Everything else sees our own types
 * (LaunchContext, RosterEntry, PlatformRegistration), so ltijs could be replaced here alone.
 */
import { createRequire } from 'node:module';
import type { Express, Request, Response } from 'express';
import * as v from 'valibot';
import type { AppConfig } from '../server/config.ts';
import { databaseOptions } from '../db/sequelize.ts';
import { toLaunchContext, type LaunchContext } from './launch-context.ts';

const require = createRequire(import.meta.url);

/** Just the parts of ltijs 5.9.9 we use; @types/ltijs describes v4 and is wrong for 5.x. */
interface LtijsProvider {
  setup(key: string, database: { plugin: unknown }, options: Record<string, unknown>): LtijsProvider;
  deploy(options: { serverless: true; silent: boolean }): Promise<boolean>;
  close(options: { silent: boolean }): Promise<boolean>;
  onConnect(callback: (token: unknown, req: Request, res: Response) => unknown): void;
  onInvalidToken(callback: (req: Request, res: Response) => unknown): void;
  onUnregisteredPlatform(callback: (req: Request, res: Response) => unknown): void;
  onInactivePlatform(callback: (req: Request, res: Response) => unknown): void;
  onSessionTimeout(callback: (req: Request, res: Response) => unknown): void;
  registerPlatform(platform: Record<string, unknown>): Promise<unknown>;
  NamesAndRoles: { getMembers(idtoken: unknown, options?: Record<string, unknown>): Promise<unknown> };
  app: Express;
}

export interface PlatformRegistration {
  issuer: string;
  clientId: string;
  name: string;
  authUrl: string;
  tokenUrl: string;
  jwksUrl: string;
}

export interface RosterEntry {
  userId: string;
  name: string | null;
  roles: string[];
}

export type LaunchFailure =
  'invalid-launch' | 'unregistered-platform' | 'inactive-platform' | 'session-expired';

export interface LtiProvider {
  /** Serves /login, /launch and /keys; mount it at /lti. */
  readonly app: Express;
  registerPlatform(platform: PlatformRegistration): Promise<void>;
  fetchRoster(source: { issuer: string; clientId: string; membershipsUrl: string }): Promise<RosterEntry[]>;
  close(): Promise<void>;
}

export interface LtiProviderOptions {
  config: AppConfig;
  onLaunch(launch: LaunchContext, res: Response): Promise<void>;
  onLaunchFailure(failure: LaunchFailure, res: Response, detail?: string): void;
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
  const { url, options: dbOptions } = databaseOptions(config);
  const plugin = url
    ? new SequelizePlugin(url, '', '', { ...dbOptions })
    : new SequelizePlugin('coaching', '', '', { ...dbOptions });
  const crossSite = config.publicUrl.startsWith('https://');

  lti.setup(
    config.secret,
    { plugin },
    {
      appRoute: '/launch',
      loginRoute: '/login',
      keysetRoute: '/keys',
      // Hand the validated launch straight to us: no ltik in the URL, no ltijs session cookie.
      ltiaas: true,
      // ltijs's CORS reflects any origin with credentials; nothing under /lti needs CORS.
      cors: false,
      // The state cookie must survive the LMS → tool cross-site POST inside an iframe.
      cookies: crossSite ? { secure: true, sameSite: 'None' } : { secure: false, sameSite: 'Lax' },
      tokenMaxAge: 60,
      devMode: false,
    },
  );

  lti.onConnect(async (token, _req, res) => {
    let launch: LaunchContext;
    try {
      launch = toLaunchContext(token);
    } catch (error) {
      options.onLaunchFailure('invalid-launch', res, (error as Error).message);
      return;
    }
    await options.onLaunch(launch, res);
  });
  lti.onInvalidToken((_req, res) => {
    const detail = (res.locals as { err?: { details?: { message?: string } } }).err?.details?.message;
    options.onLaunchFailure('invalid-launch', res, detail);
  });
  lti.onUnregisteredPlatform((_req, res) => options.onLaunchFailure('unregistered-platform', res));
  lti.onInactivePlatform((_req, res) => options.onLaunchFailure('inactive-platform', res));
  lti.onSessionTimeout((_req, res) => options.onLaunchFailure('session-expired', res));

  await lti.deploy({ serverless: true, silent: true });

  return {
    app: lti.app,

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
      const result = v.parse(MembershipSchema, await lti.NamesAndRoles.getMembers(idtoken, { pages: 10 }));
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

    async close() {
      await lti.close({ silent: true });
    },
  };
}
