import { Router } from 'express';
import { API, type CoachFeedbackResponse } from '../../shared/protocol/api.ts';
import { asyncRoute } from '../http/async-route.ts';
import type { PracticeService } from '../practice/practice-service.ts';
import { authorize } from './auth.ts';

/**
 * The paired extension's "recent feedback from your coach": the device's own teacher's reviewed
 * rounds across their courses in that institution, newest first. Only a device may ask (a page
 * session has the practice pages); it is the teacher's own data, which they see in the LMS too.
 */
export function extensionFeedbackRoutes(deps: { practice: PracticeService }): Router {
  const router = Router();

  router.get(
    API.extensionFeedback,
    asyncRoute(async (_req, res) => {
      const body: CoachFeedbackResponse = await deps.practice.recentFeedback(
        authorize(res, 'feedback.readOwn'),
      );
      res.setHeader('Cache-Control', 'private, no-store');
      res.json(body);
    }),
  );

  return router;
}
