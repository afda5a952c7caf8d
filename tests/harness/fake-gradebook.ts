import { randomUUID } from 'node:crypto';
import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createRemoteJWKSet, jwtVerify } from 'jose';
import { judgeScore, LMS_PROFILES, type LmsProfile } from '../../lti-tool/demo-lms/lms-profiles.ts';
import type { PlatformMode } from './fake-platform.ts';

interface LineItem {
  id: string;
  scoreMaximum: number;
  label: string;
  resourceId?: string;
  resourceLinkId?: string;
}

export interface ReceivedScore {
  lineItem: string;
  userId: string;
  scoreGiven: number | null;
  scoreMaximum: number;
  gradingProgress: string;
  activityProgress: string;
  timestamp: string;
  userAgent: string | null;
}

async function bodyOf(req: IncomingMessage): Promise<string> {
  let body = '';
  for await (const chunk of req) body += chunk;
  return body;
}

/**
 * The LMS side of the LTI Advantage services (grades, and a paged roster) at Canvas-like URLs, with
 * the gradebook rules of the mode's LMS profile (lti-tool/demo-lms/lms-profiles.ts), as the demo
 * LMS applies them; plus switches a test needs (an outage, a refusal, a roster to page).
 * Also the OAuth2 token endpoint, verifying the tool's signed client assertion.
 */
export class FakeGradebook {
  readonly scores: ReceivedScore[] = [];
  /**
   * Tokens any fake gradebook of this test run issued: a platform's token service and its
   * service hosts share one authority (a test may serve the roster from another host).
   */
  static readonly #issued = new Set<string>();
  /** The access token it issues: distinctive, so a search of the tool's logs for it means something. */
  readonly accessToken = `ags-token-${randomUUID()}`;
  /** Called as each score is stored (a test stops the tool's sender mid-run with it). */
  onScore: (() => void) | null = null;
  /** The signed assertions the tool authenticated with (credentials too: never to be logged). */
  readonly clientAssertions: string[] = [];
  readonly lineItems: LineItem[] = [];
  /** Answer the next N score posts with this status (an outage, or a refusal). */
  failNext: { count: number; status: number } = { count: 0, status: 503 };
  tokenRequests = 0;
  #lastTimestamp = new Map<string, string>();
  #server: Server | null = null;
  base = '';

