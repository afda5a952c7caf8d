import { Router } from 'express';
import { parseOrThrow } from '../../shared/domain/validation.ts';
import {
  API,
  RosterQuerySchema,
  type CurrentStepResponse,
  type RosterResponse,
} from '../../shared/protocol/api.ts';
import { asyncRoute } from '../http/async-route.ts';
import type { RosterService } from '../roster/roster-service.ts';
import type { StepService } from '../steps/step-service.ts';
import { authorize } from './auth.ts';

/** The course roster (from the LMS's names-and-roles service) and a teacher's own step. */
export function courseRoutes(deps: { roster: RosterService; steps: StepService }): Router {
  const router = Router();

  router.get(
    API.roster,
    asyncRoute(async (req, res) => {
      const coach = authorize(res, 'roster.read');
      const query = parseOrThrow(RosterQuerySchema, req.query, 'query');
      const body: RosterResponse = await deps.roster.page(coach, query);
      res.json(body);
    }),
  );

  router.get(
    API.myStep,
    asyncRoute(async (_req, res) => {
      const body: CurrentStepResponse = { step: await deps.steps.current(authorize(res, 'steps.readOwn')) };
      res.json(body);
    }),
  );

  return router;
}
