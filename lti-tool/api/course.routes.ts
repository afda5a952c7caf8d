import { Router } from 'express';
import { DomainError } from '../../shared/domain/errors.ts';
import { API, type RosterMember } from '../../shared/protocol/api.ts';
import type { Database } from '../db/database.ts';
import type { LtiProvider } from '../lti/provider.ts';
import { rosterRoleFrom } from '../lti/roles.ts';
import { asyncRoute } from '../server/async-route.ts';
import type { Logger } from '../server/logger.ts';
import { authenticate } from './auth.ts';
import { authorize } from './policy.ts';

export const ROSTER_TTL_MS = 2 * 60 * 1000;

/** The course roster (from the LMS's names-and-roles service) and a teacher's own step. */
export function courseRoutes(deps: { db: Database; lti: LtiProvider; logger: Logger }): Router {
  const { db } = deps;
  // The LMS roster changes rarely; a coach clicking around must not page through it every time.
  const rosterFetchedAt = new Map<string, number>();
  const router = Router();
  router.use([API.roster, API.myStep], authenticate(db));

  router.get(
    API.roster,
    asyncRoute(async (_req, res) => {
      const coach = authorize(res, 'roster.read');
      const context = await db.contexts.get(coach.contextKey);
      if (!context)
        throw new DomainError('not-found', 'This course is not known yet; open it from the LMS again.');
      const fetchedAt = rosterFetchedAt.get(coach.contextKey);
      if (context.membershipsUrl && (fetchedAt === undefined || Date.now() - fetchedAt > ROSTER_TTL_MS)) {
        try {
          const entries = await deps.lti.fetchRoster({
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
          // The LMS being unreachable must not hide the people we already know.
          deps.logger.error('roster fetch failed', { contextKey: coach.contextKey, error });
        }
      }
      res.json({ members: await db.contexts.members(coach.contextKey) });
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
