import { randomBytes } from 'node:crypto';
import express, { Router, type Request, type Response } from 'express';
import { createRemoteJWKSet, jwtVerify } from 'jose';
import * as v from 'valibot';
import { asyncRoute } from '../http/async-route.ts';
import { messagePage } from '../http/html.ts';
import { createLogger, type Logger } from '../core/logger.ts';
import { securityHeaders } from '../http/security-headers.ts';
import { registerPlatform } from '../lti/registration/registration.ts';
import { AGS_SCOPES, agsRoutes } from './ags.ts';
import { openDemoCourse } from './course-store.ts';
import { DEEP_LINK_TTL_MS, MAX_ANSWER_AGE_S, readDeepLinkResponse } from './deep-link-return.ts';
import { signLaunchToken, type DeepLinkingMessage, type ResourceLinkMessage } from './id-token.ts';
import type { DemoSigningKey } from './keys.ts';
import { LMS_PROFILES, type LmsProfile } from './lms-profiles.ts';
import {
  DEEP_LINK_HINT,
  renderDemoPage,
  renderFormPost,
  renderGradebook,
  scoreText,
  type CourseActivity,
} from './page.ts';
import {
  canAddActivities,
  DEMO_CLIENT_ID,
  DEMO_COURSE,
  DEMO_DEPLOYMENT_ID,
  DEMO_PEOPLE,
  DEMO_RESOURCE_LINK,
  findDemoPerson,
  fullName,
  isGradable,
} from './people.ts';

const NRPS_SCOPE = 'https://purl.imsglobal.org/spec/lti-nrps/scope/contextmembership.readonly';
/** What the token endpoint grants the tool: names and roles, and the gradebook. */
const GRANTABLE = new Set<string>([NRPS_SCOPE, ...Object.values(AGS_SCOPES)]);

const DeepLinkFormSchema = v.object({ JWT: v.pipe(v.string(), v.nonEmpty(), v.maxLength(512 * 1024)) });

const AuthRequestSchema = v.object({
  scope: v.literal('openid'),
  response_type: v.literal('id_token'),
  response_mode: v.literal('form_post'),
  prompt: v.literal('none'),
  client_id: v.literal(DEMO_CLIENT_ID),
  redirect_uri: v.string(),
  login_hint: v.string(),
  nonce: v.pipe(v.string(), v.minLength(8)),
  state: v.pipe(v.string(), v.minLength(8)),
  lti_message_hint: v.optional(v.string()),
});

const TokenRequestSchema = v.object({
  grant_type: v.literal('client_credentials'),
  client_assertion_type: v.literal('urn:ietf:params:oauth:client-assertion-type:jwt-bearer'),
  client_assertion: v.string(),
  scope: v.string(),
});

export interface DemoPlatformUrls {
  /**
   * Where browsers reach the demo LMS: its issuer, OIDC auth endpoint and course page.
   * PUBLIC_URL unless DEMO_LMS_URL puts it on another site (to try blocked third-party cookies).
   */
  platformUrl: string;
  /** Server-to-server base for its JWKS, token and NRPS endpoints: loopback, it is this process. */
  serviceUrl: string;
}

export interface DemoPlatformOptions extends DemoPlatformUrls {
  /** The tool's PUBLIC_URL: login links and the one redirect URI. */
  publicUrl: string;
  key: DemoSigningKey;
  /** Where the tool publishes its keys, to verify its client assertions (loopback in practice). */
  toolJwksUrl: string;
  /**
   * Where the course's added activities and gradebook are kept (`demo-lms.json`), so restarts
   * keep them. Without it they live in memory only.
   */
  dataDir?: string;
  /** Where an unreadable course file is reported; JSON lines on stdout by default. */
  logger?: Logger;
  /** Which LMS the demo behaves as (its launches' claims and gradebook rules); Moodle by default. */
  profile?: LmsProfile;
}

export const demoIssuer = (platformUrl: string) => `${platformUrl}/demo`;

/** Registers the demo platform and its deployment with the tool, as an administrator would for a real LMS. */
export async function registerDemoPlatform(
  deps: Parameters<typeof registerPlatform>[0],
  urls: DemoPlatformUrls,
): Promise<void> {
  await registerPlatform(
    deps,
    {
      issuer: demoIssuer(urls.platformUrl),
      clientId: DEMO_CLIENT_ID,
      name: 'Demo LMS',
      authUrl: `${urls.platformUrl}/demo/auth`,
      tokenUrl: `${urls.serviceUrl}/demo/token`,
      jwksUrl: `${urls.serviceUrl}/demo/jwks`,
    },
    [DEMO_DEPLOYMENT_ID],
  );
}

