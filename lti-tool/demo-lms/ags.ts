import express, { Router, type Request, type Response } from 'express';
import * as v from 'valibot';
import { asyncRoute } from '../http/async-route.ts';
import type { DemoCourse, DemoLineItem } from './course-store.ts';
import { judgeScore, type LmsProfile } from './lms-profiles.ts';
import { DEMO_RESOURCE_LINK, findDemoPerson, isGradable } from './people.ts';

const SCOPE = 'https://purl.imsglobal.org/spec/lti-ags/scope/';
export const AGS_SCOPES = {
  lineItem: `${SCOPE}lineitem`,
  lineItemReadOnly: `${SCOPE}lineitem.readonly`,
  score: `${SCOPE}score`,
  resultReadOnly: `${SCOPE}result.readonly`,
} as const;

const LINE_ITEM_TYPE = 'application/vnd.ims.lis.v2.lineitem+json';
const LINE_ITEMS_TYPE = 'application/vnd.ims.lis.v2.lineitemcontainer+json';
const SCORE_TYPE = 'application/vnd.ims.lis.v1.score+json';
const RESULTS_TYPE = 'application/vnd.ims.lis.v2.resultcontainer+json';

const label = (what: string) =>
  v.pipe(v.string(`${what} must be text`), v.trim(), v.nonEmpty(`${what} is empty`), v.maxLength(255));

const NewLineItemSchema = v.object({
  label: label('label'),
  scoreMaximum: v.pipe(v.number('scoreMaximum must be a number'), v.gtValue(0, 'scoreMaximum must be > 0')),
  resourceId: v.optional(label('resourceId')),
  resourceLinkId: v.optional(label('resourceLinkId')),
  tag: v.optional(label('tag')),
});

// scoreMaximum with scoreGiven is the gradebook's rule (judgeScore), as in the LMSs.
const ScoreSchema = v.object({
  userId: label('userId'),
  scoreGiven: v.optional(v.pipe(v.number('scoreGiven must be a number'), v.minValue(0))),
  scoreMaximum: v.optional(
    v.pipe(v.number('scoreMaximum must be a number'), v.gtValue(0, 'scoreMaximum must be > 0')),
  ),
  activityProgress: v.picklist(['Initialized', 'Started', 'InProgress', 'Submitted', 'Completed']),
  gradingProgress: v.picklist(['FullyGraded', 'Pending', 'PendingManual', 'Failed', 'NotReady']),
  timestamp: v.pipe(v.string(), v.isoTimestamp('timestamp must be an ISO 8601 date-time')),
  comment: v.optional(v.pipe(v.string(), v.maxLength(4000))),
});

const QuerySchema = v.object({
  resource_link_id: v.optional(v.string()),
  resource_id: v.optional(v.string()),
  tag: v.optional(v.string()),
});

export interface AgsRouteDeps {
  course: DemoCourse;
  /** `${serviceUrl}/demo/ags/lineitems`: line item ids are URLs under it. */
  lineItemsUrl: string;
  /** Whether the request's bearer token was granted this scope (by the demo's token endpoint). */
  hasScope(req: Request, scopes: readonly string[]): boolean;
  profile: LmsProfile;
}

function problem(res: Response, status: number, error: string, message?: string): void {
  res.status(status).json({ error, ...(message ? { message } : {}) });
}

const firstIssue = (issues: readonly v.BaseIssue<unknown>[]) => {
  const issue = issues[0];
  if (!issue) return 'invalid body';
  const where = v.getDotPath(issue);
  return where ? `${where}: ${issue.message}` : issue.message;
};

/**
 * Assignment and Grade Services for the demo course, with its LMS profile's gradebook rules
 * (Moodle's: scoreGiven kept only when FullyGraded, a score no later than the stored one is a 409);
 * the user must be gradable.
 */
