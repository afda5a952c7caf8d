import { UniqueConstraintError, type Sequelize } from 'sequelize';
import { quotaReached } from '../../media/media-types.ts';
import type { MediaInfo, MediaStore } from '../../media/ports.ts';
import type { MediaFileRow, Models } from '../models.ts';
import {
  asDbTransaction,
  inTransaction,
  lockRowGroup,
  sequelizeTransaction,
  type DbTransaction,
} from '../transaction.ts';

/** Everything but the bytes. */
const ATTRIBUTES: (keyof MediaInfo)[] = [
  'id',
  'tenant',
  'contextKey',
  'ownerId',
  'purpose',
  'contentType',
  'size',
  'createdAt',
];

function toInfo(row: MediaFileRow): MediaInfo {
  return {
    id: row.id,
    tenant: row.tenant,
    contextKey: row.contextKey,
    ownerId: row.ownerId,
    purpose: row.purpose,
    contentType: row.contentType,
    size: row.size,
    createdAt: row.createdAt.toISOString(),
  };
}

/** Uploaded recordings and model files; the bytes are read only when served. */
export function createMediaRepository(sequelize: Sequelize, models: Models): MediaStore {
  async function usedBy(
    owner: { tenant: string; ownerId: string },
    transaction?: DbTransaction,
  ): Promise<number> {
    const total = await models.MediaFile.sum('size', {
      where: { tenant: owner.tenant, ownerId: owner.ownerId },
      transaction: sequelizeTransaction(transaction),
    });
    return Number(total ?? 0);
  }

  async function info(id: string): Promise<MediaInfo | null> {
    const row = await models.MediaFile.findByPk(id, { attributes: ATTRIBUTES });
    return row ? toInfo(row) : null;
  }

  return {
    info,

    /** Bytes one person keeps in uploads at one institution. */
    usedBy,

    /**
     * Stores the file once; when the id is taken, returns what is stored and `created: false`.
     * Refused (413) when it would take its owner past `quotaBytes`: checked in the same
     * transaction as the insert, so two uploads at once cannot both squeeze under it.
     */
    async store(
      media: Omit<MediaInfo, 'createdAt' | 'size'>,
      bytes: Buffer,
      quotaBytes: number,
    ): Promise<{ media: MediaInfo; created: boolean }> {
      try {
        return await inTransaction(sequelize, async (transaction) => {
          await lockRowGroup(sequelize, transaction, `media:${media.tenant}:${media.ownerId}`);
          const used = await usedBy(media, asDbTransaction(transaction));
          if (used + bytes.length > quotaBytes) throw quotaReached(quotaBytes);
          const row = await models.MediaFile.create({ ...media, size: bytes.length, bytes }, { transaction });
          return { media: toInfo(row), created: true };
        });
      } catch (error) {
        if (!(error instanceof UniqueConstraintError)) throw error;
        const stored = await info(media.id);
        if (!stored) throw error;
        return { media: stored, created: false };
      }
    },

    async bytes(id: string): Promise<Buffer | null> {
      const row = await models.MediaFile.findByPk(id, { attributes: ['bytes'] });
      return row?.bytes ?? null;
    },
  };
}
export type MediaRepository = ReturnType<typeof createMediaRepository>;
