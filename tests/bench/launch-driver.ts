/**
 * One LTI 1.3 launch as a browser and the fake platform make it, for any tool:
 * GET the tool's login → the tool redirects to the platform's auth URL with state and nonce →
 * the platform (FakePlatform, in this process) signs an id_token for that nonce → POST it to
 * the redirect_uri → follow the tool's own redirects (ltijs sends `?ltik=…`) with cookies →
 * the first app page. FakePlatform.launch assumes our paths; this takes them as parameters.
 * Uses node:http with a keep-alive agent: cheaper for the driver than fetch on a 2-core machine.
 */
import { Agent, request, type IncomingHttpHeaders } from 'node:http';
import { SignJWT } from 'jose';
import type { FakePlatform } from '../harness/fake-platform.ts';

const LTI = 'https://purl.imsglobal.org/spec/lti/claim/';

export interface ToolRoutes {
  /** Where the platform sends the third-party-initiated login. */
  loginPath: string;
  /** The target_link_uri (and redirect_uri) the platform launches. */
  launchPath: string;
  /** True when a 200 body is the tool's app page (not an error page). */
  isAppPage(html: string): boolean;
}

interface HttpResponse {
  status: number;
  headers: IncomingHttpHeaders;
  body: string;
}

function send(
  agent: Agent,
  method: 'GET' | 'POST',
  url: URL,
  headers: Record<string, string>,
  body?: string,
) {
  return new Promise<HttpResponse>((resolve, reject) => {
    const req = request(
      url,
      {
        agent,
        method,
        headers: body === undefined ? headers : { ...headers, 'content-length': Buffer.byteLength(body) },
      },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (chunk: Buffer) => chunks.push(chunk));
        res.on('end', () =>
          resolve({
            status: res.statusCode ?? 0,
            headers: res.headers,
            body: Buffer.concat(chunks).toString(),
          }),
        );
        res.on('error', reject);
      },
    );
    req.setTimeout(30_000, () => req.destroy(new Error(`${method} ${url.pathname} timed out`)));
    req.on('error', reject);
    req.end(body);
  });
}

/** Enough of a cookie jar for one launch: name=value pairs, deletions honoured. */
class Jar {
  #cookies = new Map<string, string>();

  store(headers: IncomingHttpHeaders): void {
    for (const line of headers['set-cookie'] ?? []) {
      const pair = line.split(';', 1)[0]!;
      const index = pair.indexOf('=');
      if (index <= 0) continue;
      const name = pair.slice(0, index).trim();
      const value = pair.slice(index + 1).trim();
      if (value === '' || /expires=Thu, 01 Jan 1970/i.test(line)) this.#cookies.delete(name);
      else this.#cookies.set(name, value);
    }
  }

  header(): Record<string, string> {
    return this.#cookies.size ? { cookie: [...this.#cookies].map(([n, v]) => `${n}=${v}`).join('; ') } : {};
  }
}

export class LaunchFailure extends Error {
  override name = 'LaunchFailure';
}

const brief = (body: string) =>
  body
    .replace(/<[^>]+>/g, ' ')
    .replace(/\s+/g, ' ')
    .trim()
    .slice(0, 160);

export interface LaunchDriver {
  /** Runs one whole launch; throws LaunchFailure when it does not end on the app page. */
  launch(userId: string): Promise<void>;
  close(): void;
}

export function launchDriver(platform: FakePlatform, origin: string, routes: ToolRoutes): LaunchDriver {
  const agent = new Agent({ keepAlive: true, maxSockets: Infinity });
  const targetLinkUri = `${origin}${routes.launchPath}`;

  return {
    async launch(userId) {
      const jar = new Jar();
      const login = new URL(routes.loginPath, origin);
      login.search = new URLSearchParams({
        iss: platform.issuer,
        login_hint: userId,
        target_link_uri: targetLinkUri,
        lti_message_hint: 'hint',
        client_id: platform.clientId,
        lti_deployment_id: platform.deploymentId,
      }).toString();
      const loginResponse = await send(agent, 'GET', login, {});
      if (loginResponse.status !== 302 || !loginResponse.headers.location) {
        throw new LaunchFailure(`login answered ${loginResponse.status}: ${brief(loginResponse.body)}`);
      }
      jar.store(loginResponse.headers);
      const auth = new URL(loginResponse.headers.location, login);
      const nonce = auth.searchParams.get('nonce');
      const state = auth.searchParams.get('state');
      const redirectUri = auth.searchParams.get('redirect_uri');
      if (!nonce || !state || !redirectUri)
        throw new LaunchFailure(`auth redirect lacks nonce/state: ${auth}`);

      const claims = platform.claimsFor(userId, nonce);
      claims[`${LTI}target_link_uri`] = targetLinkUri;
      const key = platform.currentKey;
      const idToken = await new SignJWT(claims)
        .setProtectedHeader({ alg: 'RS256', kid: key.kid, typ: 'JWT' })
        .setIssuedAt()
        .setExpirationTime('5m')
        .sign(key.privateKey);

      let url = new URL(redirectUri);
      let response = await send(
        agent,
        'POST',
        url,
        { 'content-type': 'application/x-www-form-urlencoded', ...jar.header() },
        new URLSearchParams({ id_token: idToken, state }).toString(),
      );
      // The tool's own redirects after the launch POST (ltijs: to `/?ltik=…`), as a browser follows them.
      for (let hop = 0; hop < 3 && response.status >= 300 && response.status < 400; hop += 1) {
        jar.store(response.headers);
        if (!response.headers.location) break;
        url = new URL(response.headers.location, url);
        if (url.origin !== origin)
          throw new LaunchFailure(`launch redirected off the tool, to ${url.origin}`);
        response = await send(agent, 'GET', url, jar.header());
      }
      if (response.status !== 200 || !routes.isAppPage(response.body)) {
        throw new LaunchFailure(`${url.pathname} answered ${response.status}: ${brief(response.body)}`);
      }
    },
    close() {
      agent.destroy();
    },
  };
}
