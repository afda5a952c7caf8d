import { Router } from 'express';
import { API, type FailedGradesResponse } from '../../shared/protocol/api.ts';
import type { Database } from '../db/database.ts';
import type { GradeService } from '../grades/grade-service.ts';
import { asyncRoute } from '../server/async-route.ts';
import { authenticate } from './auth.ts';
import { authorize } from './policy.ts';

/** Coaches see scores that could not reach the LMS gradebook, so nothing fails silently. */
export function gradeRoutes(deps: { db: Database; grades: GradeService }): Router {
  const router = Router();
  router.get(
    API.failedGrades,
    authenticate(deps.db),
    asyncRoute(async (_req, res) => {
      const coach = authorize(res, 'grades.readFailed');
      const failed = await deps.grades.failedIn(coach.contextKey);
      const body: FailedGradesResponse = {
        failed: failed.map((job) => ({
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
