import { Router, type Request } from 'express';
import * as v from 'valibot';
import { parseOrThrow } from '../../shared/domain/validation.ts';
import { IdSchema } from '../../shared/domain/coaching/text.ts';
import { defaultPeriod, PeriodChoiceSchema } from '../../shared/domain/programme/programme-period.ts';
import {
  LeaderInputSchema,
  NoteInputSchema,
  PROGRAMME_API,
  SchoolInputSchema,
} from '../../shared/protocol/programme-api.ts';
import { asyncRoute } from '../http/async-route.ts';
import type { AllowedFor } from '../core/policy.ts';
import type { ProgrammeService } from '../programme/programme-service.ts';
import { authorize } from './auth.ts';

/** An LMS user id (`sub`): any text of at most 255 characters (LTI core 1.3 §5.1.2). */
const LmsUserIdSchema = v.pipe(
  v.string(),
  v.nonEmpty('A user id is required'),
  v.maxLength(255, 'A user id has at most 255 characters'),
);

const PeriodQuerySchema = (now: Date) =>
  v.object({
    months: v.optional(PeriodChoiceSchema.entries.months, defaultPeriod(now).months),
    end: v.optional(PeriodChoiceSchema.entries.end, defaultPeriod(now).end),
  });

/**
 * The programme view, its schools and leaders, leaders' notes and the engagement export. A change
 * to schools or leaders answers with all of them as they now are.
 */
export function programmeRoutes(deps: { programme: ProgrammeService; now: () => Date }): Router {
  const { programme } = deps;
  const router = Router();
  const periodOf = (query: unknown) => parseOrThrow(PeriodQuerySchema(deps.now()), query, 'query');

  router.get(
    PROGRAMME_API.view,
    asyncRoute(async (req, res) => {
      const viewer = authorize(res, 'programme.read');
      const { view, refresh } = await programme.view(viewer, periodOf(req.query));
      // Stale figures: refreshed once this answer has gone, so it does not wait behind the work.
      if (refresh) res.once('close', refresh);
      res.setHeader('Cache-Control', 'private, no-store');
      res.json(view);
    }),
  );

  router.put(
    PROGRAMME_API.notes,
    asyncRoute(async (req, res) => {
      const viewer = authorize(res, 'programme.read');
      const input = parseOrThrow(NoteInputSchema, req.body, 'note');
      res.json({ note: await programme.saveNote(viewer, input.period, input.text) });
    }),
  );

  type Admin = AllowedFor<'programme.manage'>;
  /** A provider admin's change to schools or leaders, answered with all of them as they now are. */
  const manage = (change: (admin: Admin, req: Request) => Promise<void>) =>
    asyncRoute(async (req, res) => {
      const admin = authorize(res, 'programme.manage');
      await change(admin, req);
      res.setHeader('Cache-Control', 'private, no-store');
      res.json(await programme.schools(admin));
    });
  const schoolId = (req: Request) => parseOrThrow(IdSchema, req.params.id, 'school id');
  const leaderId = (req: Request) => parseOrThrow(LmsUserIdSchema, req.params.userId, 'user id');

  router.get(
    PROGRAMME_API.schools,
    manage(async () => {}),
  );
  router.put(
    '/api/programme/schools/:id',
    manage((admin, req) =>
      programme.putSchool(admin, schoolId(req), parseOrThrow(SchoolInputSchema, req.body, 'school')),
    ),
  );
  router.delete(
    '/api/programme/schools/:id',
    manage((admin, req) => programme.removeSchool(admin, schoolId(req))),
  );
  router.put(
    '/api/programme/leaders/:userId',
    manage((admin, req) =>
      programme.putLeader(admin, leaderId(req), parseOrThrow(LeaderInputSchema, req.body, 'leader')),
    ),
  );
  router.delete(
    '/api/programme/leaders/:userId',
    manage((admin, req) => programme.removeLeader(admin, leaderId(req))),
  );

  router.get(
    PROGRAMME_API.engagement,
    asyncRoute(async (req, res) => {
      const admin = authorize(res, 'programme.export');
      const choice = periodOf(req.query);
      const csv = await programme.engagement(admin, choice);
      res.setHeader('Cache-Control', 'private, no-store');
      res.setHeader('Content-Type', 'text/csv; charset=utf-8');
      res.setHeader(
        'Content-Disposition',
        `attachment; filename="engagement-${choice.end}-${choice.months}m.csv"`,
      );
      res.send(csv);
    }),
  );
  return router;
}
