import { Router } from 'express';
import { parseOrThrow } from '../../shared/domain/validation.ts';
import * as v from 'valibot';
import { DomainError } from '../../shared/domain/errors.ts';
import { API, PairRequestSchema, type PairedDevicesResponse } from '../../shared/protocol/api.ts';
import type { DeviceStore } from '../core/devices.ts';
import { asyncRoute } from '../http/async-route.ts';
import { clientOf, type RateLimiters } from '../http/rate-limits.ts';
import { authorize } from './auth.ts';

const DeviceIdSchema = v.pipe(v.string(), v.uuid('device id is not valid'));

/** Teacher shows a code in the LMS; the extension trades it once for a revocable device token. */
export function pairingRoutes(deps: {
  devices: DeviceStore;
  limits: Pick<RateLimiters, 'pairing' | 'pairingEverywhere'>;
}): Router {
  const { devices, limits } = deps;
  const router = Router();

  /**
   * Codes are 40 bits and live 10 minutes, so guessing is hopeless unless it is fast: each
   * attempt takes a point from its client and one from everyone's, and a code that pairs gives
   * both back, so a room pairing at once is never held up.
   */
  router.post(
    API.pair,
    asyncRoute(async (req, res) => {
      const { code, deviceLabel } = parseOrThrow(PairRequestSchema, req.body, 'pairing request');
      const client = clientOf(req);
      await limits.pairing.take(
        client,
        'Too many pairing attempts from this network. Wait a few minutes, then try again.',
      );
      try {
        await limits.pairingEverywhere.take(
          'everyone',
          'Too many pairing attempts just now. Wait a minute, then try again.',
        );
      } catch (error) {
        await limits.pairing.giveBack(client);
        throw error;
      }
      const paired = await devices.redeem(code, deviceLabel);
      await Promise.all([limits.pairing.giveBack(client), limits.pairingEverywhere.giveBack('everyone')]);
      res.status(201).json(paired);
    }),
  );

  router.post(
    API.pairingCodes,
    asyncRoute(async (_req, res) => {
      const teacher = authorize(res, 'devices.pair');
      const { code, expiresAt } = await devices.createPairingCode({
        tenant: teacher.tenant,
        userId: teacher.userId,
        name: teacher.name,
      });
      res.setHeader('Cache-Control', 'no-store');
      res.status(201).json({ code, expiresAt: expiresAt.toISOString() });
    }),
  );

  router.get(
    API.devices,
    asyncRoute(async (_req, res) => {
      const teacher = authorize(res, 'devices.manage');
      const body: PairedDevicesResponse = { devices: await devices.ofTeacher(teacher) };
      res.setHeader('Cache-Control', 'private, no-store');
      res.json(body);
    }),
  );

  router.delete(
    `${API.devices}/:id`,
    asyncRoute(async (req, res) => {
      const teacher = authorize(res, 'devices.manage');
      const id = parseOrThrow(DeviceIdSchema, req.params.id, 'device id');
      // Someone else's device reads as no device at all.
      if (!(await devices.revokeOwn(teacher, id))) {
        throw new DomainError('not-found', 'There is no such connected browser.');
      }
      res.status(204).end();
    }),
  );

  router.delete(
    API.currentDevice,
    asyncRoute(async (_req, res) => {
      await devices.revoke(authorize(res, 'devices.revokeSelf').deviceId);
      res.status(204).end();
    }),
  );

  return router;
}
