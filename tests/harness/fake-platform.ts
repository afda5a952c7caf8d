import { randomUUID } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { SignJWT, type JWTPayload } from 'jose';
import { newSigningKey, type DemoSigningKey } from '../../lti-tool/demo-lms/keys.ts';
import {
  COURSE_ROLES,
  LMS_PROFILES,
  OPENEDX_ROLES,
  personClaims,
  type LmsName,
} from '../../lti-tool/demo-lms/lms-profiles.ts';
import type { Bootstrap } from '../../lti-tool/web/bootstrap.ts';
import { bootstrapIn, CookieJar } from './lti-launch.ts';

const LTI = 'https://purl.imsglobal.org/spec/lti/claim/';
export { OPENEDX_ROLES };
export const ROLES = {
  instructor: COURSE_ROLES.instructor,
  learner: COURSE_ROLES.learner,
  mentor: COURSE_ROLES.mentor,
  admin: 'http://purl.imsglobal.org/vocab/lis/v2/institution/person#Administrator',
};

/** The course and block ids Open edX uses as context and resource link ids. */
export const OPENEDX_COURSE = 'course-v1:FakeX+ECT101+2026';
export const openEdxBlock = (hex: string) => `block-v1:FakeX+ECT101+2026+type@lti_consumer+block@${hex}`;

export type PlatformMode = LmsName;
type SigningKey = DemoSigningKey;

export interface LaunchOutcome {
  status: number;
  headers: Headers;
  html: string;
  /** The reference code on a refusal page, e.g. `nonce-replayed`. */
  reason: string | null;
  bootstrap: Bootstrap | null;
}

export interface LaunchOptions {
  /** Edit the claims the platform would send. */
  claims?: (claims: JWTPayload) => JWTPayload;
  /** Edit the JWT header (alg, kid) before signing. */
  header?: (header: { alg: string; kid?: string; typ: string }) => { alg: string; kid?: string; typ: string };
  /** Replace the signed token entirely (for "not a JWT", alg none, HS256…). */
  rawToken?: (signed: string, context: { nonce: string; claims: JWTPayload }) => string | Promise<string>;
  /** Post this state instead of the one the login issued. */
  state?: (issued: string) => string;
  /** Drop cookies, as a browser blocking third-party cookies does. */
  blockCookies?: boolean;
  userId?: string;
  deploymentId?: string;
  /** Sign with this key instead of the current one. */
  signWith?: SigningKey;
}

/**
 * The demo LMS's profiles of Moodle, Canvas and Open edX (lti-tool/demo-lms/lms-profiles.ts) as a
 * platform a test drives: its own key set (which can go down or rotate), and launches whose every
 * claim a test can bend.
 */
export class FakePlatform {
  jwksFetches = 0;
  jwksDown = false;
  #keys: SigningKey[] = [];
  #server: Server | null = null;
  issuer = '';
  readonly clientId: string;
  readonly deploymentId: string;

  private constructor(
    readonly mode: PlatformMode,
    readonly name: string,
  ) {
    this.clientId =
      mode === 'canvas'
        ? `1000000000${Math.floor(Math.random() * 90000 + 10000)}`
        : mode === 'openedx'
          ? randomUUID()
          : randomUUID().slice(0, 15);
    this.deploymentId =
      mode === 'canvas' ? `${Math.floor(Math.random() * 900 + 100)}:${randomUUID().replace(/-/g, '')}` : '1';
  }

