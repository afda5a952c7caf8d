import { parseBootstrap, type Bootstrap } from '../../lti-tool/web/bootstrap.ts';

/** A minimal cookie jar: enough for ltijs's state cookie across the login → launch hop. */
export class CookieJar {
  #cookies = new Map<string, string>();

  store(response: Response): void {
    for (const header of response.headers.getSetCookie()) {
      const [pair] = header.split(';');
      const index = pair?.indexOf('=') ?? -1;
      if (!pair || index < 0) continue;
      const name = pair.slice(0, index).trim();
      const value = pair.slice(index + 1).trim();
      if (value === '' || /expires=Thu, 01 Jan 1970/i.test(header)) this.#cookies.delete(name);
      else this.#cookies.set(name, value);
    }
  }

  header(): string {
    return [...this.#cookies].map(([name, value]) => `${name}=${value}`).join('; ');
  }
}

function hiddenField(html: string, name: string): string {
  const match = new RegExp(`name="${name}" value="([^"]*)"`).exec(html);
  if (!match?.[1]) throw new Error(`no ${name} in the platform's form_post page`);
  return match[1]
    .replace(/&amp;/g, '&')
    .replace(/&quot;/g, '"')
    .replace(/&#39;/g, "'");
}

/** The bootstrap a launch page carries (our app pages have one; refusal pages do not). */
export function bootstrapIn(html: string): Bootstrap | null {
  const json = /<script type="application\/json" id="bootstrap">([^<]*)<\/script>/.exec(html)?.[1];
  return json ? parseBootstrap(json) : null;
}

export interface LaunchResult {
  status: number;
  headers: Headers;
  html: string;
  bootstrap: Bootstrap | null;
}

/**
 * Runs the whole LTI 1.3 flow as a browser would: the demo LMS's login link, the
 * tool's redirect to the platform's OIDC endpoint, the signed form_post, the launch.
 * `tamper` may rewrite the id_token before it is posted.
 */
export async function launchAs(
  baseUrl: string,
  personId: string,
  options: { tamper?: (idToken: string) => string | Promise<string> } = {},
): Promise<LaunchResult> {
  const jar = new CookieJar();
  // The Moodle-like links (cookie, no platform storage): this helper follows redirects, not postMessages.
  const demoPage = await (await fetch(`${baseUrl}/demo?platform_storage=off`)).text();
  const href = new RegExp(`href="([^"]+)"[^>]*data-person="${personId}"`).exec(demoPage)?.[1];
  if (!href) throw new Error(`no launch link for ${personId} on the demo page`);
  const login = await fetch(new URL(href.replace(/&amp;/g, '&'), baseUrl), { redirect: 'manual' });
  jar.store(login);
  const authUrl = login.headers.get('location');
  if (login.status !== 302 || !authUrl) throw new Error(`login answered ${login.status}`);
  const auth = await fetch(new URL(authUrl, baseUrl), { headers: { cookie: jar.header() } });
  const formPost = await auth.text();
  const idToken = hiddenField(formPost, 'id_token');
  const state = hiddenField(formPost, 'state');
  const launch = await fetch(`${baseUrl}/lti/launch`, {
    method: 'POST',
    redirect: 'manual',
    headers: { 'content-type': 'application/x-www-form-urlencoded', cookie: jar.header() },
    body: new URLSearchParams({ id_token: options.tamper ? await options.tamper(idToken) : idToken, state }),
  });
  const html = await launch.text();
  return {
    status: launch.status,
    headers: launch.headers,
    html,
    bootstrap: bootstrapIn(html),
  };
}
