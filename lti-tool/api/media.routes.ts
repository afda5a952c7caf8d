import { pipeline } from 'node:stream/promises';
import { Router, type Request } from 'express';
import { rangeOf } from '../http/byte-range.ts';
import { IdSchema } from '../../shared/domain/coaching/text.ts';
import { parseOrThrow } from '../../shared/domain/validation.ts';
import { PRACTICE_API } from '../../shared/protocol/practice-api.ts';
import { asyncRoute } from '../http/async-route.ts';
import type { MediaService } from '../media/media-service.ts';
import { baseContentType, dispositionFor } from '../media/media-types.ts';
import type { MediaInfo } from '../media/ports.ts';
import { authorize } from './auth.ts';

const ITEM = `${PRACTICE_API.media}/:id`;

/** A Range wholly past the end of the file: answered 416 with the file's size. */
class RangeNotSatisfiable extends Error {
  constructor(readonly size: number) {
    super('Range not satisfiable');
  }
}

/** Reads and drops a body (an upload already stored under its id is answered without it). */
const discard = (req: Request) =>
  new Promise<void>((resolve, reject) => {
    req.on('error', reject);
    req.on('end', () => resolve());
    req.resume();
  });

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
      if (Number.isFinite(declared) && declared > plan.policy.maxBytes) throw plan.tooLarge();
      if (plan.existing) {
        await discard(req);
        res.status(200).json(mediaBody(plan.existing));
        return;
      }
      // Streamed into the blob store as it arrives, refused once past the limit.
      const stored = await deps.media.store(uploader, plan, req);
      res.status(stored.created ? 201 : 200).json(mediaBody(stored.media));
    }),
  );

  router.get(
    ITEM,
    asyncRoute(async (req, res) => {
      const reader = authorize(res, 'media.read');
      const id = parseOrThrow(IdSchema, req.params.id, 'media id');
      let read;
      try {
        read = await deps.media.read(reader, id, (size) => {
          const range = rangeOf(req.get('range'), size);
          if (range === 'unsatisfiable') throw new RangeNotSatisfiable(size);
          return range;
        });
      } catch (error) {
        if (!(error instanceof RangeNotSatisfiable)) throw error;
        res.setHeader('Content-Range', `bytes */${error.size}`);
        res
          .status(416)
          .json({ error: { code: 'invalid-input', message: 'That range is past the end of the file.' } });
        return;
      }
      const { media, body, range } = read;
      // Ranges let a phone's audio player seek without downloading the whole recording.
      res.setHeader('Accept-Ranges', 'bytes');
      res.setHeader('Content-Type', media.contentType);
      res.setHeader('Cache-Control', 'private, no-store');
      res.setHeader('X-Content-Type-Options', 'nosniff');
      res.setHeader('Content-Disposition', dispositionFor(media.contentType, media.id));
      if (range) {
        res.status(206);
        res.setHeader('Content-Range', `bytes ${range.start}-${range.end}/${media.size}`);
        res.setHeader('Content-Length', String(range.end - range.start + 1));
      } else {
        res.setHeader('Content-Length', String(media.size));
      }
      try {
        await pipeline(body, res);
      } catch (error) {
        // The player stopped listening (a seek, a closed page): nothing to answer.
        if ((error as { code?: string }).code !== 'ERR_STREAM_PREMATURE_CLOSE') throw error;
      }
    }),
  );

  return router;
}
