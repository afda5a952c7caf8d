import { Router } from 'express';
import { parseOrThrow } from '../../shared/domain/validation.ts';
import {
  ErasureRequestBodySchema,
  PRIVACY_API,
  type ErasureRequestResponse,
} from '../../shared/protocol/privacy-api.ts';
import type { Logger } from '../core/logger.ts';
import { stableKey } from '../core/tokens.ts';
import { asyncRoute } from '../http/async-route.ts';
import type { RateLimiters } from '../http/rate-limits.ts';
import type { ErasureService } from '../privacy/erasure-service.ts';
import type { ExportService } from '../privacy/export-service.ts';
import { authorize } from './auth.ts';

/** A teacher's download of their own data; a provider admin's request to erase someone. */
export function privacyRoutes(deps: {
  exportData: ExportService;
  erasure: ErasureService;
  limits: Pick<RateLimiters, 'dataExport'>;
  logger: Logger;
}): Router {
  const router = Router();

  router.get(
    PRIVACY_API.myData,
    asyncRoute(async (_req, res) => {
      const teacher = authorize(res, 'data.exportOwn');
      // Per person, and by a hash: a rate-limit table shared on PostgreSQL holds no one's id.
      await deps.limits.dataExport.take(
        stableKey('data-export', teacher.tenant, teacher.userId),
        'You have downloaded your data several times in the last hour. Wait an hour, then try again.',
      );
      const prepared = await deps.exportData.prepare(teacher);
      res.setHeader('Content-Type', 'application/zip');
      res.setHeader('Content-Disposition', `attachment; filename="${prepared.fileName}"`);
      res.setHeader('Cache-Control', 'private, no-store');
      res.setHeader('X-Content-Type-Options', 'nosniff');
      try {
        await prepared.write(res);
      } catch (error) {
        // Headers are sent: all that is left is to cut the download short, so it reads as broken.
        deps.logger.error('data download failed', { error });
        res.destroy();
      }
    }),
  );

  router.post(
    PRIVACY_API.erasureRequests,
    asyncRoute(async (req, res) => {
      const admin = authorize(res, 'data.requestErasure');
      const { userId } = parseOrThrow(ErasureRequestBodySchema, req.body, 'erasure request');
      const request = await deps.erasure.request(admin, userId);
      const body: ErasureRequestResponse = { request: { id: request.id, requestedAt: request.requestedAt } };
      res.setHeader('Cache-Control', 'no-store');
      res.status(201).json(body);
    }),
  );

  return router;
}
