import { Router } from 'express';
import * as v from 'valibot';
import { parseOrThrow } from '../../shared/domain/validation.ts';
import { HistoryQuerySchema, type HistoryResponse } from '../../shared/protocol/practice-api.ts';
import type { PracticeService } from '../practice/practice-service.ts';
import { asyncRoute } from '../http/async-route.ts';
import { authorize } from './auth.ts';

const UserIdSchema = v.pipe(v.string(), v.nonEmpty(), v.maxLength(255));

/**
 * A trainee's history, a page at a time (newest first): for the trainee and the coach of their
 * course only (PracticeService.historyOf). Providers and leaders see counts (provider.routes.ts),
 * never what a teacher and their coach wrote.
 */
export function historyRoutes(deps: { practice: PracticeService }): Router {
  const router = Router();
  router.get(
    '/api/trainees/:userId/history',
    asyncRoute(async (req, res) => {
      const viewer = authorize(res, 'history.read');
      const history = deps.practice.historyOf(
        viewer,
        parseOrThrow(UserIdSchema, req.params.userId, 'user id'),
      );
      const body: HistoryResponse = await history.page(parseOrThrow(HistoryQuerySchema, req.query, 'query'));
      res.setHeader('Cache-Control', 'private, no-store');
      res.json(body);
    }),
  );
  return router;
}
