import { Router } from 'express';
import {
  API,
  MAX_RECENT_FEEDBACK,
  type CoachFeedbackItem,
  type CoachFeedbackResponse,
} from '../../shared/protocol/api.ts';
import type { Database } from '../db/database.ts';
import type { ModuleCatalogue } from '../practice/module-catalogue.ts';
import { asyncRoute } from '../http/async-route.ts';
import { authorize } from './auth.ts';

/**
 * The paired extension's "recent feedback from your coach": the device's own teacher's reviewed
 * rounds across their courses in that institution, newest first. Only a device may ask (a page
 * session has the practice pages); it is the teacher's own data, which they see in the LMS too.
 */
export function extensionFeedbackRoutes(deps: { db: Database; modules: ModuleCatalogue }): Router {
  const router = Router();

  router.get(
    API.extensionFeedback,
    asyncRoute(async (_req, res) => {
      const principal = authorize(res, 'feedback.readOwn');
      const rounds = await deps.db.rounds.recentFeedback(
        { tenant: principal.tenant, traineeId: principal.userId },
        MAX_RECENT_FEEDBACK,
      );
      const moduleOf = deps.modules.cachedFinder(principal.tenant);
      const feedback = await Promise.all(
        rounds.map(async (round): Promise<CoachFeedbackItem | null> => {
          if (!round.feedback) return null;
          const module = await moduleOf(round.moduleId);
          return {
            roundId: round.id,
            moduleTitle: module?.title ?? round.moduleId,
            roundNumber: round.roundNumber,
            praise: round.feedback.praise,
            probe: round.feedback.probe,
            nextStep: round.feedback.nextStep,
            criteria: round.feedback.criteria,
            successCriteria: module ? [...module.actionStep.successCriteria] : [],
            givenAt: round.feedback.givenAt,
          };
        }),
      );
      const body: CoachFeedbackResponse = {
        feedback: feedback.filter((item): item is CoachFeedbackItem => item !== null),
      };
      res.setHeader('Cache-Control', 'private, no-store');
      res.json(body);
    }),
  );

  return router;
}
