import { randomUUID } from 'node:crypto';
import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { FakePlatform } from './fake-platform.ts';

async function bodyOf(req: IncomingMessage): Promise<string> {
  let body = '';
  for await (const chunk of req) body += chunk;
  return body;
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
  base = '';

  private constructor(readonly platform: FakePlatform) {}

  static async start(platform: FakePlatform): Promise<FakeRegistrationEndpoint> {
    const endpoint = new FakeRegistrationEndpoint(platform);
    endpoint.#server = createServer((req, res) => {
      void endpoint.#handle(req).then(({ status, body }) => {
        res.writeHead(status, { 'content-type': 'application/json' });
        res.end(JSON.stringify(body));
      });
    });
    await new Promise<void>((resolve) => endpoint.#server!.listen(0, '127.0.0.1', resolve));
    endpoint.base = `http://127.0.0.1:${(endpoint.#server.address() as AddressInfo).port}`;
    return endpoint;
  }

  async #handle(req: IncomingMessage): Promise<{ status: number; body: unknown }> {
    const authorization = req.headers.authorization ?? null;
    this.requests.push({ method: req.method ?? '', path: req.url ?? '', authorization });
    const bearerOk = authorization === `Bearer ${this.registrationToken}`;
    const canvas = this.platform.mode === 'canvas';
    if (req.method === 'GET' && req.url === '/.well-known/openid-configuration') {
      if (canvas && !bearerOk) return { status: 401, body: { error: 'registration token required' } };
      const { registration } = this.platform;
      return {
        status: 200,
        body: {
          issuer: registration.issuer,
          authorization_endpoint: registration.authUrl,
          token_endpoint: registration.tokenUrl,
          jwks_uri: registration.jwksUrl,
          registration_endpoint: `${this.base}/register`,
          scopes_supported: [
            'openid',
            'https://purl.imsglobal.org/spec/lti-nrps/scope/contextmembership.readonly',
            'https://purl.imsglobal.org/spec/lti-ags/scope/lineitem',
            'https://purl.imsglobal.org/spec/lti-ags/scope/score',
          ],
          'https://purl.imsglobal.org/spec/lti-platform-configuration': {
            product_family_code: canvas ? 'canvas' : 'moodle',
            version: canvas ? 'cloud' : '4.4',
          },
        },
      };
    }
    if (req.method === 'POST' && req.url === '/register') {
      if (!bearerOk || this.#tokenUsed) return { status: 401, body: { error: 'invalid registration token' } };
      this.#tokenUsed = true;
      this.received = JSON.parse(await bodyOf(req)) as Record<string, unknown>;
      const granted = String(this.received.scope ?? '');
      return {
        status: 200,
        body: {
          ...this.received,
          client_id: this.platform.clientId,
          scope: granted,
          'https://purl.imsglobal.org/spec/lti-tool-configuration': {
            ...(this.received['https://purl.imsglobal.org/spec/lti-tool-configuration'] as object),
            ...(canvas ? {} : { deployment_id: this.platform.deploymentId }),
          },
        },
      };
    }
    return { status: 404, body: {} };
  }

  /** What the LMS opens: the administrator's pasted URL plus the platform's own parameters. */
  startUrl(pastedUrl: string): string {
    const url = new URL(pastedUrl);
    url.searchParams.set('openid_configuration', `${this.base}/.well-known/openid-configuration`);
    url.searchParams.set('registration_token', this.registrationToken);
    return url.toString();
  }

  async close(): Promise<void> {
    await new Promise<void>((resolve) => this.#server?.close(() => resolve()));
  }
}
