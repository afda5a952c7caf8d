import { Router } from 'express';
import { parseOrThrow } from '../../shared/domain/validation.ts';
import { API, PairRequestSchema } from '../../shared/protocol/api.ts';
import type { Database } from '../db/database.ts';
import { asyncRoute } from '../server/async-route.ts';
import { authenticate } from './auth.ts';
import { authorize } from './policy.ts';

/** Teacher shows a code in the LMS; the extension trades it once for a revocable device token. */
export function pairingRoutes(db: Database): Router {
  const router = Router();

  router.post(
    API.pair,
    asyncRoute(async (req, res) => {
      const { code, deviceLabel } = parseOrThrow(PairRequestSchema, req.body, 'pairing request');
      res.status(201).json(await db.devices.redeem(code, deviceLabel));
    }),
  );

  router.post(
    API.pairingCodes,
    authenticate(db),
    asyncRoute(async (_req, res) => {
      const teacher = authorize(res, 'devices.pair');
      const { code, expiresAt } = await db.devices.createPairingCode({
        tenant: teacher.tenant,
        userId: teacher.userId,
        name: teacher.name,
      });
      res.setHeader('Cache-Control', 'no-store');
      res.status(201).json({ code, expiresAt: expiresAt.toISOString() });
    }),
  );

  router.delete(
    API.currentDevice,
    authenticate(db),
    asyncRoute(async (_req, res) => {
      await db.devices.revoke(authorize(res, 'devices.revokeSelf').deviceId);
      res.status(204).end();
    }),
  );

  return router;
}
