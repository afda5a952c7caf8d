import { Router } from 'express';
import type { Database } from '../db/database.ts';
import type { GradeService } from '../grades/grade-service.ts';
import { asyncRoute } from '../server/async-route.ts';
import { authenticate, sessionWithRole } from './auth.ts';

export const FAILED_GRADES_PATH = '/api/grades/failed';

/** Coaches see scores that could not reach the LMS gradebook, so nothing fails silently. */
export function gradeRoutes(deps: { db: Database; grades: GradeService }): Router {
  const router = Router();
  router.get(
    FAILED_GRADES_PATH,
    authenticate(deps.db),
    asyncRoute(async (_req, res) => {
      const coach = sessionWithRole(res, 'coach', 'provider-admin');
      const failed = await deps.grades.failedIn(coach.contextKey);
      res.json({
        failed: failed.map((job) => ({
          userId: job.userId,
          gradingProgress: job.score.gradingProgress,
          scoreGiven: job.score.scoreGiven,
          scoreMaximum: job.score.scoreMaximum,
          attempts: job.attempts,
          error: job.lastError,
        })),
      });
    }),
  );
  return router;
}
