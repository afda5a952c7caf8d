import * as v from 'valibot';
import type { PlatformRecord } from '../platforms/platform-store.ts';
import type { AccessTokens } from './access-tokens.ts';
import { LTI_SCOPES } from './scopes.ts';
import type { PlatformHttp } from './platform-fetch.ts';

const MEMBERSHIP_CONTAINER = 'application/vnd.ims.lti-nrps.v2.membershipcontainer+json';
/** A course of thousands in pages of 50 or 100; beyond this the roster is cut off, not looped. */
export const MAX_ROSTER_PAGES = 50;

const MembershipSchema = v.looseObject({
  members: v.array(
    v.looseObject({
      user_id: v.string(),
      name: v.optional(v.nullable(v.string())),
      given_name: v.optional(v.nullable(v.string())),
      family_name: v.optional(v.nullable(v.string())),
      roles: v.optional(v.array(v.string()), []),
      status: v.optional(v.string(), 'Active'),
    }),
  ),
});

export interface RosterEntry {
  userId: string;
  name: string | null;
  roles: string[];
}

/** The platform answered its names-and-roles call with something other than a membership page. */
export class RosterError extends Error {
  override name = 'RosterError';
}

/** The `rel="next"` target of a Link header, resolved against the page it came with. */
export function nextPageOf(link: string | null, current: string): string | null {
  if (!link) return null;
  for (const match of link.matchAll(/<([^>]*)>([^<]*)/g)) {
    const rel = /;\s*rel\s*=\s*"?([^";,]+)"?/i.exec(match[2] ?? '')?.[1];
    if (rel?.toLowerCase().split(/\s+/).includes('next') && URL.canParse(match[1]!, current)) {
      return new URL(match[1]!, current).toString();
    }
  }
  return null;
}

export interface NamesRolesDeps {
  http: Pick<PlatformHttp, 'request' | 'check'>;
  tokens: Pick<AccessTokens, 'token'>;
  platforms: { find(issuer: string, clientId: string): Promise<PlatformRecord | null> };
}

/**
 * Names and Role Provisioning Service 2.0, ours (ltijs 5.9.9 called any URL a launch named):
 * every page, the first and each `Link: rel="next"`, must be on the platform's registered
 * origins; the URL is checked before a token is even asked for.
 */
export function createNamesRoles(deps: NamesRolesDeps) {
  return {
    async fetchRoster(source: {
      issuer: string;
      clientId: string;
      membershipsUrl: string;
    }): Promise<RosterEntry[]> {
      const platform = await deps.platforms.find(source.issuer, source.clientId);
      if (!platform) throw new RosterError('The platform of this course is no longer registered.');
      deps.http.check(source.membershipsUrl, { platform, purpose: 'nrps' });
      const token = await deps.tokens.token(platform, [LTI_SCOPES.nrps]);
      const members: v.InferOutput<typeof MembershipSchema>['members'] = [];
      const seen = new Set<string>();
      let url: string | null = source.membershipsUrl;
      while (url && !seen.has(url) && seen.size < MAX_ROSTER_PAGES) {
        seen.add(url);
        const response = await deps.http.request(url, {
          platform,
          purpose: 'nrps',
          headers: { Accept: MEMBERSHIP_CONTAINER, Authorization: `Bearer ${token}` },
          maxBytes: 10 * 1024 * 1024,
        });
        if (!response.ok) throw new RosterError(`The platform's roster service answered ${response.status}.`);
        let json: unknown;
        try {
          json = JSON.parse(response.text);
        } catch {
          throw new RosterError("The platform's roster service did not answer JSON.");
        }
        const page = v.safeParse(MembershipSchema, json);
        if (!page.success) throw new RosterError("The platform's roster service sent no membership list.");
        members.push(...page.output.members);
        url = nextPageOf(response.headers.get('link'), url);
      }
      return members
        .filter((member) => member.status === 'Active')
        .map((member) => ({
          userId: member.user_id,
          name:
            member.name?.trim() ||
            [member.given_name, member.family_name].filter(Boolean).join(' ').trim() ||
            null,
          roles: member.roles,
        }));
    },
  };
}
export type NamesRoles = ReturnType<typeof createNamesRoles>;