  static async start(mode: PlatformMode, name: string = mode): Promise<FakePlatform> {
    const platform = new FakePlatform(mode, name);
    platform.#keys = [await newSigningKey()];
    platform.#server = createServer((req, res) => {
      if (req.url === '/jwks') {
        platform.jwksFetches += 1;
        if (platform.jwksDown) {
          res.writeHead(503).end();
          return;
        }
        res.writeHead(200, { 'content-type': 'application/json' });
        res.end(JSON.stringify({ keys: platform.#keys.map((key) => key.publicJwk) }));
        return;
      }
      if (platform.routes.some((route) => route(req, res))) return;
      res.writeHead(404).end();
    });
    await new Promise<void>((resolve) => platform.#server!.listen(0, '127.0.0.1', resolve));
    const base = `http://127.0.0.1:${(platform.#server.address() as AddressInfo).port}`;
    // Every Canvas cloud school shares one issuer; Moodle's and Open edX's issuer is the site URL.
    platform.issuer = mode === 'canvas' ? 'https://canvas.instructure.com' : `${base}/${mode}`;
    platform.base = base;
    return platform;
  }

  base = '';

  /** More of the platform's own site (its dynamic registration): each answers true if it took the request. */
  readonly routes: ((req: IncomingMessage, res: ServerResponse) => boolean)[] = [];

  get registration() {
    return {
      issuer: this.issuer,
      clientId: this.clientId,
      name: `Fake ${this.name}`,
      authUrl: `${this.base}/auth`,
      tokenUrl: `${this.base}/token`,
      jwksUrl: `${this.base}/jwks`,
    };
  }

  get currentKey(): SigningKey {
    return this.#keys.at(-1)!;
  }

  /** Publishes a new key beside the old one and signs with it from now on. */
  async rotateKey(options: { dropOld?: boolean } = {}): Promise<void> {
    const fresh = await newSigningKey();
    this.#keys = options.dropOld ? [fresh] : [...this.#keys, fresh];
  }

  async otherKey(): Promise<SigningKey> {
    return newSigningKey();
  }

  /** The claims this platform sends for a resource-link launch, as its LMS profile shapes them. */
  claimsFor(userId: string, nonce: string, deploymentId = this.deploymentId): JWTPayload {
    const profile = LMS_PROFILES[this.mode];
    const learner = userId.startsWith('learner');
    const person = {
      id: userId,
      name: learner ? 'Lee Learner' : 'Ida Instructor',
      givenName: learner ? 'Lee' : 'Ida',
      familyName: learner ? 'Learner' : 'Instructor',
      email: `${userId}@school.example`,
      courseRoles: [learner ? ROLES.learner : ROLES.instructor],
    };
    const openEdx = this.mode === 'openedx';
    return {
      iss: this.issuer,
      aud: this.clientId,
      nonce,
      ...personClaims(profile, person),
      [`${LTI}message_type`]: 'LtiResourceLinkRequest',
      [`${LTI}version`]: '1.3.0',
      [`${LTI}deployment_id`]: deploymentId,
      [`${LTI}target_link_uri`]: '',
      // Open edX's context is the course key, its resource link the block's usage key.
      [`${LTI}context`]: openEdx
        ? {
            id: OPENEDX_COURSE,
            type: ['http://purl.imsglobal.org/vocab/lis/v2/course#CourseOffering'],
            title: 'Early career teachers - FakeX',
            label: OPENEDX_COURSE,
          }
        : { id: `${this.name}-course-1`, label: 'ECT1', title: 'Early career teachers' },
      [`${LTI}resource_link`]: openEdx
        ? { id: openEdxBlock('31de800015cf4afb973356dbe81496df') }
        : { id: `${this.name}-link-1`, title: 'Action step' },
      ...profile.platformClaims({
        clientId: this.clientId,
        person,
        returnUrl: `${this.base}/mod/lti/return.php`,
        documentTarget: 'iframe',
      }),
    };
  }

  /** The whole flow: third-party-initiated login at the tool, the tool's redirect, a signed form_post. */
  async launch(toolUrl: string, options: LaunchOptions = {}): Promise<LaunchOutcome> {
    const jar = new CookieJar();
    const userId = options.userId ?? 'instructor-1';
    const login = new URL(`${toolUrl}/lti/login`);
    login.search = new URLSearchParams({
      iss: this.issuer,
      login_hint: userId,
      target_link_uri: `${toolUrl}/lti/launch`,
      lti_message_hint: 'hint',
      client_id: this.clientId,
      lti_deployment_id: options.deploymentId ?? this.deploymentId,
    }).toString();
    const loginResponse = await fetch(login, { redirect: 'manual' });
    if (loginResponse.status !== 302) return this.#outcome(loginResponse);
    if (!options.blockCookies) jar.store(loginResponse);
    const auth = new URL(loginResponse.headers.get('location')!);
    const nonce = auth.searchParams.get('nonce')!;
    const state = auth.searchParams.get('state')!;
    let claims = this.claimsFor(userId, nonce, options.deploymentId);
    claims[`${LTI}target_link_uri`] = `${toolUrl}/lti/launch`;
    if (options.claims) claims = options.claims(claims);
    const key = options.signWith ?? this.currentKey;
    const header = options.header?.({ alg: 'RS256', kid: key.kid, typ: 'JWT' }) ?? {
      alg: 'RS256',
      kid: key.kid,
      typ: 'JWT',
    };
    const jwt = new SignJWT(claims).setProtectedHeader(header as { alg: string });
    if (claims.iat === undefined && !('iat' in claims)) jwt.setIssuedAt();
    if (claims.exp === undefined && !('exp' in claims)) jwt.setExpirationTime('5m');
    let idToken = await jwt.sign(key.privateKey);
    if (options.rawToken) idToken = await options.rawToken(idToken, { nonce, claims });
    const response = await fetch(`${toolUrl}/lti/launch`, {
      method: 'POST',
      redirect: 'manual',
      headers: { 'content-type': 'application/x-www-form-urlencoded', cookie: jar.header() },
      body: new URLSearchParams({ id_token: idToken, state: options.state?.(state) ?? state }),
    });
    return this.#outcome(response);
  }

  async #outcome(response: Response): Promise<LaunchOutcome> {
    const html = await response.text();
    return {
      status: response.status,
      headers: response.headers,
      html,
      reason: /Reference: <code>([a-z-]+)<\/code>/.exec(html)?.[1] ?? null,
      bootstrap: bootstrapIn(html),
    };
  }

  async close(): Promise<void> {
    await new Promise<void>((resolve) => this.#server?.close(() => resolve()));
  }
}
