import { Router } from 'express';
import * as v from 'valibot';
import { parseOrThrow } from '../../shared/domain/validation.ts';
import { API } from '../../shared/protocol/api.ts';
import { CursorSchema, PushRequestSchema, type ChangeResult } from '../../shared/protocol/sync.ts';
import type { Database } from '../db/database.ts';
import { asyncRoute } from '../server/async-route.ts';
import { authenticate, principalOf } from './auth.ts';
import { authorize, can } from './policy.ts';

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
        // A batch: each change gets its own answer, so an outbox can settle every entry.
        if (!can(principal, 'steps.set')) {
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
      const reader = authorize(res, 'steps.read');
      const cursor = Number(since);
      if (reader.kind === 'device') {
        res.json(await db.steps.pull({ tenant: reader.tenant, teacherId: reader.userId }, cursor));
      } else if (reader.role === 'coach') {
        res.json(await db.steps.pull({ tenant: reader.tenant, contextKey: reader.contextKey }, cursor));
      } else {
        const all = await db.steps.pull({ tenant: reader.tenant, contextKey: reader.contextKey }, cursor);
        res.json({ ...all, steps: all.steps.filter((step) => step.teacherId === reader.userId) });
      }
    }),
  );

  return router;
}
