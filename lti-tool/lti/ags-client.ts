import * as v from 'valibot';
import type { ResourceLinkRecord } from '../db/repositories/resource-links.ts';
import { LTI_SCOPES } from './dynamic-registration.ts';

const LINE_ITEM = 'application/vnd.ims.lis.v2.lineitem+json';
const LINE_ITEMS = 'application/vnd.ims.lis.v2.lineitemcontainer+json';
const SCORE = 'application/vnd.ims.lis.v1.score+json';

/** Canvas rejects AGS calls without one; it also helps LMS admins see who calls. */
export const USER_AGENT = 'action-step-coaching-lti/0.1 (+https://github.com/)';

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
  ) {
    super(message);
  }
}

export interface AgsClientDeps {
  accessToken(platform: { issuer: string; clientId: string }, scopes: readonly string[]): Promise<string>;
  fetch?: typeof fetch;
}

/** `…/lineitems/7?type=x` + `/scores` → `…/lineitems/7/scores?type=x`, as the spec requires. */
export function scoresUrl(lineItemUrl: string): string {
  const url = new URL(lineItemUrl);
  url.pathname = `${url.pathname.replace(/\/$/, '')}/scores`;
  return url.toString();
}

/** Assignment and Grade Services calls with the headers Moodle and Canvas expect. */
export function createAgsClient(deps: AgsClientDeps) {
  const doFetch = deps.fetch ?? globalThis.fetch.bind(globalThis);

  async function call(
    link: ResourceLinkRecord,
    scope: string,
    url: string,
    init: RequestInit & { accept: string },
  ) {
    let token: string;
    try {
      token = await deps.accessToken(link, [scope]);
    } catch (error) {
      throw new AgsError(`No access token from the platform: ${(error as Error).message}`, true);
    }
    let response: Response;
    try {
      response = await doFetch(url, {
        ...init,
        headers: {
          ...(init.headers as Record<string, string>),
          Accept: init.accept,
          Authorization: `Bearer ${token}`,
          'User-Agent': USER_AGENT,
        },
        signal: AbortSignal.timeout(15_000),
      });
    } catch (error) {
      throw new AgsError(`The platform could not be reached: ${(error as Error).message}`, true);
    }
    if (!response.ok) {
      const detail = (await response.text()).slice(0, 300);
      const retriable = response.status >= 500 || response.status === 429 || response.status === 408;
      throw new AgsError(`The platform answered ${response.status}${detail ? `: ${detail}` : ''}`, retriable);
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
        await (
          await call(link, LTI_SCOPES.lineItem, query.toString(), { method: 'GET', accept: LINE_ITEMS })
        ).json(),
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
      const item = v.safeParse(LineItemSchema, await created.json());
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
