import { Router } from 'express';
import { CheckInInputSchema, ReflectionInputSchema } from '../../shared/domain/coaching/practice.ts';
import { parseOrThrow } from '../../shared/domain/validation.ts';
import {
  PRACTICE_API,
  type CheckInResponseSchema,
  type ReflectionResponseSchema,
} from '../../shared/protocol/practice-api.ts';
import type * as v from 'valibot';
import type { Database } from '../db/database.ts';
import type { PracticeService } from '../practice/practice-service.ts';
import { asyncRoute } from '../server/async-route.ts';
import { authenticate, sessionWithRole } from './auth.ts';

/** A teacher's check-ins and reflections; the id is the client's, so a repeat is the same one. */
export function journalRoutes(deps: { db: Database; practice: PracticeService }): Router {
  const router = Router();
  router.post(
    PRACTICE_API.checkIns,
    authenticate(deps.db),
    asyncRoute(async (req, res) => {
      const teacher = sessionWithRole(res, 'teacher');
      const input = parseOrThrow(CheckInInputSchema, req.body, 'check-in');
      const { checkIn, created } = await deps.practice.recordCheckIn(teacher, input);
      const body: v.InferOutput<typeof CheckInResponseSchema> = { checkIn };
      res.status(created ? 201 : 200).json(body);
    }),
  );
  router.post(
    PRACTICE_API.reflections,
    authenticate(deps.db),
    asyncRoute(async (req, res) => {
      const teacher = sessionWithRole(res, 'teacher');
      const input = parseOrThrow(ReflectionInputSchema, req.body, 'reflection');
      const { reflection, created } = await deps.practice.recordReflection(teacher, input);
      const body: v.InferOutput<typeof ReflectionResponseSchema> = { reflection };
      res.status(created ? 201 : 200).json(body);
    }),
  );
  return router;
}
