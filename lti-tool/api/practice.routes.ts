import { Router } from 'express';
import * as v from 'valibot';
import { FeedbackInputSchema, RoundSubmissionSchema } from '../../shared/domain/coaching/practice.ts';
import { IdSchema } from '../../shared/domain/coaching/text.ts';
import { parseOrThrow } from '../../shared/domain/validation.ts';
import {
  PRACTICE_API,
  PracticeCheckInsQuerySchema,
  PracticeReflectionsQuerySchema,
  PracticeRoundsQuerySchema,
  ReviewQueueQuerySchema,
  type PracticeResponse,
  type ReviewQueueResponse,
} from '../../shared/protocol/practice-api.ts';
import type { PracticeList, PracticeService } from '../practice/practice-service.ts';
import { asyncRoute } from '../http/async-route.ts';
import { authorize } from './auth.ts';

export const LinkKeySchema = v.pipe(v.string(), v.regex(/^[A-Za-z0-9_-]{8,64}$/, 'linkKey is not valid'));

/** A trainee's practice on one module activity, and the coach's review queue and feedback. */
export function practiceRoutes(deps: { practice: PracticeService }): Router {
  const { practice } = deps;
  const router = Router();

  router.post(
    PRACTICE_API.rounds,
    asyncRoute(async (req, res) => {
      const teacher = authorize(res, 'practice.own');
      const submission = parseOrThrow(RoundSubmissionSchema, req.body, 'round');
      const { round, created } = await practice.submitRound(teacher, submission);
      res.status(created ? 201 : 200).json({ round });
    }),
  );

  router.post(
    `${PRACTICE_API.rounds}/:id/feedback`,
    asyncRoute(async (req, res) => {
      const coach = authorize(res, 'practice.review');
      const id = parseOrThrow(IdSchema, req.params.id, 'round id');
      const feedback = parseOrThrow(FeedbackInputSchema, req.body, 'feedback');
      res.status(201).json({ round: await practice.giveFeedback(coach, id, feedback) });
    }),
  );

  router.get(
    '/api/practice/:linkKey',
    asyncRoute(async (req, res) => {
      const teacher = authorize(res, 'practice.own');
      const linkKey = parseOrThrow(LinkKeySchema, req.params.linkKey, 'linkKey');
      const body: PracticeResponse = await practice.practice(teacher, linkKey);
      res.setHeader('Cache-Control', 'private, no-store');
      res.json(body);
    }),
  );

  // Further pages of the practice response's lists: GET /api/practice/:linkKey/rounds|check-ins|reflections.
  const pages: [
    string,
    PracticeList,
    v.GenericSchema<unknown, { limit: number; after?: string | undefined }>,
  ][] = [
    ['rounds', 'rounds', PracticeRoundsQuerySchema],
    ['check-ins', 'checkIns', PracticeCheckInsQuerySchema],
    ['reflections', 'reflections', PracticeReflectionsQuerySchema],
  ];
  for (const [segment, list, querySchema] of pages) {
    router.get(
      `/api/practice/:linkKey/${segment}`,
      asyncRoute(async (req, res) => {
        const teacher = authorize(res, 'practice.own');
        const linkKey = parseOrThrow(LinkKeySchema, req.params.linkKey, 'linkKey');
        const query = parseOrThrow(querySchema, req.query, 'query');
        const body = await practice.practicePage(teacher, linkKey, list, query);
        res.setHeader('Cache-Control', 'private, no-store');
        res.json(body);
      }),
    );
  }

  router.get(
    PRACTICE_API.reviewQueue,
    asyncRoute(async (req, res) => {
      const coach = authorize(res, 'practice.review');
      const query = parseOrThrow(ReviewQueueQuerySchema, req.query, 'query');
      const body: ReviewQueueResponse = await practice.reviewQueue(coach, query);
      res.setHeader('Cache-Control', 'private, no-store');
      res.json(body);
    }),
  );

  return router;
}
