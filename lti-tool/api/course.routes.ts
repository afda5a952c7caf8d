import { Router } from 'express';
import { DomainError } from '../../shared/domain/errors.ts';
import { parseOrThrow } from '../../shared/domain/validation.ts';
import {
  API,
  RosterQuerySchema,
  type RosterMember,
  type RosterNotice,
  type RosterResponse,
} from '../../shared/protocol/api.ts';
import type { Database } from '../db/database.ts';
import type { NamesRoles } from '../lti/services/names-roles.ts';
import { PlatformFetchError } from '../lti/services/platform-fetch.ts';
import { rosterRoleFrom } from '../lti/launch/roles.ts';
import { asyncRoute } from '../http/async-route.ts';
import type { Logger } from '../core/logger.ts';
import { CURSORS, decodeCursor, nextOf } from '../core/page-cursor.ts';
import { authorize } from './auth.ts';

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

/** The course roster (from the LMS's names-and-roles service) and a teacher's own step. */
export function courseRoutes(deps: {
  db: Database;
  roster: Pick<NamesRoles, 'fetchRoster'>;
  logger: Logger;
}): Router {
  const { db } = deps;
  // The LMS roster changes rarely; a coach clicking around must not page through it every time.
  const rosterFetchedAt = new Map<string, number>();
  const router = Router();

  router.get(
    API.roster,
    asyncRoute(async (req, res) => {
      const coach = authorize(res, 'roster.read');
      const query = parseOrThrow(RosterQuerySchema, req.query, 'query');
      const cursorScope = [coach.contextKey];
      const after = decodeCursor(CURSORS.roster, cursorScope, query.after);
      const context = await db.contexts.get(coach.contextKey);
      if (!context)
        throw new DomainError('not-found', 'This course is not known yet; open it from the LMS again.');
      const fetchedAt = rosterFetchedAt.get(coach.contextKey);
      let notice: RosterNotice | undefined;
      // Only the first page asks the LMS: the pages after it read the list that page stored.
      if (
        after === null &&
        context.membershipsUrl &&
        (fetchedAt === undefined || Date.now() - fetchedAt > ROSTER_TTL_MS)
      ) {
        try {
          const entries = await deps.roster.fetchRoster({
            issuer: context.issuer,
            clientId: context.clientId,
            membershipsUrl: context.membershipsUrl,
          });
          const members: RosterMember[] = [];
          for (const entry of entries) {
            const role = rosterRoleFrom(entry.roles);
            if (role) members.push({ userId: entry.userId, name: entry.name ?? 'Unnamed participant', role });
          }
          await db.contexts.upsertMembers(coach.contextKey, members);
          rosterFetchedAt.set(coach.contextKey, Date.now());
        } catch (error) {
          // The LMS being unreachable, or naming an address that is not its own, must not hide the
          // people we already know; the coach is told why the list may be short.
          notice = rosterNotice(error);
          deps.logger.error('roster fetch failed', {
            contextKey: coach.contextKey,
            issuer: context.issuer,
            clientId: context.clientId,
            notice: notice.code,
            error,
          });
        }
      }
      const page = await db.contexts.members(coach.contextKey, {
        limit: query.limit,
        afterUserId: after ? after[0] : null,
      });
      const body: RosterResponse = {
        members: page.items,
        ...(notice ? { notice } : {}),
        next: nextOf(CURSORS.roster, cursorScope, page, (member) => [member.userId]),
      };
      res.json(body);
    }),
  );

  router.get(
    API.myStep,
    asyncRoute(async (_req, res) => {
      const teacher = authorize(res, 'steps.readOwn');
      const step = await db.steps.current({
        tenant: teacher.tenant,
        contextKey: teacher.contextKey,
        teacherId: teacher.userId,
      });
      res.json({ step });
    }),
  );

  return router;
}
