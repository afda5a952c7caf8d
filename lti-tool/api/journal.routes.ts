import { Router, type RequestHandler, type Response } from 'express';
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
import { authenticate, device, principalOf, sessionWithRole } from './auth.ts';

/**
 * A POST of one entry: 201 when it is new, 200 when this id was stored before
 * (the stored one is the answer).
 */
function recordEntry<Input extends v.GenericSchema, Body extends object>(
  db: Database,
  schema: Input,
  what: string,
  record: (res: Response, input: v.InferOutput<Input>) => Promise<Body & { created: boolean }>,
): RequestHandler[] {
  return [
    authenticate(db),
    asyncRoute(async (req, res) => {
      const { created, ...body } = await record(res, parseOrThrow(schema, req.body, what));
      res.status(created ? 201 : 200).json(body);
    }),
  ];
}

/** A teacher's check-ins and reflections; the id is the client's, so a repeat is the same one. */
export function journalRoutes(deps: { db: Database; practice: PracticeService }): Router {
  const router = Router();
  router.post(
    PRACTICE_API.checkIns,
    ...recordEntry<typeof CheckInInputSchema, v.InferOutput<typeof CheckInResponseSchema>>(
      deps.db,
      CheckInInputSchema,
      'check-in',
      // A paired extension checks in for its own teacher; an LTI page needs a teacher's session.
      (res, input) =>
        principalOf(res).kind === 'device'
          ? deps.practice.recordDeviceCheckIn(device(res), input)
          : deps.practice.recordCheckIn(sessionWithRole(res, 'teacher'), input),
    ),
  );
  router.post(
    PRACTICE_API.reflections,
    ...recordEntry<typeof ReflectionInputSchema, v.InferOutput<typeof ReflectionResponseSchema>>(
      deps.db,
      ReflectionInputSchema,
      'reflection',
      (res, input) => deps.practice.recordReflection(sessionWithRole(res, 'teacher'), input),
    ),
  );
  return router;
}
