import { Router } from 'express';
import { IdSchema } from '../../shared/domain/coaching/text.ts';
import { parseOrThrow } from '../../shared/domain/validation.ts';
import { SHARING_API, ShareInputSchema } from '../../shared/protocol/sharing-api.ts';
import { asyncRoute } from '../http/async-route.ts';
import type { SharingService } from '../sharing/sharing-service.ts';
import { authorize } from './auth.ts';

/** A teacher's shares of a round or a conversation with a named person, and what is shared with the caller. */
export function sharingRoutes(deps: { sharing: SharingService }): Router {
  const { sharing } = deps;
  const router = Router();

  router.post(
    SHARING_API.shares,
    asyncRoute(async (req, res) => {
      const owner = authorize(res, 'shares.own');
      const input = parseOrThrow(ShareInputSchema, req.body, 'share');
      const { share, created } = await sharing.create(owner, input);
      res.setHeader('Cache-Control', 'no-store');
      res.status(created ? 201 : 200).json({ share });
    }),
  );

  router.get(
    SHARING_API.shares,
    asyncRoute(async (_req, res) => {
      const owner = authorize(res, 'shares.own');
      const shares = await sharing.mine(owner);
      res.setHeader('Cache-Control', 'private, no-store');
      res.json({ shares });
    }),
  );

  router.delete(
    '/api/shares/:id',
    asyncRoute(async (req, res) => {
      const owner = authorize(res, 'shares.own');
      await sharing.revoke(owner, parseOrThrow(IdSchema, req.params.id, 'share id'));
      res.status(204).end();
    }),
  );

  router.get(
    SHARING_API.sharedWithMe,
    asyncRoute(async (_req, res) => {
      const viewer = authorize(res, 'shares.receive');
      const items = await sharing.sharedWithMe(viewer);
      res.setHeader('Cache-Control', 'private, no-store');
      res.json({ items });
    }),
  );

  return router;
}
