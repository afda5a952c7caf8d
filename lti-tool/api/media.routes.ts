import { Router, type Request } from 'express';
import { IdSchema } from '../../shared/domain/coaching/text.ts';
import { parseOrThrow } from '../../shared/domain/validation.ts';
import { PRACTICE_API } from '../../shared/protocol/practice-api.ts';
import { asyncRoute } from '../http/async-route.ts';
import type { MediaService } from '../media/media-service.ts';
import { baseContentType, dispositionFor } from '../media/media-types.ts';
import type { MediaInfo } from '../media/ports.ts';
import { authorize } from './auth.ts';

const ITEM = `${PRACTICE_API.media}/:id`;

/**
 * Reads the body, refusing it once it passes `maxBytes`: a declared Content-Length over the
 * limit before reading anything, an undeclared (chunked) body as soon as it grows past it.
 * Only `maxBytes` is ever held; the rest of a refused body is discarded as it arrives.
 */
export function readBody(req: Request, maxBytes: number, onTooLarge: () => Error): Promise<Buffer> {
  const declared = Number(req.get('content-length'));
  if (Number.isFinite(declared) && declared > maxBytes) return Promise.reject(onTooLarge());
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    const onData = (chunk: Buffer) => {
      size += chunk.length;
      if (size > maxBytes) {
        cleanup();
        chunks.length = 0;
        req.resume();
        reject(onTooLarge());
        return;
      }
      chunks.push(chunk);
    };
    const onEnd = () => {
      cleanup();
      resolve(Buffer.concat(chunks, size));
    };
    const onError = (error: Error) => {
      cleanup();
      reject(error);
    };
    const cleanup = () => {
      req.off('data', onData);
      req.off('end', onEnd);
      req.off('error', onError);
    };
    req.on('data', onData);
    req.on('end', onEnd);
    req.on('error', onError);
  });
}

const mediaBody = (media: MediaInfo) => ({
  media: { id: media.id, contentType: media.contentType, size: media.size },
});

/** Uploads (raw bodies, with per-role types and limits) and downloads. Mounted before the JSON parser. */
export function mediaRoutes(deps: { media: MediaService }): Router {
  const router = Router();

  router.put(
    ITEM,
    asyncRoute(async (req, res) => {
      const uploader = authorize(res, 'media.upload');
      const id = parseOrThrow(IdSchema, req.params.id, 'media id');
      const declared = Number(req.get('content-length'));
      const plan = await deps.media.plan(
        uploader,
        id,
        baseContentType(req.get('content-type')),
        Number.isFinite(declared) ? declared : null,
      );
      const bytes = await readBody(req, plan.policy.maxBytes, plan.tooLarge);
      if (plan.existing) {
        res.status(200).json(mediaBody(plan.existing));
        return;
      }
      const stored = await deps.media.store(uploader, plan, bytes);
      res.status(stored.created ? 201 : 200).json(mediaBody(stored.media));
    }),
  );

  router.get(
    ITEM,
    asyncRoute(async (req, res) => {
      const reader = authorize(res, 'media.read');
      const { media, bytes } = await deps.media.read(
        reader,
        parseOrThrow(IdSchema, req.params.id, 'media id'),
      );
      res.setHeader('Content-Type', media.contentType);
      res.setHeader('Content-Length', String(bytes.length));
      res.setHeader('Cache-Control', 'private, no-store');
      res.setHeader('X-Content-Type-Options', 'nosniff');
      res.setHeader('Content-Disposition', dispositionFor(media.contentType, media.id));
      res.end(bytes);
    }),
  );

  return router;
}
