import { Router, type Response } from 'express';
import type * as v from 'valibot';
import { parseOrThrow } from '../../shared/domain/validation.ts';
import { DraftSchema, type DraftResponseSchema } from '../../shared/protocol/practice-api.ts';
import type { Database } from '../db/database.ts';
import type { PracticeService } from '../practice/practice-service.ts';
import { asyncRoute } from '../http/async-route.ts';
import { authorize } from './auth.ts';
import { LinkKeySchema } from './practice.routes.ts';

type DraftResponse = v.InferOutput<typeof DraftResponseSchema>;

/** A trainee's practice draft per activity, kept on the server too: the newer `savedAt` wins. */
export function draftRoutes(deps: { db: Database; practice: PracticeService }): Router {
  const { db, practice } = deps;
  const router = Router();
  const path = '/api/drafts/:linkKey';

  /** The caller's draft key, once the link is known to be a module activity of their course. */
  async function draftKey(res: Response, linkKey: string | undefined) {
    const teacher = authorize(res, 'journal.own');
    const { link } = await practice.moduleLink(teacher, parseOrThrow(LinkKeySchema, linkKey, 'linkKey'));
    return { tenant: teacher.tenant, userId: teacher.userId, linkKey: link.key };
  }

  router.get(
    path,
    asyncRoute(async (req, res) => {
      const body: DraftResponse = { draft: await db.drafts.get(await draftKey(res, req.params.linkKey)) };
      res.setHeader('Cache-Control', 'private, no-store');
      res.json(body);
    }),
  );

  router.put(
    path,
    asyncRoute(async (req, res) => {
      const key = await draftKey(res, req.params.linkKey);
      const draft = parseOrThrow(DraftSchema, req.body, 'draft');
      const body: DraftResponse = { draft: await db.drafts.save(key, draft) };
      res.json(body);
    }),
  );

  router.delete(
    path,
    asyncRoute(async (req, res) => {
      await db.drafts.remove(await draftKey(res, req.params.linkKey));
      const body: DraftResponse = { draft: null };
      res.json(body);
    }),
  );

  return router;
}
