import { randomBytes } from 'node:crypto';
import express, { Router, type Request, type Response } from 'express';
import * as v from 'valibot';
import type { LoginStateRecord, LoginStateStore } from './login-state-store.ts';
import type { PlatformLookup, PlatformRecord } from '../platforms/platform-store.ts';
import { describeIssues } from '../../../shared/domain/validation.ts';
import { asyncRoute } from '../../http/async-route.ts';
import { clientOf, RateLimited, type Limiter } from '../../http/rate-limits.ts';
import { allowFraming } from '../../http/security-headers.ts';
import { registeredOriginsOf } from '../services/platform-fetch.ts';
import { LTI } from './claims.ts';
import { LaunchError } from './launch-error.ts';
import { toLaunchContext, type LaunchContext } from './launch-context.ts';
import type { PlatformKeyCache } from '../keys/platform-keys.ts';
import {
  loginParamsOf,
  renderFetchStatePage,
  renderStoreStatePage,
  storageValueFor,
  storageValueMatches,
} from '../platform-storage/platform-storage.ts';
import { STORAGE_VALUE_FIELD, StorageTargetSchema } from '../platform-storage/platform-storage-protocol.ts';
import { verifyIdToken } from './verify-id-token.ts';

/**
 * Hints are opaque to us: they go back to the platform, and are kept until the launch (for the
 * "open in a new window" link). 2 kB is far more than any LMS sends, and bounds what an
 * unauthenticated login can make us store.
 */
const HINT_MAX = 2048;
const ID_MAX = 255;

const LoginSchema = v.object({
  iss: v.pipe(v.string(), v.maxLength(ID_MAX, 'iss is too long'), v.url()),
  login_hint: v.pipe(v.string(), v.nonEmpty(), v.maxLength(HINT_MAX, 'login_hint is longer than 2 kB')),
  target_link_uri: v.pipe(v.string(), v.maxLength(HINT_MAX, 'target_link_uri is too long'), v.url()),
  client_id: v.optional(v.pipe(v.string(), v.nonEmpty(), v.maxLength(ID_MAX, 'client_id is too long'))),
  lti_message_hint: v.optional(
    v.pipe(v.string(), v.maxLength(HINT_MAX, 'lti_message_hint is longer than 2 kB')),
  ),
  lti_deployment_id: v.optional(v.pipe(v.string(), v.maxLength(ID_MAX, 'lti_deployment_id is too long'))),
  /** Sent by platforms with LTI platform storage (Canvas): the frame that keeps our state. */
  lti_storage_target: v.optional(StorageTargetSchema),
});

const LaunchFormSchema = v.object({
  id_token: v.pipe(v.string(), v.nonEmpty(), v.maxLength(64 * 1024)),
  state: v.pipe(v.string(), v.regex(/^[A-Za-z0-9_-]{20,100}$/)),
});

const CompleteFormSchema = v.object({
  ...LaunchFormSchema.entries,
  [STORAGE_VALUE_FIELD]: v.pipe(v.string(), v.regex(/^[\w-]{20,200}$/)),
});

export interface OidcRouteDeps {
  publicUrl: string;
  /** Binds the value kept in platform storage to its login state. */
  secret: string;
  platforms: PlatformLookup;
  loginStates: LoginStateStore;
  keys: PlatformKeyCache;
  /** Logins a client may start a minute (rate-limits.ts). */
  loginLimit: Limiter;
  onLaunch(launch: LaunchContext, res: Response): Promise<void>;
  onFailure(error: LaunchError, res: Response): void;
}

const STATE_COOKIE = 'lti_state_';
const STORAGE_STATE = 's';
const COOKIE_STATE = 'c';

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
 * The browser proves it started the login with a state cookie or, when the platform offers
 * LTI platform storage (third-party cookies blocked in its iframe), with a value kept there.
 */
