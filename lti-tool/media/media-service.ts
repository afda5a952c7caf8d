import type { Readable } from 'node:stream';
import { DomainError } from '../../shared/domain/errors.ts';
import { scopeOf, type AllowedFor } from '../core/policy.ts';
import {
  contentMatchesType,
  quotaReached,
  tooLarge,
  uploadPolicyFor,
  type UploadPolicy,
} from './media-types.ts';
import type { BlobStore, ByteRange, MediaInfo, MediaStore } from './ports.ts';

export interface MediaServiceDeps {
  media: MediaStore;
  /** Where the bytes are (media/fs-blob-store.ts or media/s3-blob-store.ts). */
  blobs: BlobStore;
  /** Whether a coach's model recording was shown to this teacher in one of their conversations. */
  coachingModelShownTo(media: MediaInfo, teacherId: string): Promise<boolean>;
  /** How much one person may keep in uploads at one institution. */
  quotaBytes: number;
}

/** An upload checked before its body is read: what the body must be, and what is stored already. */
export interface UploadPlan {
  id: string;
  contentType: string;
  policy: UploadPolicy;
  /** The uploader's own file under this id, stored before: the answer, whatever the body. */
  existing: MediaInfo | null;
  /** The refusal of a body larger than `policy.maxBytes`. */
  tooLarge: () => DomainError;
}

const idTaken = () =>
  new DomainError('conflict', 'This media id is already in use. Upload it under a new id.');

/**
 * Recordings and model files: who may upload what (by the scope the policy table gives the
 * uploader), the quota, and who may play a stored file.
 */
export function createMediaService(deps: MediaServiceDeps) {
  /**
   * Who may fetch a stored file: its owner; anyone at the institution for a provider's model; the
   * course's coaches for a rehearsal or a coach's model; and the teacher a coach's model was
   * recorded for, once a conversation with them refers to it.
   */
  async function mayRead(reader: AllowedFor<'media.read'>, media: MediaInfo): Promise<boolean> {
    if (media.tenant !== reader.tenant) return false;
    if (media.ownerId === reader.userId) return true;
    if (media.purpose === 'model') return true;
    if (scopeOf(reader, 'media.read') === 'course') return media.contextKey === reader.contextKey;
    return (
      media.purpose === 'coaching' &&
      media.contextKey === reader.contextKey &&
      (await deps.coachingModelShownTo(media, reader.userId))
    );
  }

  return {
    /**
     * Checks an upload before its body is read: its type, that the id is not someone else's,
     * and (for a new file) that the declared size fits the uploader's quota.
     */
    async plan(
      uploader: AllowedFor<'media.upload'>,
      id: string,
      contentType: string,
      declaredBytes: number | null,
    ): Promise<UploadPlan> {
      const policy = uploadPolicyFor(scopeOf(uploader, 'media.upload'));
      if (!policy.types.includes(contentType)) {
        throw new DomainError(
          'invalid-input',
          `A ${policy.noun} must be one of: ${policy.types.join(', ')} (this was ${contentType || 'of no type'}).`,
        );
      }
      const existing = await deps.media.info(id);
      if (existing && (existing.tenant !== uploader.tenant || existing.ownerId !== uploader.userId)) {
        throw idTaken();
      }
      if (!existing) {
        // Refused before reading a body that could not be kept anyway; store() checks again.
        const used = await deps.media.usedBy({ tenant: uploader.tenant, ownerId: uploader.userId });
        if (used + (declaredBytes ?? 1) > deps.quotaBytes) throw quotaReached(deps.quotaBytes);
      }
      return { id, contentType, policy, existing, tooLarge: () => tooLarge(policy) };
    },

    /**
     * Streams a planned upload's body into the blob store (never whole in memory): it must be
     * what its type says, within its size; then records the file. Bytes no file keeps (a refused
     * record) are removed again.
     */
    async store(
      uploader: AllowedFor<'media.upload'>,
      plan: UploadPlan,
      body: NodeJS.ReadableStream,
    ): Promise<{ media: MediaInfo; created: boolean }> {
      const blob = await deps.blobs.put(body, {
        maxBytes: plan.policy.maxBytes,
        tooLarge: plan.tooLarge,
        check: (head) =>
          head.length === 0
            ? new DomainError('invalid-input', `The ${plan.policy.noun} is empty.`)
            : contentMatchesType(head, plan.contentType)
              ? null
              : new DomainError(
                  'invalid-input',
                  `This file's content is not ${plan.contentType}: upload the file itself, not a renamed one.`,
                ),
      });
      try {
        const stored = await deps.media.store(
          {
            id: plan.id,
            tenant: uploader.tenant,
            contextKey: uploader.contextKey,
            ownerId: uploader.userId,
            purpose: plan.policy.purpose,
            contentType: plan.contentType,
          },
          blob,
          deps.quotaBytes,
        );
        if (!stored.created && stored.media.ownerId !== uploader.userId) throw idTaken();
        return stored;
      } finally {
        await releaseBlobs(deps, [blob.key]);
      }
    },

    /**
     * A stored file's bytes as a stream, all or `range` of them; someone else's recording reads as
     * no recording at all. A range past the end is refused (the route answers 416).
     */
    async read(
      reader: AllowedFor<'media.read'>,
      id: string,
      rangeFor: (size: number) => ByteRange | null,
    ): Promise<{ media: MediaInfo; body: Readable; range: ByteRange | null }> {
      const media = await deps.media.info(id);
      if (!media || !(await mayRead(reader, media)))
        throw new DomainError('not-found', 'There is no such file.');
      const range = rangeFor(media.size);
      const key = await deps.media.blobKeyOf(id);
      const body = key && (await deps.blobs.get(key, range ?? undefined));
      if (!body) throw new DomainError('not-found', 'There is no such file.');
      return { media, body, range };
    },
  };
}

/** Deletes each blob no file keeps any longer (after an erasure, a retention run, a refused upload). */
export async function releaseBlobs(
  deps: { media: Pick<MediaStore, 'referenced'>; blobs: Pick<BlobStore, 'delete'> },
  keys: Iterable<string>,
): Promise<void> {
  for (const key of new Set(keys)) {
    if (!(await deps.media.referenced(key))) await deps.blobs.delete(key);
  }
}
export type MediaService = ReturnType<typeof createMediaService>;
