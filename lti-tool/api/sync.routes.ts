import { Router } from 'express';
import * as v from 'valibot';
import { DomainError } from '../../shared/domain/errors.ts';
import { parseOrThrow } from '../../shared/domain/validation.ts';
import { API } from '../../shared/protocol/api.ts';
import { CursorSchema, PushRequestSchema, type ChangeResult } from '../../shared/protocol/sync.ts';
import type { Database } from '../db/database.ts';
import { asyncRoute } from '../server/async-route.ts';
import { authenticate, principalOf } from './auth.ts';

const PullQuerySchema = v.object({ since: v.optional(CursorSchema, '0') });

/** Push applies changes in order, idempotently; pull returns what the caller may see since a cursor. */
export function syncRoutes(db: Database): Router {
  const router = Router();
  router.use([API.syncPush, API.syncPull], authenticate(db));

  router.post(
    API.syncPush,
    asyncRoute(async (req, res) => {
      const { changes } = parseOrThrow(PushRequestSchema, req.body, 'sync push');
      const principal = principalOf(res);
      const results: ChangeResult[] = [];
      for (const change of changes) {
        if (
          principal.kind !== 'session' ||
          (principal.role !== 'coach' && principal.role !== 'provider-admin')
        ) {
          results.push({
            changeId: change.id,
            status: 'rejected',
            message: 'Only a coach can set an action step.',
          });
          continue;
        }
        if (!(await db.contexts.isTeacherIn(principal.contextKey, change.teacherId))) {
          results.push({
            changeId: change.id,
            status: 'rejected',
            message: 'That teacher is not in this course.',
          });
          continue;
        }
        results.push(await db.steps.applySetStep(change, principal));
      }
      res.json({ results });
    }),
  );

  router.get(
    API.syncPull,
    asyncRoute(async (req, res) => {
      const { since } = parseOrThrow(PullQuerySchema, req.query, 'sync cursor');
      const principal = principalOf(res);
      const cursor = Number(since);
      if (principal.kind === 'device') {
        res.json(await db.steps.pull({ tenant: principal.tenant, teacherId: principal.userId }, cursor));
      } else if (principal.role === 'coach' || principal.role === 'provider-admin') {
        res.json(await db.steps.pull({ tenant: principal.tenant, contextKey: principal.contextKey }, cursor));
      } else if (principal.role === 'teacher') {
        const all = await db.steps.pull(
          { tenant: principal.tenant, contextKey: principal.contextKey },
          cursor,
        );
        res.json({ ...all, steps: all.steps.filter((step) => step.teacherId === principal.userId) });
      } else {
        throw new DomainError('forbidden', 'Your role in this course does not allow this.');
      }
    }),
  );

  return router;
}
