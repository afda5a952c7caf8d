import { Router, type Request, type Response } from 'express';
import type * as v from 'valibot';
import { parseOrThrow } from '../../shared/domain/validation.ts';
import { DraftSchema, type DraftResponseSchema } from '../../shared/protocol/practice-api.ts';
import { asyncRoute } from '../http/async-route.ts';
import type { PracticeService } from '../practice/practice-service.ts';
import { authorize } from './auth.ts';
import { LinkKeySchema } from './practice.routes.ts';

type DraftResponse = v.InferOutput<typeof DraftResponseSchema>;

/** A trainee's practice draft per activity, kept on the server too: the newer `savedAt` wins. */
export function draftRoutes(deps: { practice: PracticeService }): Router {
  const router = Router();
  const path = '/api/drafts/:linkKey';

  /** The caller's draft on the activity the path names. */
  const draftOf = (req: Request, res: Response) =>
    deps.practice.draftOn(
      authorize(res, 'journal.own'),
      parseOrThrow(LinkKeySchema, req.params.linkKey, 'linkKey'),
    );

  router.get(
    path,
    asyncRoute(async (req, res) => {
      const body: DraftResponse = { draft: await (await draftOf(req, res)).get() };
      res.setHeader('Cache-Control', 'private, no-store');
      res.json(body);
    }),
  );

  router.put(
    path,
    asyncRoute(async (req, res) => {
      const draft = await draftOf(req, res);
      const body: DraftResponse = { draft: await draft.save(parseOrThrow(DraftSchema, req.body, 'draft')) };
      res.json(body);
    }),
  );

  router.delete(
    path,
    asyncRoute(async (req, res) => {
      await (await draftOf(req, res)).remove();
      const body: DraftResponse = { draft: null };
      res.json(body);
    }),
  );

  return router;
}
