import { Router } from 'express';
import { parseOrThrow } from '../../shared/domain/validation.ts';
import {
  PRACTICE_API,
  ProviderActivityQuerySchema,
  type ProviderActivityResponse,
} from '../../shared/protocol/practice-api.ts';
import type { PracticeService } from '../practice/practice-service.ts';
import { asyncRoute } from '../http/async-route.ts';
import { authorize } from './auth.ts';

/** How an institution's modules are used: counts only, never what anyone wrote. */
export function providerRoutes(deps: { practice: PracticeService }): Router {
  const router = Router();
  router.get(
    PRACTICE_API.providerActivity,
    asyncRoute(async (req, res) => {
      const provider = authorize(res, 'modules.activity');
      const body: ProviderActivityResponse = await deps.practice.providerActivity(
        provider,
        parseOrThrow(ProviderActivityQuerySchema, req.query, 'query'),
      );
      res.setHeader('Cache-Control', 'private, no-store');
      res.json(body);
    }),
  );
  return router;
}