export function oidcRoutes(deps: OidcRouteDeps): Router {
  const router = Router();
  const launchUrl = `${deps.publicUrl}/lti/launch`;
  const ourOrigin = new URL(deps.publicUrl).origin;
  const secure = deps.publicUrl.startsWith('https://');
  // A launch form holds one id_token (64 kB at most) and a state; a login form, its hints.
  router.use(express.urlencoded({ extended: false, limit: '80kb' }));

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
      // Every login stores a state until its launch: a client gets so many a minute.
      try {
        await deps.loginLimit.take(clientOf(req), 'Too many logins from this network.');
      } catch (error) {
        if (!(error instanceof RateLimited)) throw error;
        res.setHeader('Retry-After', String(error.retryAfterS));
        throw new LaunchError('rate-limited', `${error.message} (${clientOf(req)})`);
      }
      const parsed = v.safeParse(LoginSchema, { ...req.query, ...req.body });
      if (!parsed.success)
        throw new LaunchError(
          'bad-request',
          `The login request is not valid: ${describeIssues(parsed.issues)}`,
        );
      const params = parsed.output;
      if (new URL(params.target_link_uri).origin !== ourOrigin) {
        throw new LaunchError('bad-request', 'target_link_uri does not point at this tool.');
      }
      const platform = await platformFor(params.iss, params.client_id);
      if (
        params.lti_deployment_id &&
        !(await deps.platforms.hasDeployment(platform.id, params.lti_deployment_id))
      ) {
        throw new LaunchError('unregistered-deployment', 'This deployment of the tool is not registered.');
      }
      // The state says how the browser will prove it started this login, so the launch knows
      // without a database read: `s…` platform storage, `c…` the state cookie.
      const state = `${params.lti_storage_target ? STORAGE_STATE : COOKIE_STATE}${token()}`;
      const nonce = token();
      // Kept whole (with lti_storage_target): the launch reads how this login proves the browser.
      const relaunch = new URLSearchParams(
        Object.entries(params).filter((e): e is [string, string] => e[1] !== undefined),
      );
      await deps.loginStates.create({
        state,
        nonce,
        platformId: platform.id,
        relaunchQuery: relaunch.toString(),
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
      if (params.lti_storage_target) {
        // No cookie: a browser that blocks third-party cookies would drop it inside the LMS iframe.
        // The platform's auth origin is where its storage frame lives (Canvas: the OIDC host).
        allowFraming(res, registeredOriginsOf(platform));
        res.status(200).send(
          renderStoreStatePage({
            target: params.lti_storage_target,
            platformOrigin: auth.origin,
            state,
            value: storageValueFor(deps.secret, state),
            authUrl: auth.toString(),
            relaunchUrl: loginParamsOf(relaunch.toString()).relaunchUrl,
          }),
        );
        return;
      }
      res.cookie(`${STATE_COOKIE}${state}`, '1', {
        httpOnly: true,
        secure,
        sameSite: secure ? 'none' : 'lax',
        maxAge: 10 * 60 * 1000,
        path: '/lti/launch',
      });
      res.redirect(302, auth.toString());
    } catch (error) {
      if (error instanceof LaunchError) return deps.onFailure(error, res);
      throw error;
    }
  });
  router.get('/login', login);
  router.post('/login', login);

  /** Everything after the browser has shown it started this login: the id_token itself. */
  async function finishLaunch(idToken: string, login: LoginStateRecord, res: Response): Promise<void> {
    const verified = await verifyIdToken(idToken, { findPlatform: deps.platforms.find, keys: deps.keys });
    if (verified.platform.id !== login.platformId)
      throw new LaunchError('state-mismatch', 'The launch came from another platform.');
    if (verified.nonce !== login.nonce)
      throw new LaunchError('nonce-mismatch', 'The id_token nonce is not the one our login issued.');
    if (!(await deps.loginStates.useNonce(verified.nonce, verified.expiresAt))) {
      throw new LaunchError('nonce-replayed', 'This id_token was already used.');
    }
    // LTI 1.3 core: the claim MUST be the target_link_uri of the login, which was checked to
    // point at this tool; so the launch is for here, and for what the login asked.
    const targetLinkUri = verified.claims[`${LTI}target_link_uri`];
    if (
      targetLinkUri !== undefined &&
      targetLinkUri !== new URLSearchParams(login.relaunchQuery).get('target_link_uri')
    ) {
      throw new LaunchError('bad-claims', "The id_token's target_link_uri is not the one its login named.");
    }
    const launch = toLaunchContext(verified.claims, {
      issuer: verified.platform.issuer,
      clientId: verified.platform.clientId,
    });
    if (!(await deps.platforms.hasDeployment(verified.platform.id, launch.tenant.deploymentId))) {
      throw new LaunchError('unregistered-deployment', 'This deployment of the tool is not registered.');
    }
    // The launched page may be framed by its own platform only (not by another site replaying it).
    allowFraming(res, registeredOriginsOf(verified.platform));
    await deps.onLaunch(launch, res);
  }

  /**
   * A login that used platform storage: answer a page that reads the value back from the
   * platform and posts it to /lti/launch/complete. The state stays unused until then.
   */
  async function storageLaunchPage(
    idToken: string,
    state: string,
  ): Promise<{ html: string; platform: PlatformRecord } | null> {
    const pending = await deps.loginStates.peek(state);
    if (!pending) return null;
    const { storageTarget, relaunchUrl } = loginParamsOf(pending.relaunchQuery);
    const platform = storageTarget ? await deps.platforms.byId(pending.platformId) : null;
    if (!storageTarget || !platform) return null;
    const html = renderFetchStatePage({
      target: storageTarget,
      platformOrigin: new URL(platform.authUrl).origin,
      state,
      idToken,
      relaunchUrl,
    });
    return { html, platform };
  }

  router.post(
    '/launch',
    asyncRoute(async (req, res) => {
      try {
        const form = v.safeParse(LaunchFormSchema, req.body);
        if (!form.success) throw new LaunchError('bad-request', 'The launch has no id_token or state.');
        const { id_token: idToken, state } = form.output;
        const storagePage = state.startsWith(STORAGE_STATE) ? await storageLaunchPage(idToken, state) : null;
        if (storagePage) {
          res.setHeader('Cache-Control', 'no-store');
          allowFraming(res, registeredOriginsOf(storagePage.platform));
          res.status(200).send(storagePage.html);
          return;
        }
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
            loginParamsOf(login.relaunchQuery).relaunchUrl,
          );
        }
        await finishLaunch(idToken, login, res);
      } catch (error) {
        if (error instanceof LaunchError) return deps.onFailure(error, res);
        throw error;
      }
    }),
  );

  router.post(
    '/launch/complete',
    asyncRoute(async (req, res) => {
      try {
        // Only our own launch page posts here, after it read the value from the platform's frame
        // (origin-checked). A cross-site form (login CSRF with an attacker's token) is refused
        // before it can use up a state; browsers set these headers, pages cannot.
        const site = req.get('sec-fetch-site');
        if ((site !== undefined && site !== 'same-origin') || req.get('origin') !== ourOrigin) {
          throw new LaunchError('state-mismatch', 'The launch completion did not come from our launch page.');
        }
        const form = v.safeParse(CompleteFormSchema, req.body);
        if (!form.success) {
          throw new LaunchError(
            'bad-request',
            'The launch has no id_token, state or platform-storage value.',
          );
        }
        const { id_token: idToken, state, [STORAGE_VALUE_FIELD]: value } = form.output;
        const login = await deps.loginStates.consume(state);
        if (!login)
          throw new LaunchError(
            'state-mismatch',
            'This launch did not start from a login of ours, or it was already used.',
          );
        if (!loginParamsOf(login.relaunchQuery).storageTarget) {
          throw new LaunchError('state-mismatch', 'This login did not use platform storage.');
        }
        if (!storageValueMatches(deps.secret, state, value)) {
          throw new LaunchError(
            'state-mismatch',
            "The value read from platform storage is not this login's.",
          );
        }
        await finishLaunch(idToken, login, res);
      } catch (error) {
        if (error instanceof LaunchError) return deps.onFailure(error, res);
        throw error;
      }
    }),
  );

  return router;
}
