import { Router } from 'express';
import * as v from 'valibot';
import { DomainError } from '../../shared/domain/errors.ts';
import { parseOrThrow } from '../../shared/domain/validation.ts';
import { HistoryQuerySchema, type HistoryResponse } from '../../shared/protocol/practice-api.ts';
import type { PracticeService } from '../practice/practice-service.ts';
import { asyncRoute } from '../http/async-route.ts';
import { authorize } from './auth.ts';

const UserIdSchema = v.pipe(v.string(), v.nonEmpty(), v.maxLength(255));

/**
 * A trainee's history, a page at a time (newest first): for the trainee and the coach of their
 * course only. Providers and leaders see counts (provider.routes.ts), never what a teacher and
 * their coach wrote.
 */
export function historyRoutes(deps: { practice: PracticeService }): Router {
  const router = Router();
  router.get(
    '/api/trainees/:userId/history',
    asyncRoute(async (req, res) => {
      const viewer = authorize(res, 'history.read');
      const userId = parseOrThrow(UserIdSchema, req.params.userId, 'user id');
      if (viewer.role === 'teacher' && viewer.userId !== userId) {
        throw new DomainError('forbidden', "A teacher's history is private to them and their coach.");
      }
      const query = parseOrThrow(HistoryQuerySchema, req.query, 'query');
      const body: HistoryResponse = await deps.practice.history(viewer, userId, query);
      res.setHeader('Cache-Control', 'private, no-store');
      res.json(body);
    }),
  );
  return router;
}
