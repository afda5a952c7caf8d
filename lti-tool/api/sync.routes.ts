import type { Metrics } from '../ops/metrics.ts';
import { Router } from 'express';
import { parseOrThrow } from '../../shared/domain/validation.ts';
import { API } from '../../shared/protocol/api.ts';
import {
  PullQuerySchema,
  PushRequestSchema,
  type PullResponse,
  type PushResponse,
} from '../../shared/protocol/sync.ts';
import { asyncRoute } from '../http/async-route.ts';
import type { StepService } from '../steps/step-service.ts';
import { authorize, principalOf } from './auth.ts';

/** Push applies changes in order, idempotently; pull returns what the caller may see since a cursor. */
export function syncRoutes(deps: {
  steps: StepService;
  metrics: Pick<Metrics, 'syncPull' | 'syncChanges'>;
}): Router {
  const router = Router();

  router.post(
    API.syncPush,
    asyncRoute(async (req, res) => {
      const { changes } = parseOrThrow(PushRequestSchema, req.body, 'sync push');
      // A batch: who may is answered per change (steps/step-service.ts), never as a 403.
      const body: PushResponse = { results: await deps.steps.push(principalOf(res), changes) };
      deps.metrics.syncChanges(body.results);
      res.json(body);
    }),
  );

  router.get(
    API.syncPull,
    asyncRoute(async (req, res) => {
      const { since, limit } = parseOrThrow(PullQuerySchema, req.query, 'sync query');
      const reader = authorize(res, 'steps.read');
      // A page of what this reader may see; `more` tells the client to pull again at once.
      const body: PullResponse = await deps.steps.pull(reader, Number(since), limit);
      deps.metrics.syncPull();
      res.json(body);
    }),
  );

  return router;
}
