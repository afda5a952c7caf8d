import { randomBytes } from 'node:crypto';
import path from 'node:path';
import express, { Router, type Request } from 'express';
import { createRemoteJWKSet, jwtVerify } from 'jose';
import * as v from 'valibot';
import { asyncRoute } from '../server/async-route.ts';
import { messagePage } from '../server/html.ts';
import { securityHeaders } from '../server/security-headers.ts';
import { clientScriptRoute } from '../lti/client-script.ts';
import { registerPlatform } from '../lti/registration.ts';
import { signLaunchToken } from './id-token.ts';
import type { DemoSigningKey } from './keys.ts';
import { renderDemoPage, renderFormPost } from './page.ts';
import { DEMO_CLIENT_ID, DEMO_COURSE, DEMO_DEPLOYMENT_ID, DEMO_PEOPLE, findDemoPerson } from './people.ts';

const NRPS_SCOPE = 'https://purl.imsglobal.org/spec/lti-nrps/scope/contextmembership.readonly';

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

function demoError(status: number, message: string) {
  return {
    status,
    body: messagePage({ title: 'Demo LMS error', lines: [message] }),
  };
}

/**
 * A small but real LTI 1.3 platform: OIDC auth endpoint, JWKS, OAuth2 client-credentials
 * token endpoint (verifies the tool's signed assertion) and a names-and-roles service.
 */
export function demoPlatformRouter(options: DemoPlatformOptions): Router {
  const router = Router();
  const issuer = demoIssuer(options.platformUrl);
  const toolOrigin = new URL(options.publicUrl).origin;
  const toolKeys = createRemoteJWKSet(new URL(options.toolJwksUrl));
  const accessTokens = new Map<string, { scopes: string[]; expiresAt: number }>();
  const usedAssertions = new Set<string>();
  const membershipsUrl = `${options.serviceUrl}/demo/nrps/${DEMO_COURSE.id}`;

  router.use(express.urlencoded({ extended: false, limit: '16kb' }));
  // The demo's own pages carry a small inline stylesheet; the tool's pages do not.
  // Its course page frames the tool, which may be on another site (DEMO_LMS_URL).
  router.use(securityHeaders({ inlineStyles: true, frameSources: [toolOrigin] }));

  router.get('/', (req, res) => {
    const platformStorage = req.query.platform_storage !== 'off';
    res.send(renderDemoPage({ publicUrl: options.publicUrl, issuer, platformStorage }));
  });

  router.get(
    '/platform-storage.js',
    clientScriptRoute(path.join(import.meta.dirname, 'platform-storage-client.ts')),
  );

  router.get('/autosubmit.js', (_req, res) => {
    res.type('application/javascript').send('document.forms[0].submit();\n');
  });

  router.get('/jwks', (_req, res) => {
    res.json({ keys: [options.key.publicJwk] });
  });

  router.all(
    '/auth',
    // The form_post page posts the id_token to the tool, which may be on another site.
    securityHeaders({ inlineStyles: true, frameSources: [toolOrigin], formActions: [toolOrigin] }),
    asyncRoute(async (req: Request, res) => {
      const parsed = v.safeParse(AuthRequestSchema, { ...req.query, ...req.body });
      if (!parsed.success) {
        const error = demoError(400, 'The tool sent an invalid OIDC authentication request.');
        res.status(error.status).send(error.body);
        return;
      }
      const request = parsed.output;
      const person = findDemoPerson(request.login_hint);
      if (request.redirect_uri !== `${options.publicUrl}/lti/launch` || !person) {
        const error = demoError(400, 'Unknown redirect_uri or user.');
        res.status(error.status).send(error.body);
        return;
      }
      const idToken = await signLaunchToken({
        key: options.key,
        issuer,
        person,
        nonce: request.nonce,
        targetLinkUri: request.redirect_uri,
        membershipsUrl,
        returnUrl: `${options.platformUrl}/demo`,
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
      const scopes = parsed.output.scope.split(' ').filter((scope) => scope === NRPS_SCOPE);
      const accessToken = randomBytes(24).toString('base64url');
      accessTokens.set(accessToken, { scopes, expiresAt: Date.now() + 3600_000 });
      res.json({
        access_token: accessToken,
        token_type: 'Bearer',
        expires_in: 3600,
        scope: scopes.join(' '),
      });
    }),
  );

  router.get(`/nrps/${DEMO_COURSE.id}`, (req, res) => {
    const token = /^Bearer (.+)$/.exec(req.get('authorization') ?? '')?.[1];
    const grant = token ? accessTokens.get(token) : undefined;
    if (!grant || grant.expiresAt < Date.now() || !grant.scopes.includes(NRPS_SCOPE)) {
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
          name: `${person.givenName} ${person.familyName}`,
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
