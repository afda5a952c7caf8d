import { randomUUID } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { FakePlatform } from './fake-platform.ts';

async function bodyOf(req: IncomingMessage): Promise<string> {
  let body = '';
  for await (const chunk of req) body += chunk;
  return body;
}

export interface RegistrationEndpointOptions {
  /**
   * Where the openid-configuration and the registration endpoint are served: on the platform's own
   * site (default, as Moodle and Canvas do), or on a server of their own: an impostor's.
   */
  site?: 'platform' | 'own';
  /** Edits the openid-configuration served (an impostor names someone else's issuer, its own key set). */
  configuration?: (config: Record<string, unknown>) => Record<string, unknown>;
  /** The client_id the registration answer carries; the platform's by default. */
  clientId?: string;
  /** Serve the endpoints under this path on the site (two registration flows on one site). */
  pathPrefix?: string;
}

/**
 * The platform side of LTI Dynamic Registration, as Moodle and Canvas document it.
 * Moodle: the registration token is single-use and the answer carries the deployment_id.
 * Canvas: the token must be sent as a Bearer on the openid-configuration GET too, and the
 * deployment comes later, when an admin installs the key.
 */
export class FakeRegistrationEndpoint {
  readonly requests: { method: string; path: string; authorization: string | null }[] = [];
  readonly registrationToken = `rt-${randomUUID()}`;
  received: Record<string, unknown> | null = null;
  #tokenUsed = false;
  #server: Server | null = null;
  #route: ((req: IncomingMessage, res: ServerResponse) => boolean) | null = null;
  /** The site the two endpoints are on. */
  base = '';
  /** Their paths, after the issuer's path when they are on its site (Moodle's wwwroot). */
  #prefix = '';

  private constructor(
    readonly platform: FakePlatform,
    readonly options: RegistrationEndpointOptions,
  ) {}

  static async start(
    platform: FakePlatform,
    options: RegistrationEndpointOptions = {},
  ): Promise<FakeRegistrationEndpoint> {
    const endpoint = new FakeRegistrationEndpoint(platform, options);
    endpoint.#route = (req, res) => {
      const path = new URL(req.url ?? '/', 'http://x').pathname;
      if (path !== endpoint.configPath && path !== endpoint.registrationPath) return false;
      void endpoint.#handle(req, path).then(({ status, body }) => {
        res.writeHead(status, { 'content-type': 'application/json' });
        res.end(JSON.stringify(body));
      });
      return true;
    };
    if (options.site === 'own') {
      endpoint.#server = createServer((req, res) => {
        if (!endpoint.#route!(req, res)) res.writeHead(404).end();
      });
      await new Promise<void>((resolve) => endpoint.#server!.listen(0, '127.0.0.1', resolve));
      endpoint.base = `http://127.0.0.1:${(endpoint.#server.address() as AddressInfo).port}`;
    } else {
      platform.routes.push(endpoint.#route);
      endpoint.base = platform.base;
      const issuer = new URL(platform.issuer);
      if (issuer.origin === platform.base) endpoint.#prefix = issuer.pathname.replace(/\/$/, '');
      if (options.pathPrefix) endpoint.#prefix += options.pathPrefix;
    }
    return endpoint;
  }

  get #canvas(): boolean {
    return this.platform.mode === 'canvas';
  }

  get configPath(): string {
    return `${this.#prefix}${this.#canvas ? '/api/lti/security/openid-configuration' : '/mod/lti/openid-configuration.php'}`;
  }

  get registrationPath(): string {
    return `${this.#prefix}${this.#canvas ? '/api/lti/registrations' : '/mod/lti/openid-registration.php'}`;
  }

  get configurationUrl(): string {
    return `${this.base}${this.configPath}`;
  }

  async #handle(req: IncomingMessage, path: string): Promise<{ status: number; body: unknown }> {
    const authorization = req.headers.authorization ?? null;
    this.requests.push({ method: req.method ?? '', path, authorization });
    const bearerOk = authorization === `Bearer ${this.registrationToken}`;
    if (req.method === 'GET' && path === this.configPath) {
      if (this.#canvas && !bearerOk) return { status: 401, body: { error: 'registration token required' } };
      const { registration } = this.platform;
      const config = {
        issuer: registration.issuer,
        authorization_endpoint: registration.authUrl,
        token_endpoint: registration.tokenUrl,
        jwks_uri: registration.jwksUrl,
        registration_endpoint: `${this.base}${this.registrationPath}`,
        scopes_supported: [
          'openid',
          'https://purl.imsglobal.org/spec/lti-nrps/scope/contextmembership.readonly',
          'https://purl.imsglobal.org/spec/lti-ags/scope/lineitem',
          'https://purl.imsglobal.org/spec/lti-ags/scope/score',
        ],
        'https://purl.imsglobal.org/spec/lti-platform-configuration': {
          product_family_code: this.#canvas ? 'canvas' : 'moodle',
          version: this.#canvas ? 'cloud' : '4.4',
        },
      };
      return { status: 200, body: this.options.configuration?.(config) ?? config };
    }
    if (req.method === 'POST' && path === this.registrationPath) {
      if (!bearerOk || this.#tokenUsed) return { status: 401, body: { error: 'invalid registration token' } };
      this.#tokenUsed = true;
      this.received = JSON.parse(await bodyOf(req)) as Record<string, unknown>;
      const granted = String(this.received.scope ?? '');
      return {
        status: 200,
        body: {
          ...this.received,
          client_id: this.options.clientId ?? this.platform.clientId,
          scope: granted,
          'https://purl.imsglobal.org/spec/lti-tool-configuration': {
            ...(this.received['https://purl.imsglobal.org/spec/lti-tool-configuration'] as object),
            ...(this.#canvas ? {} : { deployment_id: this.platform.deploymentId }),
          },
        },
      };
    }
    return { status: 404, body: {} };
  }

  /** What the LMS opens: the administrator's pasted URL plus the platform's own parameters. */
  startUrl(pastedUrl: string): string {
    const url = new URL(pastedUrl);
    url.searchParams.set('openid_configuration', this.configurationUrl);
    url.searchParams.set('registration_token', this.registrationToken);
    return url.toString();
  }

  async close(): Promise<void> {
    const routes = this.platform.routes;
    if (this.#route && routes.includes(this.#route)) routes.splice(routes.indexOf(this.#route), 1);
    await new Promise<void>((resolve) => (this.#server ? this.#server.close(() => resolve()) : resolve()));
  }
}
