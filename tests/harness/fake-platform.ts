import { randomUUID } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { exportJWK, generateKeyPair, SignJWT, type JWTPayload } from 'jose';
import type { Bootstrap } from '../../lti-tool/web/bootstrap.ts';
import { bootstrapIn, CookieJar } from './lti-launch.ts';

const LTI = 'https://purl.imsglobal.org/spec/lti/claim/';
const LIS = 'http://purl.imsglobal.org/vocab/lis/v2/membership#';
export const ROLES = {
  instructor: `${LIS}Instructor`,
  learner: `${LIS}Learner`,
  mentor: `${LIS}Mentor`,
  admin: 'http://purl.imsglobal.org/vocab/lis/v2/institution/person#Administrator',
};

const SYSTEM = 'http://purl.imsglobal.org/vocab/lis/v2/system/person#';
const INSTITUTION = 'http://purl.imsglobal.org/vocab/lis/v2/institution/person#';
/** Open edX sends a course role with neutral system and institution roles (xblock-lti-consumer LTI_1P3_ROLE_MAP). */
const OPENEDX_NEUTRAL = [`${SYSTEM}None`, `${INSTITUTION}None`];
export const OPENEDX_ROLES = {
  student: [...OPENEDX_NEUTRAL, `${LIS}Learner`],
  staff: [...OPENEDX_NEUTRAL, `${LIS}Instructor`],
  /** The course "Admin" (Open edX's `instructor` role). */
  courseAdmin: [...OPENEDX_NEUTRAL, `${LIS}Administrator`, `${LIS}Instructor`],
  /** Django global staff: instance-admin style roles. */
  globalStaff: [
    `${SYSTEM}Administrator`,
    `${INSTITUTION}Administrator`,
    `${INSTITUTION}Staff`,
    `${INSTITUTION}Faculty`,
    `${INSTITUTION}Instructor`,
    `${LIS}Administrator`,
    `${LIS}Instructor`,
  ],
};

/** The course and block ids Open edX uses as context and resource link ids. */
export const OPENEDX_COURSE = 'course-v1:FakeX+ECT101+2026';
export const openEdxBlock = (hex: string) => `block-v1:FakeX+ECT101+2026+type@lti_consumer+block@${hex}`;

export type PlatformMode = 'moodle' | 'canvas' | 'openedx';

interface SigningKey {
  kid: string;
  privateKey: CryptoKey;
  publicJwk: Record<string, unknown>;
}

async function newKey(): Promise<SigningKey> {
  const { privateKey, publicKey } = await generateKeyPair('RS256', { extractable: true });
  const kid = randomUUID();
  return { kid, privateKey, publicJwk: { ...(await exportJWK(publicKey)), kid, alg: 'RS256', use: 'sig' } };
}

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
 * An in-process LTI 1.3 platform modelled on Moodle's, Canvas's and Open edX's documented launches:
 * its own key set (which can go down or rotate), and launches whose every claim a test can bend.
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
    platform.#keys = [await newKey()];
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
    const fresh = await newKey();
    this.#keys = options.dropOld ? [fresh] : [...this.#keys, fresh];
  }

  async otherKey(): Promise<SigningKey> {
    return newKey();
  }

  /** The claims this platform sends for a resource-link launch. */
  claimsFor(userId: string, nonce: string, deploymentId = this.deploymentId): JWTPayload {
    const roles = userId.startsWith('learner') ? [ROLES.learner] : [ROLES.instructor];
    const common: JWTPayload = {
      iss: this.issuer,
      aud: this.clientId,
      sub: userId,
      nonce,
      name: userId.startsWith('learner') ? 'Lee Learner' : 'Ida Instructor',
      given_name: userId.startsWith('learner') ? 'Lee' : 'Ida',
      family_name: userId.startsWith('learner') ? 'Learner' : 'Instructor',
      email: `${userId}@school.example`,
      [`${LTI}message_type`]: 'LtiResourceLinkRequest',
      [`${LTI}version`]: '1.3.0',
      [`${LTI}deployment_id`]: deploymentId,
      [`${LTI}target_link_uri`]: '',
      [`${LTI}roles`]: roles,
      [`${LTI}context`]: { id: `${this.name}-course-1`, label: 'ECT1', title: 'Early career teachers' },
      [`${LTI}resource_link`]: { id: `${this.name}-link-1`, title: 'Action step' },
    };
    if (this.mode === 'openedx') return this.#openEdxClaims(userId, nonce, deploymentId);
    if (this.mode === 'canvas') {
      return {
        ...common,
        azp: this.clientId,
        locale: 'en-GB',
        [`${LTI}tool_platform`]: { guid: 'canvas-guid', name: 'Canvas', product_family_code: 'canvas' },
        [`${LTI}lti1p1`]: { user_id: 'legacy-id' },
        [`${LTI}custom`]: { canvas_course_id: '42' },
        'https://www.instructure.com/placement': 'course_navigation',
      };
    }
    return {
      ...common,
      [`${LTI}tool_platform`]: {
        guid: 'moodle.school.example',
        name: 'Moodle',
        product_family_code: 'moodle',
      },
      [`${LTI}ext`]: { user_username: userId, lms: 'moodle-2' },
      [`${LTI}launch_presentation`]: {
        locale: 'en',
        document_target: 'iframe',
        return_url: `${this.base}/mod/lti/return.php`,
      },
    };
  }

  /**
   * Open edX (xblock-lti-consumer `LtiAdvantageConsumer.get_lti_launch_message`): name and email
   * only when the block shares them, the course key as context id and label, the block's usage
   * key as resource_link.id (one for every item a block holds), no given or family name.
   */
  #openEdxClaims(userId: string, nonce: string, deploymentId: string): JWTPayload {
    const learner = userId.startsWith('learner');
    return {
      iss: this.issuer,
      aud: this.clientId,
      azp: this.clientId,
      sub: userId,
      nonce,
      name: learner ? 'Lee Learner' : 'Ida Instructor',
      email: `${userId}@school.example`,
      [`${LTI}message_type`]: 'LtiResourceLinkRequest',
      [`${LTI}version`]: '1.3.0',
      [`${LTI}deployment_id`]: deploymentId,
      [`${LTI}target_link_uri`]: '',
      [`${LTI}roles`]: learner ? OPENEDX_ROLES.student : OPENEDX_ROLES.staff,
      [`${LTI}resource_link`]: { id: openEdxBlock('31de800015cf4afb973356dbe81496df') },
      [`${LTI}context`]: {
        id: OPENEDX_COURSE,
        type: ['http://purl.imsglobal.org/vocab/lis/v2/course#CourseOffering'],
        title: 'Early career teachers - FakeX',
        label: OPENEDX_COURSE,
      },
      [`${LTI}launch_presentation`]: { document_target: 'iframe' },
      [`${LTI}tool_platform`]: { guid: 'c7a5b2bb-3c5e-5e1f-9a43-4d3a4f0b6f10', name: 'Open edX' },
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