export function agsRoutes(deps: AgsRouteDeps): Router {
  const router = Router();
  router.use((req, res, next) => {
    if (deps.profile.gradebook.requiresUserAgent && !req.get('user-agent')) {
      problem(res, 400, 'invalid_request', 'User-Agent required');
      return;
    }
    next();
  });
  router.use(express.json({ type: ['application/json', 'application/*+json'], limit: '16kb' }));

  const asJson = (item: DemoLineItem) => ({
    id: `${deps.lineItemsUrl}/${item.id}`,
    label: item.label,
    scoreMaximum: item.scoreMaximum,
    ...(item.resourceId !== null ? { resourceId: item.resourceId } : {}),
    ...(item.resourceLinkId !== null ? { resourceLinkId: item.resourceLinkId } : {}),
    ...(item.tag !== null ? { tag: item.tag } : {}),
  });

  const knownLink = (id: string) => id === DEMO_RESOURCE_LINK.id || deps.course.activity(id) !== undefined;

  /** Answers 401 unless the bearer token carries one of the scopes. */
  const allowed = (req: Request, res: Response, scopes: readonly string[]) => {
    if (deps.hasScope(req, scopes)) return true;
    problem(res, 401, 'invalid_token', 'A bearer token with the required scope is needed.');
    return false;
  };

  router.get('/lineitems', (req, res) => {
    if (!allowed(req, res, [AGS_SCOPES.lineItem, AGS_SCOPES.lineItemReadOnly])) return;
    const query = v.safeParse(QuerySchema, req.query);
    if (!query.success) {
      problem(res, 400, 'invalid_request', firstIssue(query.issues));
      return;
    }
    const { resource_link_id: link, resource_id: resource, tag } = query.output;
    const items = deps.course.lineItems.filter(
      (item) =>
        (link === undefined || item.resourceLinkId === link) &&
        (resource === undefined || item.resourceId === resource) &&
        (tag === undefined || item.tag === tag),
    );
    res.type(LINE_ITEMS_TYPE).send(JSON.stringify(items.map(asJson)));
  });

  router.post(
    '/lineitems',
    asyncRoute(async (req, res) => {
      if (!allowed(req, res, [AGS_SCOPES.lineItem])) return;
      const body = v.safeParse(NewLineItemSchema, req.body);
      if (!body.success) {
        problem(res, 400, 'invalid_request', firstIssue(body.issues));
        return;
      }
      if (body.output.resourceLinkId !== undefined && !knownLink(body.output.resourceLinkId)) {
        problem(res, 400, 'invalid_request', 'resourceLinkId is not an activity of this course.');
        return;
      }
      const created = await deps.course.addLineItem({
        label: body.output.label,
        scoreMaximum: body.output.scoreMaximum,
        resourceId: body.output.resourceId ?? null,
        resourceLinkId: body.output.resourceLinkId ?? null,
        tag: body.output.tag ?? null,
      });
      res
        .status(201)
        .type(LINE_ITEM_TYPE)
        .send(JSON.stringify(asJson(created)));
    }),
  );

  router.get('/lineitems/:id', (req, res) => {
    if (!allowed(req, res, [AGS_SCOPES.lineItem, AGS_SCOPES.lineItemReadOnly])) return;
    const item = deps.course.lineItem(req.params.id);
    if (!item) {
      problem(res, 404, 'not_found');
      return;
    }
    res.type(LINE_ITEM_TYPE).send(JSON.stringify(asJson(item)));
  });

  router.get('/lineitems/:id/results', (req, res) => {
    if (!allowed(req, res, [AGS_SCOPES.resultReadOnly])) return;
    const item = deps.course.lineItem(req.params.id);
    if (!item) {
      problem(res, 404, 'not_found');
      return;
    }
    const userId = typeof req.query.user_id === 'string' ? req.query.user_id : undefined;
    const results = deps.course
      .scoresFor(item.id)
      .filter((score) => userId === undefined || score.userId === userId)
      .map((score) => ({
        id: `${deps.lineItemsUrl}/${item.id}/results/${encodeURIComponent(score.userId)}`,
        scoreOf: `${deps.lineItemsUrl}/${item.id}`,
        userId: score.userId,
        ...(score.scoreGiven !== null
          ? { resultScore: score.scoreGiven, resultMaximum: score.scoreMaximum ?? item.scoreMaximum }
          : {}),
        ...(score.comment !== null ? { comment: score.comment } : {}),
      }));
    res.type(RESULTS_TYPE).send(JSON.stringify(results));
  });

  router.post(
    '/lineitems/:id/scores',
    asyncRoute(async (req, res) => {
      if (!allowed(req, res, [AGS_SCOPES.score])) return;
      const item = deps.course.lineItem(req.params.id ?? '');
      if (!item) {
        problem(res, 404, 'not_found');
        return;
      }
      if (!req.is(SCORE_TYPE)) {
        problem(res, 415, 'unsupported_media_type', `Scores must be sent as ${SCORE_TYPE}.`);
        return;
      }
      const body = v.safeParse(ScoreSchema, req.body);
      if (!body.success) {
        problem(res, 400, 'invalid_request', firstIssue(body.issues));
        return;
      }
      const score = body.output;
      const person = findDemoPerson(score.userId);
      if (!person || !isGradable(person)) {
        problem(res, 400, 'invalid_request', 'The user is not gradable in this course.');
        return;
      }
      const decision = judgeScore(deps.profile, score, {
        storedTimestamp: deps.course.score(item.id, score.userId)?.timestamp ?? null,
        userAgent: req.get('user-agent'),
      });
      if (decision.outcome === 'refused') {
        problem(res, 400, 'invalid_request', decision.message);
        return;
      }
      if (decision.outcome === 'stale') {
        problem(res, 409, 'conflict', 'The timestamp is not later than the stored score’s.');
        return;
      }
      await deps.course.recordScore({
        lineItemId: item.id,
        userId: score.userId,
        scoreGiven: decision.scoreGiven,
        scoreMaximum: score.scoreMaximum ?? null,
        activityProgress: score.activityProgress,
        gradingProgress: score.gradingProgress,
        timestamp: score.timestamp,
        comment: score.comment ?? null,
      });
      res.status(204).end();
    }),
  );

  return router;
}