  get #profile(): LmsProfile {
    return LMS_PROFILES[this.mode];
  }

  private constructor(
    readonly mode: PlatformMode,
    readonly clientId: string,
    readonly toolKeysUrl: string,
    readonly knownUsers: Set<string>,
  ) {}

  static async start(options: {
    mode: PlatformMode;
    clientId: string;
    toolKeysUrl: string;
    users: string[];
  }) {
    const gradebook = new FakeGradebook(
      options.mode,
      options.clientId,
      options.toolKeysUrl,
      new Set(options.users),
    );
    gradebook.#server = createServer((req, res) => {
      void gradebook.#handle(req).then(({ status, body, type, link }) => {
        res.writeHead(status, { 'content-type': type ?? 'application/json', ...(link ? { link } : {}) });
        res.end(JSON.stringify(body));
      });
    });
    await new Promise<void>((resolve) => gradebook.#server!.listen(0, '127.0.0.1', resolve));
    gradebook.base = `http://127.0.0.1:${(gradebook.#server.address() as AddressInfo).port}`;
    return gradebook;
  }

  get tokenUrl(): string {
    return `${this.base}/token`;
  }
  get lineItemsUrl(): string {
    return `${this.base}/api/lti/courses/1/line_items`;
  }

  async #handle(
    req: IncomingMessage,
  ): Promise<{ status: number; body: unknown; type?: string; link?: string }> {
    const url = new URL(req.url ?? '/', this.base);
    if (req.method === 'POST' && url.pathname === '/token') {
      this.tokenRequests += 1;
      const form = new URLSearchParams(await bodyOf(req));
      this.clientAssertions.push(form.get('client_assertion') ?? '');
      try {
        await jwtVerify(form.get('client_assertion') ?? '', createRemoteJWKSet(new URL(this.toolKeysUrl)), {
          issuer: this.clientId,
          subject: this.clientId,
          audience: this.tokenUrl,
        });
      } catch {
        return { status: 401, body: { error: 'invalid_client' } };
      }
      FakeGradebook.#issued.add(this.accessToken);
      return {
        status: 200,
        body: {
          access_token: this.accessToken,
          token_type: 'Bearer',
          expires_in: 3600,
          scope: form.get('scope'),
        },
      };
    }
    const bearer = /^Bearer (.+)$/.exec(req.headers.authorization ?? '')?.[1];
    if (!bearer || !FakeGradebook.#issued.has(bearer))
      return { status: 401, body: { error: 'unauthorized' } };
    if (url.pathname === '/nrps' && req.method === 'GET') return this.#membership(url);
    if (this.#profile.gradebook.requiresUserAgent && !req.headers['user-agent'])
      return { status: 400, body: { error: 'User-Agent required' } };

    if (url.pathname === '/api/lti/courses/1/line_items' && req.method === 'GET') {
      const matching = this.lineItems.filter(
        (item) =>
          (!url.searchParams.get('resource_link_id') ||
            item.resourceLinkId === url.searchParams.get('resource_link_id')) &&
          (!url.searchParams.get('resource_id') || item.resourceId === url.searchParams.get('resource_id')),
      );
      return { status: 200, body: matching, type: 'application/vnd.ims.lis.v2.lineitemcontainer+json' };
    }
    if (url.pathname === '/api/lti/courses/1/line_items' && req.method === 'POST') {
      const item = JSON.parse(await bodyOf(req)) as Omit<LineItem, 'id'>;
      const created = { ...item, id: `${this.lineItemsUrl}/${this.lineItems.length + 1}` };
      this.lineItems.push(created);
      return { status: 201, body: created, type: 'application/vnd.ims.lis.v2.lineitem+json' };
    }
    const scores = /^\/api\/lti\/courses\/1\/line_items\/(\d+)\/scores$/.exec(url.pathname);
    if (scores && req.method === 'POST') {
      if (req.headers['content-type'] !== 'application/vnd.ims.lis.v1.score+json')
        return { status: 415, body: {} };
      if (this.failNext.count > 0) {
        this.failNext.count -= 1;
        return { status: this.failNext.status, body: { error: 'simulated' } };
      }
      const score = JSON.parse(await bodyOf(req)) as Omit<ReceivedScore, 'lineItem' | 'userAgent'>;
      const lineItem = `${this.lineItemsUrl}/${scores[1]}`;
      if (!this.knownUsers.has(score.userId))
        return { status: 400, body: { error: 'user is not gradable here' } };
      const key = `${lineItem}|${score.userId}`;
      const decision = judgeScore(this.#profile, score, {
        storedTimestamp: this.#lastTimestamp.get(key) ?? null,
        userAgent: req.headers['user-agent'],
      });
      if (decision.outcome === 'refused') return { status: 400, body: { error: decision.message } };
      if (decision.outcome === 'stale')
        return { status: 409, body: { error: 'timestamp not later than the stored one' } };
      this.#lastTimestamp.set(key, score.timestamp);
      this.scores.push({
        ...score,
        scoreGiven: decision.scoreGiven,
        lineItem,
        userAgent: req.headers['user-agent'] ?? null,
      });
      this.onScore?.();
      return { status: 200, body: {} };
    }
    return { status: 404, body: {} };
  }

  /** Names and Role Provisioning, two members a page with Link rel="next", as large courses page. */
  readonly roster: { user_id: string; name: string; roles: string[] }[] = [];
  nrpsRequests = 0;

  get membershipsUrl(): string {
    return `${this.base}/nrps`;
  }

  #membership(url: URL): { status: number; body: unknown; type: string; link?: string } {
    this.nrpsRequests += 1;
    const page = Number(url.searchParams.get('page') ?? '1');
    const members = this.roster
      .slice((page - 1) * 2, page * 2)
      .map((member) => ({ ...member, status: 'Active' }));
    const more = page * 2 < this.roster.length;
    return {
      status: 200,
      body: { id: this.membershipsUrl, context: { id: 'course' }, members },
      type: 'application/vnd.ims.lti-nrps.v2.membershipcontainer+json',
      ...(more ? { link: `<${this.membershipsUrl}?page=${page + 1}>; rel="next"` } : {}),
    };
  }

  async close(): Promise<void> {
    await new Promise<void>((resolve) => this.#server?.close(() => resolve()));
  }
}
