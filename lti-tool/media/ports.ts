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
    bytes: Buffer,
    quotaBytes: number,
  ): Promise<{ media: MediaInfo; created: boolean }>;
  bytes(id: string): Promise<Buffer | null>;
}
