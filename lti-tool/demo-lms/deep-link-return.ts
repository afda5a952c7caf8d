import { jwtVerify, type JWTVerifyGetKey } from 'jose';
import * as v from 'valibot';
import type { NewActivity } from './course-store.ts';
import { DEMO_CLIENT_ID, DEMO_DEPLOYMENT_ID } from './people.ts';

const LTI = 'https://purl.imsglobal.org/spec/lti/claim/';
const DL = 'https://purl.imsglobal.org/spec/lti-dl/claim/';

/** How long the tool has to answer an "Add activities" launch. */
export const DEEP_LINK_TTL_MS = 60 * 60 * 1000;
/** Answers older than this are refused, so their nonces need remembering only this long (plus slack). */
export const MAX_ANSWER_AGE_S = 10 * 60;
/** More than any course page needs; a bigger answer is refused whole. */
const MAX_ITEMS = 50;

const optionalText = (max: number) => v.optional(v.pipe(v.string(), v.maxLength(max)));

const ResponseClaimsSchema = v.looseObject({
  nonce: v.pipe(v.string(), v.minLength(8), v.maxLength(255)),
  [`${LTI}message_type`]: v.literal('LtiDeepLinkingResponse'),
  [`${LTI}version`]: v.literal('1.3.0'),
  [`${LTI}deployment_id`]: v.literal(DEMO_DEPLOYMENT_ID),
  [`${DL}data`]: v.optional(v.string()),
  [`${DL}content_items`]: v.optional(v.pipe(v.array(v.unknown()), v.maxLength(MAX_ITEMS)), []),
  [`${DL}msg`]: optionalText(1000),
  [`${DL}errormsg`]: optionalText(1000),
});

const ResourceLinkItemSchema = v.looseObject({
  type: v.literal('ltiResourceLink'),
  title: optionalText(255),
  text: optionalText(4000),
  url: v.optional(v.pipe(v.string(), v.url(), v.regex(/^https?:\/\//), v.maxLength(2000))),
  custom: v.optional(v.record(v.pipe(v.string(), v.maxLength(255)), v.pipe(v.string(), v.maxLength(1000)))),
  lineItem: v.optional(
    v.looseObject({
      scoreMaximum: v.pipe(v.number(), v.gtValue(0)),
      label: optionalText(255),
      resourceId: optionalText(255),
      tag: optionalText(255),
    }),
  ),
});

export type DeepLinkRefusal =
  'not-verified' | 'bad-claims' | 'unknown-data' | 'nonce-replayed' | 'bad-content-item';

export type DeepLinkOutcome =
  | {
      ok: true;
      /** Who started "Add activities". */
      requestedBy: string;
      activities: NewActivity[];
      ignored: number;
      message: string | null;
      error: string | null;
    }
  | { ok: false; reason: DeepLinkRefusal };

export interface DeepLinkReturnDeps {
  issuer: string;
  toolKeys: JWTVerifyGetKey;
  /**
   * Answers the pending request that issued `data` and remembers the nonce, both or neither:
   * refused if the demo never issued the data (or it expired or was answered already) or if
   * the nonce was seen before. Gives who started the request.
   */
  claim(data: string, nonce: string): { requestedBy: string } | 'unknown-data' | 'nonce-replayed';
}

/**
 * Checks the tool's LtiDeepLinkingResponse as an LMS must: signed by the tool's key (RS256),
 * iss = client id, aud = this platform, unexpired, our deployment, well-formed ltiResourceLink
 * items, a fresh nonce, and our `data` echoed. An answer failing any check adds nothing.
 */
export async function readDeepLinkResponse(jwt: string, deps: DeepLinkReturnDeps): Promise<DeepLinkOutcome> {
  let payload: Record<string, unknown>;
  try {
    ({ payload } = await jwtVerify(jwt, deps.toolKeys, {
      issuer: DEMO_CLIENT_ID,
      audience: deps.issuer,
      algorithms: ['RS256'],
      requiredClaims: ['iat', 'exp', 'nonce'],
      maxTokenAge: MAX_ANSWER_AGE_S,
    }));
  } catch {
    return { ok: false, reason: 'not-verified' };
  }
  const claims = v.safeParse(ResponseClaimsSchema, payload);
  if (!claims.success) return { ok: false, reason: 'bad-claims' };
  const items: NewActivity[] = [];
  let ignored = 0;
  for (const raw of claims.output[`${DL}content_items`]) {
    if ((raw as { type?: unknown } | null)?.type !== 'ltiResourceLink') {
      ignored += 1;
      continue;
    }
    const item = v.safeParse(ResourceLinkItemSchema, raw);
    if (!item.success) return { ok: false, reason: 'bad-content-item' };
    const title = item.output.title?.trim() || 'Untitled activity';
    const lineItem = item.output.lineItem;
    items.push({
      title,
      text: item.output.text ?? null,
      url: item.output.url ?? null,
      custom: item.output.custom ?? {},
      lineItem: lineItem
        ? {
            label: lineItem.label?.trim() || title,
            scoreMaximum: lineItem.scoreMaximum,
            resourceId: lineItem.resourceId ?? null,
            tag: lineItem.tag ?? null,
          }
        : null,
    });
  }
  // Claimed last, so an answer refused for anything else leaves the request open.
  const data = claims.output[`${DL}data`];
  if (data === undefined) return { ok: false, reason: 'unknown-data' };
  const claimed = deps.claim(data, claims.output.nonce);
  if (typeof claimed === 'string') return { ok: false, reason: claimed };
  return {
    ok: true,
    requestedBy: claimed.requestedBy,
    activities: items,
    ignored,
    message: claims.output[`${DL}msg`] ?? null,
    error: claims.output[`${DL}errormsg`] ?? null,
  };
}
