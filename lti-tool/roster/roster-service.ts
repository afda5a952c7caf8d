import { DomainError } from '../../shared/domain/errors.ts';
import type { PageQuery } from '../../shared/protocol/paging.ts';
import type { RosterMember, RosterNotice, RosterResponse } from '../../shared/protocol/api.ts';
import type { ContextRecord, ContextStore } from '../core/contexts.ts';
import type { Logger } from '../core/logger.ts';
import { CURSORS, decodeCursor, nextOf } from '../core/page-cursor.ts';
import type { AllowedFor } from '../core/policy.ts';
import { rosterRoleFrom } from '../lti/launch/roles.ts';
import { PlatformFetchError } from '../lti/services/platform-fetch.ts';
import type { RosterSource } from './ports.ts';

/** The LMS roster changes rarely; a coach clicking around must not page through it every time. */
export const ROSTER_TTL_MS = 2 * 60 * 1000;

/** Why the coach sees only the people known here: said on the page, never another site's content. */
function rosterNotice(error: unknown): RosterNotice {
  if (error instanceof PlatformFetchError && error.refused) {
    return {
      code: 'roster-address-refused',
      message:
        "The course list was not fetched: your LMS gave an address for it that is not registered for your LMS with this tool. Showing the people who have opened this activity; ask your LMS administrator to check the tool's registration.",
    };
  }
  return {
    code: 'roster-unavailable',
    message:
      'The course list could not be fetched from your LMS just now. Showing the people who have opened this activity.',
  };
}

export interface RosterServiceDeps {
  contexts: Pick<ContextStore, 'get' | 'upsertMembers' | 'members'>;
  /** The LMS's names-and-roles service, fetched only from the platform's own origins. */
  source: RosterSource;
  logger: Logger;
}

/** A course's people: the LMS's list, refreshed at most every ROSTER_TTL_MS, and those who launched. */
export function createRosterService(deps: RosterServiceDeps) {
  const fetchedAt = new Map<string, number>();

  /** Asks the LMS for the course's list, if due, and keeps it; a notice for the coach if it could not. */
  async function refresh(context: ContextRecord): Promise<RosterNotice | undefined> {
    const last = fetchedAt.get(context.key);
    if (!context.membershipsUrl || (last !== undefined && Date.now() - last <= ROSTER_TTL_MS))
      return undefined;
    try {
      const entries = await deps.source.fetchRoster({
        issuer: context.issuer,
        clientId: context.clientId,
        membershipsUrl: context.membershipsUrl,
      });
      const members: RosterMember[] = [];
      for (const entry of entries) {
        const role = rosterRoleFrom(entry.roles);
        if (role) members.push({ userId: entry.userId, name: entry.name ?? 'Unnamed participant', role });
      }
      await deps.contexts.upsertMembers(context.key, members);
      fetchedAt.set(context.key, Date.now());
      return undefined;
    } catch (error) {
      // The LMS being unreachable, or naming an address that is not its own, must not hide the
      // people we already know; the coach is told why the list may be short.
      const notice = rosterNotice(error);
      deps.logger.error('roster fetch failed', {
        contextKey: context.key,
        issuer: context.issuer,
        clientId: context.clientId,
        notice: notice.code,
        error,
      });
      return notice;
    }
  }

  return {
    /**
     * Brings the course's list up to date from the LMS (at most every ROSTER_TTL_MS), so pages
     * built on the members (the caseload) see teachers who have not launched yet.
     */
    async refreshCourse(contextKey: string): Promise<void> {
      const context = await deps.contexts.get(contextKey);
      if (context) await refresh(context);
    },

    /** A page of the coach's course's people, by user id. */
    async page(coach: AllowedFor<'roster.read'>, query: PageQuery): Promise<RosterResponse> {
      const cursorScope = [coach.contextKey];
      const after = decodeCursor(CURSORS.roster, cursorScope, query.after);
      const context = await deps.contexts.get(coach.contextKey);
      if (!context) {
        throw new DomainError('not-found', 'This course is not known yet; open it from the LMS again.');
      }
      // Only the first page asks the LMS: the pages after it read the list that page stored.
      const notice = after === null ? await refresh(context) : undefined;
      const page = await deps.contexts.members(coach.contextKey, {
        limit: query.limit,
        afterUserId: after ? after[0] : null,
      });
      return {
        members: page.items,
        ...(notice ? { notice } : {}),
        next: nextOf(CURSORS.roster, cursorScope, page, (member) => [member.userId]),
      };
    },
  };
}
export type RosterService = ReturnType<typeof createRosterService>;