/** How long a one-time note ("Added 2 activities") waits to be shown. */
const NOTE_TTL_MS = 10 * 60 * 1000;

/** Forgets entries whose expiry (the map's value, or its `expiresAt`) has passed. */
function prune<V>(map: Map<string, V>, expiry: (value: V) => number, now: number): void {
  for (const [key, value] of map) if (expiry(value) <= now) map.delete(key);
}

/**
 * A small but real LTI 1.3 platform: a course page with activities (the built-in one plus those
 * the tool adds by Deep Linking), OIDC auth endpoint, JWKS, OAuth2 client-credentials token
 * endpoint (verifies the tool's signed assertion), names and roles, and a gradebook fed by AGS.
 */
export function demoPlatformRouter(options: DemoPlatformOptions): Router {
  const router = Router();
  const issuer = demoIssuer(options.platformUrl);
  const toolOrigin = new URL(options.publicUrl).origin;
  const toolKeys = createRemoteJWKSet(new URL(options.toolJwksUrl));
  const logger = options.logger ?? createLogger();
  const profile = options.profile ?? LMS_PROFILES.moodle;
  const course = openDemoCourse({ dataDir: options.dataDir ?? null, logger });
  const accessTokens = new Map<string, { scopes: string[]; expiresAt: number }>();
  const usedAssertions = new Set<string>();
  /** "Add activities" launches waiting for the tool's answer, by their `data`. */
  const pendingDeepLinks = new Map<string, { personId: string; expiresAt: number }>();
  /** Nonces of the tool's deep-linking answers, while an answer carrying one could still be accepted. */
  const usedNonces = new Map<string, number>();
  const notes = new Map<string, { text: string; expiresAt: number }>();
  const membershipsUrl = `${options.serviceUrl}/demo/nrps/${DEMO_COURSE.id}`;
  const lineItemsUrl = `${options.serviceUrl}/demo/ags/lineitems`;
  const random = () => randomBytes(24).toString('base64url');

  function grantOf(req: Request) {
    const token = /^Bearer (.+)$/.exec(req.get('authorization') ?? '')?.[1];
    const grant = token ? accessTokens.get(token) : undefined;
    return grant && grant.expiresAt > Date.now() ? grant : null;
  }

  /** The built-in activity, then the added ones: what the page lists and launches accept. */
  function courseActivities(): CourseActivity[] {
    return [
      {
        resourceLinkId: DEMO_RESOURCE_LINK.id,
        title: DEMO_RESOURCE_LINK.title,
        text: null,
        url: null,
        scoreMaximum: null,
        builtIn: true,
      },
      ...course.activities.map((activity) => ({
        resourceLinkId: activity.resourceLinkId,
        title: activity.title,
        text: activity.text,
        url: activity.url,
        scoreMaximum: activity.lineItemId
          ? (course.lineItem(activity.lineItemId)?.scoreMaximum ?? null)
          : null,
        builtIn: false,
      })),
    ];
  }

  /** The launch message for a resource link: its custom parameters and gradebook service. */
  function resourceLinkMessage(resourceLinkId: string): ResourceLinkMessage | null {
    const ags = {
      scope: [AGS_SCOPES.lineItem, AGS_SCOPES.resultReadOnly, AGS_SCOPES.score],
      lineitems: lineItemsUrl,
    };
    if (resourceLinkId === DEMO_RESOURCE_LINK.id) {
      return {
        type: 'LtiResourceLinkRequest',
        resourceLink: DEMO_RESOURCE_LINK,
        custom: { activity: 'action-step' },
        ags: { ...ags, lineitem: null },
      };
    }
    const activity = course.activity(resourceLinkId);
    if (!activity) return null;
    return {
      type: 'LtiResourceLinkRequest',
      resourceLink: { id: activity.resourceLinkId, title: activity.title },
      custom: activity.custom,
      ags: { ...ags, lineitem: activity.lineItemId ? `${lineItemsUrl}/${activity.lineItemId}` : null },
    };
  }

  function leaveNote(text: string): string {
    const id = random();
    prune(notes, (note) => note.expiresAt, Date.now());
    notes.set(id, { text, expiresAt: Date.now() + NOTE_TTL_MS });
    return id;
  }

  function sendError(res: Response, status: number, message: string): void {
    res.setHeader('Cache-Control', 'no-store');
    res.status(status).send(messagePage({ title: 'Demo LMS error', lines: [message] }));
  }

  // The security headers come first: every answer below carries them. Its stylesheet and
  // scripts are files from the web build (http/web-assets.ts), never inline.
  // Its course page frames the tool, which may be on another site (DEMO_LMS_URL).
  router.use(securityHeaders({ frameSources: [toolOrigin] }));

  // The tool's answer carries every picked activity: more than the other forms' 16 kB.
  router.post(
    '/deep-link-return',
    express.urlencoded({ extended: false, limit: '512kb' }),
    asyncRoute(async (req, res) => {
      const form = v.safeParse(DeepLinkFormSchema, req.body);
      if (!form.success) {
        sendError(res, 400, 'The tool sent no deep-linking answer (a JWT form field).');
        return;
      }
      const outcome = await readDeepLinkResponse(form.output.JWT, {
        issuer,
        toolKeys,
        claim(data, nonce) {
          const now = Date.now();
          prune(pendingDeepLinks, (pending) => pending.expiresAt, now);
          prune(usedNonces, (expiry) => expiry, now);
          const pending = pendingDeepLinks.get(data);
          if (!pending) return 'unknown-data';
          if (usedNonces.has(nonce)) return 'nonce-replayed';
          pendingDeepLinks.delete(data);
          // Older answers are refused anyway; a minute's slack covers clock skew.
          usedNonces.set(nonce, now + (MAX_ANSWER_AGE_S + 60) * 1000);
          return { requestedBy: pending.personId };
        },
      });
      if (!outcome.ok) {
        logger.info('demo LMS refused a deep-linking answer', { reason: outcome.reason });
        sendError(
          res,
          400,
          `The tool's answer was refused (${outcome.reason}), so nothing was added. Add the activities again.`,
        );
        return;
      }
      const added = await course.addActivities(outcome.activities, outcome.requestedBy);
      const parts = [
        added.length > 0 || !outcome.error
          ? `Added ${added.length} ${added.length === 1 ? 'activity' : 'activities'}.`
          : '',
        outcome.ignored > 0
          ? `${outcome.ignored} item(s) of a kind this course does not take were left out.`
          : '',
        outcome.error ? `The tool said: ${outcome.error}` : '',
        outcome.message ?? '',
      ];
      res.redirect(303, `${req.baseUrl}/?note=${leaveNote(parts.filter(Boolean).join(' '))}`);
    }),
  );

  router.use(express.urlencoded({ extended: false, limit: '16kb' }));

  router.get('/', (req, res) => {
    const platformStorage = req.query.platform_storage !== 'off';
    const noteId = typeof req.query.note === 'string' ? req.query.note : null;
    const note = noteId ? notes.get(noteId) : undefined;
    if (noteId) notes.delete(noteId);
    res.setHeader('Cache-Control', 'no-store');
    res.send(
      renderDemoPage({
        publicUrl: options.publicUrl,
        issuer,
        platformStorage,
        activities: courseActivities(),
        note: note && note.expiresAt > Date.now() ? note.text : null,
      }),
    );
  });

  router.get('/gradebook', (_req, res) => {
    const titles = new Map(course.activities.map((activity) => [activity.resourceLinkId, activity.title]));
    const columns = course.lineItems.map((item) => ({
      id: item.id,
      title: (item.resourceLinkId !== null ? titles.get(item.resourceLinkId) : undefined) ?? item.label,
      scoreMaximum: item.scoreMaximum,
    }));
    res.setHeader('Cache-Control', 'no-store');
    res.send(
      renderGradebook({
        columns,
        people: DEMO_PEOPLE.filter(isGradable),
        cell: (columnId, personId) =>
          scoreText(course.score(columnId, personId) ?? null, course.lineItem(columnId)?.scoreMaximum ?? 0),
      }),
    );
  });

  router.get('/jwks', (_req, res) => {
    res.json({ keys: [options.key.publicJwk] });
  });

  router.all(
    '/auth',
    // The form_post page posts the id_token to the tool, which may be on another site.
    securityHeaders({ frameSources: [toolOrigin], formActions: [toolOrigin] }),
    asyncRoute(async (req: Request, res) => {
      const parsed = v.safeParse(AuthRequestSchema, { ...req.query, ...req.body });
      if (!parsed.success) {
        sendError(res, 400, 'The tool sent an invalid OIDC authentication request.');
        return;
      }
      const request = parsed.output;
      const person = findDemoPerson(request.login_hint);
      if (request.redirect_uri !== `${options.publicUrl}/lti/launch` || !person) {
        sendError(res, 400, 'Unknown redirect_uri or user.');
        return;
      }
      let message: ResourceLinkMessage | DeepLinkingMessage | null;
      if (request.lti_message_hint === DEEP_LINK_HINT) {
        if (!canAddActivities(person)) {
          sendError(res, 403, 'Only the coach and the provider can add activities to this course.');
          return;
        }
        const data = random();
        prune(pendingDeepLinks, (pending) => pending.expiresAt, Date.now());
        pendingDeepLinks.set(data, { personId: person.id, expiresAt: Date.now() + DEEP_LINK_TTL_MS });
        message = {
          type: 'LtiDeepLinkingRequest',
          returnUrl: `${options.platformUrl}/demo/deep-link-return`,
          data,
        };
      } else {
        message = resourceLinkMessage(request.lti_message_hint ?? DEMO_RESOURCE_LINK.id);
      }
      if (!message) {
        sendError(res, 400, 'This activity is not in the course.');
        return;
      }
      // As a platform does: the target_link_uri its login named (loginUrl), the activity's URL
      // when the tool gave one, else the tool's launch URL.
      const activityUrl =
        message.type === 'LtiResourceLinkRequest' ? course.activity(message.resourceLink.id)?.url : null;
      const idToken = await signLaunchToken({
        key: options.key,
        profile,
        issuer,
        person,
        nonce: request.nonce,
        targetLinkUri: activityUrl ?? `${options.publicUrl}/lti/launch`,
        membershipsUrl,
        returnUrl: `${options.platformUrl}/demo`,
        message,
      });
      res.setHeader('Cache-Control', 'no-store');
      res.send(renderFormPost(request.redirect_uri, { id_token: idToken, state: request.state }));
    }),
  );

  router.post(
    '/token',
    asyncRoute(async (req, res) => {
      const parsed = v.safeParse(TokenRequestSchema, req.body);
      if (!parsed.success) {
        res.status(400).json({ error: 'invalid_request' });
        return;
      }
      try {
        const { payload } = await jwtVerify(parsed.output.client_assertion, toolKeys, {
          issuer: DEMO_CLIENT_ID,
          subject: DEMO_CLIENT_ID,
          audience: `${options.serviceUrl}/demo/token`,
          algorithms: ['RS256'],
        });
        if (!payload.jti || usedAssertions.has(payload.jti)) throw new Error('replayed assertion');
        usedAssertions.add(payload.jti);
      } catch {
        res.status(401).json({ error: 'invalid_client' });
        return;
      }
      const scopes = [...new Set(parsed.output.scope.split(' '))].filter((scope) => GRANTABLE.has(scope));
      const accessToken = random();
      prune(accessTokens, (grant) => grant.expiresAt, Date.now());
      accessTokens.set(accessToken, { scopes, expiresAt: Date.now() + 3600_000 });
      res.json({
        access_token: accessToken,
        token_type: 'Bearer',
        expires_in: 3600,
        scope: scopes.join(' '),
      });
    }),
  );

  router.use(
    '/ags',
    agsRoutes({
      course,
      lineItemsUrl,
      profile,
      hasScope: (req, scopes) => grantOf(req)?.scopes.some((scope) => scopes.includes(scope)) ?? false,
    }),
  );

  router.get(`/nrps/${DEMO_COURSE.id}`, (req, res) => {
    const grant = grantOf(req);
    if (!grant?.scopes.includes(NRPS_SCOPE)) {
      res.status(401).json({ error: 'invalid_token' });
      return;
    }
    res.type('application/vnd.ims.lti-nrps.v2.membershipcontainer+json').send(
      JSON.stringify({
        id: membershipsUrl,
        context: DEMO_COURSE,
        members: DEMO_PEOPLE.map((person) => ({
          status: 'Active',
          user_id: person.id,
          name: fullName(person),
          given_name: person.givenName,
          family_name: person.familyName,
          email: person.email,
          roles: person.roles,
        })),
      }),
    );
  });

  return router;
}
