import type { Readable } from 'node:stream';

/**
 * Why a file was uploaded: a trainee's rehearsal, a provider's model for the institution, or a
 * coach's model recorded in a coaching conversation (for the teacher it was with).
 */
export type MediaPurpose = 'rehearsal' | 'model' | 'coaching';

/** A stored file, without its bytes. */
export interface MediaInfo {
  id: string;
  tenant: string;
  contextKey: string;
  ownerId: string;
  purpose: MediaPurpose;
  contentType: string;
  size: number;
  createdAt: string;
}

/** Uploaded recordings and model files (implemented by db/repositories/media.ts). */
export interface MediaStore {
  info(id: string): Promise<MediaInfo | null>;
  /** Bytes one person keeps in uploads at one institution. */
  usedBy(owner: { tenant: string; ownerId: string }): Promise<number>;
  /**
   * Stores the file once; when the id is taken, returns what is stored and `created: false`.
   * Refused with media-types.ts's quotaReached when it would take its owner past `quotaBytes`,
   * checked in the same transaction as the insert.
   */
  store(
    media: Omit<MediaInfo, 'createdAt' | 'size'>,
    blob: StoredBlob,
    quotaBytes: number,
  ): Promise<{ media: MediaInfo; created: boolean }>;
  /** Where a file's bytes are in the blob store; null for no such file. */
  blobKeyOf(id: string): Promise<string | null>;
  /** Whether any file still has its bytes under `key` (the same bytes uploaded twice share one). */
  referenced(key: string): Promise<boolean>;
}

/** Bytes put in the blob store: their key (content-addressed) and size. */
export interface StoredBlob {
  key: string;
  size: number;
}

/** A byte range of a stored blob, both ends included (HTTP Range). */
export interface ByteRange {
  start: number;
  end: number;
}

/**
 * Where uploaded bytes live, out of the database (media/fs-blob-store.ts under DATA_DIR,
 * media/s3-blob-store.ts in an S3 bucket). Keys are the bytes' SHA-256: the same bytes are stored
 * once, and a key names the bytes it holds. Nothing is visible under a key until it is whole.
 */
export interface BlobStore {
  /**
   * Streams `body` in without holding it: refused with `tooLarge()` once it passes `maxBytes`,
   * and with `check`'s error when its first bytes are not what the upload says it is.
   */
  put(
    body: NodeJS.ReadableStream,
    limits: { maxBytes: number; tooLarge: () => Error; check: (head: Buffer) => Error | null },
  ): Promise<StoredBlob>;
  /** The bytes (or a range of them) as a stream; null when there is no such blob. */
  get(key: string, range?: ByteRange): Promise<Readable | null>;
  delete(key: string): Promise<void>;
  /** Every key stored (the data-rights tests check nothing of an erased person is left). */
  keys(): AsyncIterable<string>;
  /** Where it is, for the start-up log (never a credential). */
  describe(): string;
}
