import { randomBytes } from 'node:crypto';
import express, { Router, type Request, type Response } from 'express';
import * as v from 'valibot';
import type { LoginStateRepository } from '../db/repositories/login-states.ts';
import type { PlatformRecord, PlatformRepository } from '../db/repositories/platforms.ts';
import { asyncRoute } from '../server/async-route.ts';
import { LaunchError } from './launch-error.ts';
import { toLaunchContext, type LaunchContext } from './launch-context.ts';
import type { PlatformKeyCache } from './platform-keys.ts';
import { verifyIdToken } from './verify-id-token.ts';

const LoginSchema = v.object({
  iss: v.pipe(v.string(), v.url()),
  login_hint: v.pipe(v.string(), v.nonEmpty()),
  target_link_uri: v.pipe(v.string(), v.url()),
  client_id: v.optional(v.pipe(v.string(), v.nonEmpty())),
  lti_message_hint: v.optional(v.string()),
  lti_deployment_id: v.optional(v.string()),
});

const LaunchFormSchema = v.object({
  id_token: v.pipe(v.string(), v.nonEmpty(), v.maxLength(64 * 1024)),
  state: v.pipe(v.string(), v.regex(/^[A-Za-z0-9_-]{20,100}$/)),
});

export interface OidcRouteDeps {
  publicUrl: string;
  platforms: PlatformRepository;
  loginStates: LoginStateRepository;
  keys: PlatformKeyCache;
  onLaunch(launch: LaunchContext, res: Response): Promise<void>;
  onFailure(error: LaunchError, res: Response): void;
}

const STATE_COOKIE = 'lti_state_';

function cookiesOf(req: Request): Map<string, string> {
  const jar = new Map<string, string>();
  for (const part of (req.headers.cookie ?? '').split(';')) {
    const index = part.indexOf('=');
    if (index > 0) jar.set(part.slice(0, index).trim(), part.slice(index + 1).trim());
  }
  return jar;
}

const token = () => randomBytes(24).toString('base64url');

/**
 * Our own OIDC login and launch (replacing ltijs's): the nonce is issued here and bound
 * to the state, deployments must be registered, and the launch is verified strictly.
 */
export function oidcRoutes(deps: OidcRouteDeps): Router {
  const router = Router();
  const launchUrl = `${deps.publicUrl}/lti/launch`;
  const secure = deps.publicUrl.startsWith('https://');
  router.use(express.urlencoded({ extended: false, limit: '100kb' }));

  async function platformFor(issuer: string, clientId: string | undefined): Promise<PlatformRecord> {
    if (clientId) {
      const platform = await deps.platforms.find(issuer, clientId);
      if (platform) return platform;
    } else {
      const candidates = await deps.platforms.withIssuer(issuer);
      if (candidates.length === 1) return candidates[0]!;
      if (candidates.length > 1) {
        throw new LaunchError(
          'bad-request',
          'Several registrations share this issuer: the login must name client_id.',
        );
      }
    }
    throw new LaunchError('unregistered-platform', `No platform is registered for ${issuer}.`);
  }

  const login = asyncRoute(async (req, res) => {
    try {
      const parsed = v.safeParse(LoginSchema, { ...req.query, ...req.body });
      if (!parsed.success)
        throw new LaunchError(
          'bad-request',
          'The login request is missing iss, login_hint or target_link_uri.',
        );
      const params = parsed.output;
      if (new URL(params.target_link_uri).origin !== new URL(deps.publicUrl).origin) {
        throw new LaunchError('bad-request', 'target_link_uri does not point at this tool.');
      }
      const platform = await platformFor(params.iss, params.client_id);
      if (
        params.lti_deployment_id &&
        !(await deps.platforms.hasDeployment(platform.id, params.lti_deployment_id))
      ) {
        throw new LaunchError('unregistered-deployment', 'This deployment of the tool is not registered.');
      }
      const state = token();
      const nonce = token();
      const relaunch = new URLSearchParams(
        Object.entries(params).filter((e): e is [string, string] => e[1] !== undefined),
      );
      await deps.loginStates.create({
        state,
        nonce,
        platformId: platform.id,
        relaunchQuery: relaunch.toString(),
      });
      res.cookie(`${STATE_COOKIE}${state}`, '1', {
        httpOnly: true,
        secure,
        sameSite: secure ? 'none' : 'lax',
        maxAge: 10 * 60 * 1000,
        path: '/lti/launch',
      });
      const auth = new URL(platform.authUrl);
      const query = {
        scope: 'openid',
        response_type: 'id_token',
        response_mode: 'form_post',
        prompt: 'none',
        client_id: platform.clientId,
        redirect_uri: launchUrl,
        login_hint: params.login_hint,
        state,
        nonce,
        ...(params.lti_message_hint ? { lti_message_hint: params.lti_message_hint } : {}),
      };
      for (const [key, value] of Object.entries(query)) auth.searchParams.set(key, value);
      res.setHeader('Cache-Control', 'no-store');
      res.redirect(302, auth.toString());
    } catch (error) {
      if (error instanceof LaunchError) return deps.onFailure(error, res);
      throw error;
    }
  });
  router.get('/login', login);
  router.post('/login', login);

  router.post(
    '/launch',
    asyncRoute(async (req, res) => {
      try {
        const form = v.safeParse(LaunchFormSchema, req.body);
        if (!form.success) throw new LaunchError('bad-request', 'The launch has no id_token or state.');
        const { id_token: idToken, state } = form.output;
        const login = await deps.loginStates.consume(state);
        if (!login)
          throw new LaunchError(
            'state-mismatch',
            'This launch did not start from a login of ours, or it expired.',
          );
        res.clearCookie(`${STATE_COOKIE}${state}`, {
          path: '/lti/launch',
          secure,
          sameSite: secure ? 'none' : 'lax',
        });
        if (cookiesOf(req).get(`${STATE_COOKIE}${state}`) !== '1') {
          // The browser refused our cookie (third-party cookies blocked): a top-level window will accept it.
          throw new LaunchError(
            'state-cookie-missing',
            'Your browser blocked the cookie this launch needs inside the course page.',
            `/lti/login?${login.relaunchQuery}`,
          );
        }
        const verified = await verifyIdToken(idToken, { findPlatform: deps.platforms.find, keys: deps.keys });
        if (verified.platform.id !== login.platformId)
          throw new LaunchError('state-mismatch', 'The launch came from another platform.');
        if (verified.nonce !== login.nonce)
          throw new LaunchError('nonce-mismatch', 'The id_token nonce is not the one our login issued.');
        if (!(await deps.loginStates.useNonce(verified.nonce, verified.expiresAt))) {
          throw new LaunchError('nonce-replayed', 'This id_token was already used.');
        }
        const launch = toLaunchContext(verified.claims, {
          issuer: verified.platform.issuer,
          clientId: verified.platform.clientId,
        });
        if (!(await deps.platforms.hasDeployment(verified.platform.id, launch.tenant.deploymentId))) {
          throw new LaunchError('unregistered-deployment', 'This deployment of the tool is not registered.');
        }
        await deps.onLaunch(launch, res);
      } catch (error) {
        if (error instanceof LaunchError) return deps.onFailure(error, res);
        throw error;
      }
    }),
  );

  return router;
}
