import { Router, type RequestHandler } from 'express';
import { CheckInInputSchema, ReflectionInputSchema } from '../../shared/domain/coaching/practice.ts';
import { parseOrThrow } from '../../shared/domain/validation.ts';
import {
  PRACTICE_API,
  type CheckInResponseSchema,
  type ReflectionResponseSchema,
} from '../../shared/protocol/practice-api.ts';
import type * as v from 'valibot';
import type { PracticeService } from '../practice/practice-service.ts';
import { asyncRoute } from '../http/async-route.ts';
import type { Action, AllowedFor } from '../core/policy.ts';
import { authorize } from './auth.ts';

/**
 * A POST of one entry: 201 when it is new, 200 when this id was stored before (the stored one is
 * the answer). Who may is checked before the body is read: a refusal says nothing about the body.
 */
function recordEntry<A extends Action, Input extends v.GenericSchema, Body extends object>(
  action: A,
  schema: Input,
  what: string,
  record: (author: AllowedFor<A>, input: v.InferOutput<Input>) => Promise<Body & { created: boolean }>,
): RequestHandler {
  return asyncRoute(async (req, res) => {
    const author = authorize(res, action);
    const { created, ...body } = await record(author, parseOrThrow(schema, req.body, what));
    res.status(created ? 201 : 200).json(body);
  });
}

/** A teacher's check-ins and reflections; the id is the client's, so a repeat is the same one. */
export function journalRoutes(deps: { practice: PracticeService }): Router {
  const router = Router();
  router.post(
    PRACTICE_API.checkIns,
    recordEntry<'checkIns.write', typeof CheckInInputSchema, v.InferOutput<typeof CheckInResponseSchema>>(
      'checkIns.write',
      CheckInInputSchema,
      'check-in',
      // A paired extension checks in for its own teacher; an LTI page needs a teacher's session.
      (author, input) => deps.practice.recordCheckIn(author, input),
    ),
  );
  router.post(
    PRACTICE_API.reflections,
    recordEntry<'journal.own', typeof ReflectionInputSchema, v.InferOutput<typeof ReflectionResponseSchema>>(
      'journal.own',
      ReflectionInputSchema,
      'reflection',
      (author, input) => deps.practice.recordReflection(author, input),
    ),
  );
  return router;
}
