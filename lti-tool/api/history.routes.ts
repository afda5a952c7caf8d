import { Router, type Request } from 'express';
import * as v from 'valibot';
import { parseOrThrow } from '../../shared/domain/validation.ts';
import {
  HistoryQuerySchema,
  PRACTICE_API,
  type HistoryResponse,
} from '../../shared/protocol/practice-api.ts';
import type { AllowedFor } from '../core/policy.ts';
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
  /** The viewer's history of `userId`, a page. */
  const historyPage = (whose: (viewer: AllowedFor<'history.read'>, req: Request) => string) =>
    asyncRoute(async (req, res) => {
      const viewer = authorize(res, 'history.read');
      const history = deps.practice.historyOf(viewer, whose(viewer, req));
      const body: HistoryResponse = await history.page(parseOrThrow(HistoryQuerySchema, req.query, 'query'));
      res.setHeader('Cache-Control', 'private, no-store');
      res.json(body);
    });
  router.get(
    '/api/trainees/:userId/history',
    historyPage((_viewer, req) => parseOrThrow(UserIdSchema, req.params.userId, 'user id')),
  );
  // The teacher's own, without knowing their LMS id (their page's timeline of steps).
  router.get(
    PRACTICE_API.myHistory,
    historyPage((viewer) => viewer.userId),
  );
  return router;
}
