import * as v from 'valibot';
import type { PlatformRecord } from '../platforms/platform-store.ts';
import type { ResourceLinkRecord } from '../../core/resource-links.ts';
import { AccessTokenError, type AccessTokens } from './access-tokens.ts';
import { LTI_SCOPES } from './scopes.ts';
import { PlatformFetchError, type PlatformHttp, type PlatformResponse } from './platform-fetch.ts';

const LINE_ITEM = 'application/vnd.ims.lis.v2.lineitem+json';
const LINE_ITEMS = 'application/vnd.ims.lis.v2.lineitemcontainer+json';
const SCORE = 'application/vnd.ims.lis.v1.score+json';

const LineItemSchema = v.looseObject({ id: v.pipe(v.string(), v.url()), resourceId: v.optional(v.string()) });

export interface AgsScore {
  userId: string;
  scoreGiven?: number;
  scoreMaximum: number;
  activityProgress: string;
  gradingProgress: string;
  timestamp: string;
  comment?: string;
}

export class AgsError extends Error {
  override name = 'AgsError';
  constructor(
    message: string,
    readonly retriable: boolean,
    /** The platform's HTTP status, when it answered. */
    readonly status: number | null = null,
  ) {
    super(message);
  }
}

export interface AgsClientDeps {
  /** Every call, with its URL checked against the platform's registered origins (and a User-Agent). */
  http: Pick<PlatformHttp, 'request' | 'check'>;
  tokens: Pick<AccessTokens, 'token'>;
  platforms: { find(issuer: string, clientId: string): Promise<PlatformRecord | null> };
}

/** What a refused or failed platform call means for a grade job. */
function agsErrorOf(error: unknown, what: string): AgsError {
  if (error instanceof PlatformFetchError) {
    return error.refused
      ? new AgsError(`The tool does not send grades to this address: ${error.message}`, false)
      : new AgsError(`The platform could not be reached: ${error.message}`, true);
  }
  if (error instanceof AccessTokenError) return new AgsError(`${what}: ${error.message}`, error.retriable);
  return new AgsError(`${what}: ${(error as Error).message}`, true);
}

function jsonOf(response: PlatformResponse): unknown {
  try {
    return JSON.parse(response.text);
  } catch {
    return undefined;
  }
}

/** `…/lineitems/7?type=x` + `/scores` → `…/lineitems/7/scores?type=x`, as the spec requires. */
export function scoresUrl(lineItemUrl: string): string {
  const url = new URL(lineItemUrl);
  url.pathname = `${url.pathname.replace(/\/$/, '')}/scores`;
  return url.toString();
}

/** Assignment and Grade Services calls with the headers Moodle and Canvas expect. */
export function createAgsClient(deps: AgsClientDeps) {
  async function call(
    link: ResourceLinkRecord,
    scope: string,
    url: string,
    init: { method: 'GET' | 'POST'; accept: string; headers?: Record<string, string>; body?: string },
  ): Promise<PlatformResponse> {
    const platform = await deps.platforms.find(link.issuer, link.clientId);
    if (!platform) throw new AgsError('The platform of this activity is no longer registered.', false);
    try {
      // Before a token is even asked for: an address off the platform's origins is never called.
      deps.http.check(url, { platform, purpose: 'ags' });
    } catch (error) {
      throw agsErrorOf(error, 'Refused');
    }
    let token: string;
    try {
      token = await deps.tokens.token(platform, [scope]);
    } catch (error) {
      throw agsErrorOf(error, 'No access token from the platform');
    }
    let response: PlatformResponse;
    try {
      response = await deps.http.request(url, {
        method: init.method,
        body: init.body,
        platform,
        purpose: 'ags',
        headers: { ...init.headers, Accept: init.accept, Authorization: `Bearer ${token}` },
        timeoutMs: 15_000,
      });
    } catch (error) {
      throw agsErrorOf(error, 'The platform could not be reached');
    }
    if (!response.ok) {
      const detail = response.text.slice(0, 300);
      const retriable = response.status >= 500 || response.status === 429 || response.status === 408;
      throw new AgsError(
        `The platform answered ${response.status}${detail ? `: ${detail}` : ''}`,
        retriable,
        response.status,
      );
    }
    return response;
  }

  return {
    /** The link's line item: the one the platform named, else ours by resourceId, else a new one. */
    async lineItemFor(
      link: ResourceLinkRecord,
      activity: { id: string; title: string; scoreMaximum: number },
    ): Promise<string> {
      if (link.lineItemUrl) return link.lineItemUrl;
      if (!link.lineItemsUrl || !link.agsScopes.includes(LTI_SCOPES.lineItem)) {
        throw new AgsError('The platform offers no gradebook column for this activity.', false);
      }
      const query = new URL(link.lineItemsUrl);
      query.searchParams.set('resource_link_id', link.resourceLinkId);
      query.searchParams.set('resource_id', activity.id);
      const found = v.safeParse(
        v.array(LineItemSchema),
        jsonOf(
          await call(link, LTI_SCOPES.lineItem, query.toString(), { method: 'GET', accept: LINE_ITEMS }),
        ),
      );
      const existing = found.success
        ? found.output.find((item) => item.resourceId === activity.id)
        : undefined;
      if (existing) return existing.id;
      const created = await call(link, LTI_SCOPES.lineItem, link.lineItemsUrl, {
        method: 'POST',
        accept: LINE_ITEM,
        headers: { 'Content-Type': LINE_ITEM },
        body: JSON.stringify({
          scoreMaximum: activity.scoreMaximum,
          label: activity.title,
          resourceId: activity.id,
          resourceLinkId: link.resourceLinkId,
        }),
      });
      const item = v.safeParse(LineItemSchema, jsonOf(created));
      if (!item.success) throw new AgsError('The platform created a line item without an id.', false);
      return item.output.id;
    },

    async postScore(link: ResourceLinkRecord, lineItemUrl: string, score: AgsScore): Promise<void> {
      await call(link, LTI_SCOPES.score, scoresUrl(lineItemUrl), {
        method: 'POST',
        accept: 'application/json',
        headers: { 'Content-Type': SCORE },
        body: JSON.stringify(score),
      });
    },
  };
}
export type AgsClient = ReturnType<typeof createAgsClient>;
