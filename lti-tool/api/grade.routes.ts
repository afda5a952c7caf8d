import { Router } from 'express';
import { parseOrThrow } from '../../shared/domain/validation.ts';
import { API, FailedGradesQuerySchema, type FailedGradesResponse } from '../../shared/protocol/api.ts';
import type { GradeService } from '../grades/grade-service.ts';
import { asyncRoute } from '../http/async-route.ts';
import { CURSORS, decodeCursor, nextOf } from '../core/page-cursor.ts';
import { authorize } from './auth.ts';

/** Coaches see scores that could not reach the LMS gradebook, so nothing fails silently. */
export function gradeRoutes(deps: { grades: GradeService }): Router {
  const router = Router();
  router.get(
    API.failedGrades,
    asyncRoute(async (req, res) => {
      const coach = authorize(res, 'grades.readFailed');
      const query = parseOrThrow(FailedGradesQuerySchema, req.query, 'query');
      const cursorScope = [coach.contextKey];
      const after = decodeCursor(CURSORS.failedGrades, cursorScope, query.after);
      const page = await deps.grades.failedIn(coach.contextKey, {
        limit: query.limit,
        before: after ? { at: after[0], id: after[1], ties: 'id' } : null,
      });
      const body: FailedGradesResponse = {
        next: nextOf(CURSORS.failedGrades, cursorScope, page, (job) => [job.updatedAt, job.id]),
        failed: page.items.map((job) => ({
          userId: job.userId,
          gradingProgress: job.score.gradingProgress,
          scoreGiven: job.score.scoreGiven,
          scoreMaximum: job.score.scoreMaximum,
          attempts: job.attempts,
          error: job.lastError,
        })),
      };
      res.json(body);
    }),
  );
  return router;
}
