import { Router, type Request } from 'express';
import { IdSchema } from '../../shared/domain/coaching/text.ts';
import { DomainError } from '../../shared/domain/errors.ts';
import { parseOrThrow } from '../../shared/domain/validation.ts';
import { PRACTICE_API } from '../../shared/protocol/practice-api.ts';
import type { Database } from '../db/database.ts';
import { quotaReached, type MediaInfo } from '../db/repositories/media.ts';
import type { AppConfig } from '../core/config.ts';
import {
  baseContentType,
  contentMatchesType,
  dispositionFor,
  megabytes,
  uploadPolicyFor,
  type UploadPolicy,
} from '../practice/media-types.ts';
import { asyncRoute } from '../http/async-route.ts';
import type { Principal } from '../core/principal.ts';
import { authorize } from './auth.ts';

const ITEM = `${PRACTICE_API.media}/:id`;

const tooLarge = (policy: UploadPolicy) =>
  new DomainError(
    'payload-too-large',
    `The ${policy.noun} is larger than ${megabytes(policy.maxBytes)}: ${policy.noun === 'recording' ? 'record a shorter rehearsal' : 'upload a smaller file'}.`,
  );

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

/** Who may fetch a stored file: its owner; the course's coach for a rehearsal; the institution for a model. */
function mayRead(principal: Extract<Principal, { kind: 'session' }>, media: MediaInfo): boolean {
  if (media.tenant !== principal.tenant) return false;
  if (media.ownerId === principal.userId) return true;
  if (media.purpose === 'model') return true;
  return principal.role === 'coach' && media.contextKey === principal.contextKey;
}

const mediaBody = (media: MediaInfo) => ({
  media: { id: media.id, contentType: media.contentType, size: media.size },
});

/** Uploads (raw bodies, with per-role types and limits) and downloads. Mounted before the JSON parser. */
export function mediaRoutes(deps: { db: Database; config: Pick<AppConfig, 'mediaQuotaBytes'> }): Router {
  const { db } = deps;
  const quota = deps.config.mediaQuotaBytes;
  const router = Router();

  router.put(
    ITEM,
    asyncRoute(async (req, res) => {
      const session = authorize(res, 'media.upload');
      const policy = uploadPolicyFor(session.role);
      if (!policy) throw new DomainError('forbidden', 'Your role in this course does not allow uploads.');
      const id = parseOrThrow(IdSchema, req.params.id, 'media id');
      const contentType = baseContentType(req.get('content-type'));
      if (!policy.types.includes(contentType)) {
        throw new DomainError(
          'invalid-input',
          `A ${policy.noun} must be one of: ${policy.types.join(', ')} (this was ${contentType || 'of no type'}).`,
        );
      }
      const existing = await db.media.info(id);
      if (existing && (existing.tenant !== session.tenant || existing.ownerId !== session.userId)) {
        throw new DomainError('conflict', 'This media id is already in use. Upload it under a new id.');
      }
      if (!existing) {
        // Refused before reading a body that could not be kept anyway; store() checks again.
        const declared = Number(req.get('content-length'));
        const used = await db.media.usedBy({ tenant: session.tenant, ownerId: session.userId });
        if (used + (Number.isFinite(declared) ? declared : 1) > quota) throw quotaReached(quota);
      }
      const bytes = await readBody(req, policy.maxBytes, () => tooLarge(policy));
      if (existing) {
        res.status(200).json(mediaBody(existing));
        return;
      }
      if (bytes.length === 0) throw new DomainError('invalid-input', `The ${policy.noun} is empty.`);
      if (!contentMatchesType(bytes, contentType)) {
        throw new DomainError(
          'invalid-input',
          `This file's content is not ${contentType}: upload the file itself, not a renamed one.`,
        );
      }
      const stored = await db.media.store(
        {
          id,
          tenant: session.tenant,
          contextKey: session.contextKey,
          ownerId: session.userId,
          purpose: policy.purpose,
          contentType,
        },
        bytes,
        quota,
      );
      if (!stored.created && stored.media.ownerId !== session.userId) {
        throw new DomainError('conflict', 'This media id is already in use. Upload it under a new id.');
      }
      res.status(stored.created ? 201 : 200).json(mediaBody(stored.media));
    }),
  );

  router.get(
    ITEM,
    asyncRoute(async (req, res) => {
      const principal = authorize(res, 'media.read');
      const id = parseOrThrow(IdSchema, req.params.id, 'media id');
      const media = await db.media.info(id);
      // Someone else's recording reads as no recording at all.
      if (!media || !mayRead(principal, media)) throw new DomainError('not-found', 'There is no such file.');
      const bytes = await db.media.bytes(id);
      if (!bytes) throw new DomainError('not-found', 'There is no such file.');
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
