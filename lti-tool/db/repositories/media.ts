import { UniqueConstraintError } from 'sequelize';
import type { Models } from '../models.ts';
import { isoDate } from '../transaction.ts';

export type MediaPurpose = 'rehearsal' | 'model';

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

const ATTRIBUTES = ['id', 'tenant', 'contextKey', 'ownerId', 'purpose', 'contentType', 'size', 'createdAt'];

function toInfo(row: { get(): unknown }): MediaInfo {
  const data = row.get() as Omit<MediaInfo, 'createdAt'> & { createdAt: Date | string };
  return {
    id: data.id,
    tenant: data.tenant,
    contextKey: data.contextKey,
    ownerId: data.ownerId,
    purpose: data.purpose,
    contentType: data.contentType,
    size: Number(data.size),
    createdAt: isoDate(data.createdAt),
  };
}

/** Uploaded recordings and model files; the bytes are read only when served. */
export function createMediaRepository(models: Models) {
  async function info(id: string): Promise<MediaInfo | null> {
    const row = await models.MediaFile.findByPk(id, { attributes: ATTRIBUTES });
    return row ? toInfo(row) : null;
  }

  return {
    info,

    /** Stores the file once; when the id is taken, returns what is stored and `created: false`. */
    async store(
      media: Omit<MediaInfo, 'createdAt' | 'size'>,
      bytes: Buffer,
    ): Promise<{ media: MediaInfo; created: boolean }> {
      try {
        const row = await models.MediaFile.create({ ...media, size: bytes.length, bytes });
        return { media: toInfo(row), created: true };
      } catch (error) {
        if (!(error instanceof UniqueConstraintError)) throw error;
        const stored = await info(media.id);
        if (!stored) throw error;
        return { media: stored, created: false };
      }
    },

    async bytes(id: string): Promise<Buffer | null> {
      const row = await models.MediaFile.findByPk(id, { attributes: ['bytes'] });
      if (!row) return null;
      const bytes = row.get('bytes') as Buffer | Uint8Array;
      return Buffer.isBuffer(bytes) ? bytes : Buffer.from(bytes);
    },
  };
}
export type MediaRepository = ReturnType<typeof createMediaRepository>;
