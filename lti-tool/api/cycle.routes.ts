import { Router, type Response } from 'express';
import * as v from 'valibot';
import { IdSchema } from '../../shared/domain/coaching/text.ts';
import { parseOrThrow } from '../../shared/domain/validation.ts';
import {
  ConversationSaveSchema,
  CYCLE_API,
  ObservationSaveSchema,
  PlanObservationSchema,
  RhythmRequestSchema,
} from '../../shared/protocol/cycle-api.ts';
import type { CycleService, SaveAnswer } from '../cycle/cycle-service.ts';
import type { AllowedFor } from '../core/policy.ts';

type Coach = AllowedFor<'cycle.coach'>;
import { asyncRoute } from '../http/async-route.ts';
import { authorize } from './auth.ts';

const TeacherIdParam = v.pipe(v.string(), v.nonEmpty(), v.maxLength(255));

/** 200 with the stored record (saved or a retry), or 409 with the version another device saved. */
function answer<Input>(res: Response, outcome: SaveAnswer<Input>): void {
  res.setHeader('Cache-Control', 'private, no-store');
  if (outcome.status === 'conflict') {
    res.status(409).json({
      error: {
        code: 'conflict',
        message:
          'Someone saved a newer version of this record from another device. Yours is kept on this page: compare, then save again.',
      },
      current: outcome.stored,
    });
    return;
  }
  res.json(outcome.stored);
}

/** The coach's weekly cycle (cycle/cycle-service.ts): parse, call the service, answer. */
export function cycleRoutes(deps: { cycle: CycleService }): Router {
  const router = Router();
  const noStore = (res: Response) => res.setHeader('Cache-Control', 'private, no-store');

  router.get(
    CYCLE_API.caseload,
    asyncRoute(async (_req, res) => {
      const caseload = await deps.cycle.caseload(authorize(res, 'cycle.coach'));
      noStore(res);
      res.json(caseload);
    }),
  );

  router.put(
    CYCLE_API.rhythm,
    asyncRoute(async (req, res) => {
      const coach = authorize(res, 'cycle.coach');
      const { rhythm } = parseOrThrow(RhythmRequestSchema, req.body, 'rhythm');
      await deps.cycle.setRhythm(coach, rhythm);
      res.json({ rhythm });
    }),
  );

  router.get(
    '/api/teachers/:teacherId/cycle',
    asyncRoute(async (req, res) => {
      const coach = authorize(res, 'cycle.coach');
      const start = await deps.cycle.start(
        coach,
        parseOrThrow(TeacherIdParam, req.params.teacherId, 'teacher'),
      );
      noStore(res);
      res.json(start);
    }),
  );

  router.put(
    '/api/teachers/:teacherId/planned-observation',
    asyncRoute(async (req, res) => {
      const coach = authorize(res, 'cycle.coach');
      const teacherId = parseOrThrow(TeacherIdParam, req.params.teacherId, 'teacher');
      const { on } = parseOrThrow(PlanObservationSchema, req.body, 'plan');
      await deps.cycle.planObservation(coach, teacherId, on);
      res.json({ on });
    }),
  );

  router.get(
    '/api/teachers/:teacherId/conversations',
    asyncRoute(async (req, res) => {
      const coach = authorize(res, 'cycle.coach');
      const teacherId = parseOrThrow(TeacherIdParam, req.params.teacherId, 'teacher');
      const conversations = await deps.cycle.conversationsWith(coach, teacherId);
      noStore(res);
      res.json({ conversations });
    }),
  );

  router.get(
    '/api/observations/:id',
    asyncRoute(async (req, res) => {
      const coach = authorize(res, 'cycle.coach');
      const observation = await deps.cycle.observation(coach, parseOrThrow(IdSchema, req.params.id, 'id'));
      noStore(res);
      res.json(observation);
    }),
  );

  /** `PUT` of a record by its client id: parse the save, hand it to the service, answer 200 or 409. */
  const saveBy = <Body extends { changeId: string; baseVersion: number; record: Input }, Input>(
    schema: v.GenericSchema<unknown, Body>,
    what: string,
    save: (
      coach: Coach,
      request: { id: string; changeId: string; baseVersion: number; input: Input },
    ) => Promise<SaveAnswer<Input>>,
  ) =>
    asyncRoute(async (req, res) => {
      const coach = authorize(res, 'cycle.coach');
      const id = parseOrThrow(IdSchema, req.params.id, 'id');
      const body = parseOrThrow(schema, req.body, what);
      answer(
        res,
        await save(coach, { id, changeId: body.changeId, baseVersion: body.baseVersion, input: body.record }),
      );
    });

  router.put(
    '/api/observations/:id',
    saveBy(ObservationSaveSchema, 'observation', deps.cycle.saveObservation),
  );
  router.put(
    '/api/conversations/:id',
    saveBy(ConversationSaveSchema, 'conversation', deps.cycle.saveConversation),
  );

  router.get(
    CYCLE_API.myConversations,
    asyncRoute(async (_req, res) => {
      const conversations = await deps.cycle.myConversations(authorize(res, 'cycle.readOwn'));
      noStore(res);
      res.json({ conversations });
    }),
  );

  return router;
}
