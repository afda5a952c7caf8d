import { Router } from 'express';
import { parseOrThrow } from '../../shared/domain/validation.ts';
import { API } from '../../shared/protocol/api.ts';
import {
  PullQuerySchema,
  PushRequestSchema,
  type ChangeResult,
  type PullResponse,
} from '../../shared/protocol/sync.ts';
import type { Database } from '../db/database.ts';
import { asyncRoute } from '../http/async-route.ts';
import { can } from '../core/policy.ts';
import { authorize, principalOf } from './auth.ts';

/** Push applies changes in order, idempotently; pull returns what the caller may see since a cursor. */
export function syncRoutes(db: Database): Router {
  const router = Router();

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
      const { since, limit } = parseOrThrow(PullQuerySchema, req.query, 'sync query');
      const reader = authorize(res, 'steps.read');
      const cursor = Number(since);
      // A page of what this reader may see; `more` tells the client to pull again at once.
      const scope =
        reader.kind === 'device'
          ? { tenant: reader.tenant, teacherId: reader.userId }
          : reader.role === 'coach'
            ? { tenant: reader.tenant, contextKey: reader.contextKey }
            : { tenant: reader.tenant, contextKey: reader.contextKey, teacherId: reader.userId };
      const body: PullResponse = await db.steps.pull(scope, cursor, limit);
      res.json(body);
    }),
  );

  return router;
}
