import { UniqueConstraintError, type Sequelize } from 'sequelize';
import { quotaReached } from '../../media/media-types.ts';
import type { MediaInfo, MediaStore, StoredBlob } from '../../media/ports.ts';
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
      blob: StoredBlob,
      quotaBytes: number,
    ): Promise<{ media: MediaInfo; created: boolean }> {
      try {
        return await inTransaction(sequelize, async (transaction) => {
          await lockRowGroup(sequelize, transaction, `media:${media.tenant}:${media.ownerId}`);
          const used = await usedBy(media, asDbTransaction(transaction));
          if (used + blob.size > quotaBytes) throw quotaReached(quotaBytes);
          // The bytes are in the blob store; the row keeps their key (migration 0015).
          const row = await models.MediaFile.create(
            { ...media, size: blob.size, blobKey: blob.key, bytes: Buffer.alloc(0) },
            { transaction },
          );
          return { media: toInfo(row), created: true };
        });
      } catch (error) {
        if (!(error instanceof UniqueConstraintError)) throw error;
        const stored = await info(media.id);
        if (!stored) throw error;
        return { media: stored, created: false };
      }
    },

    async blobKeyOf(id: string): Promise<string | null> {
      const row = await models.MediaFile.findByPk(id, { attributes: ['blobKey'] });
      return row?.blobKey ?? null;
    },

    async referenced(key: string): Promise<boolean> {
      return (await models.MediaFile.count({ where: { blobKey: key } })) > 0;
    },
  };
}

/**
 * Files stored before migration 0015, whose bytes are still in their row: the start-up step
 * (media/move-blobs-out.ts) puts each in the blob store, then keeps its key and empties the row.
 */
export function createLegacyMediaRepository(models: Models) {
  return {
    async nextWithBytes(limit: number): Promise<{ id: string; bytes: Buffer }[]> {
      const rows = await models.MediaFile.findAll({
        attributes: ['id', 'bytes'],
        where: { blobKey: null },
        order: [['id', 'ASC']],
        limit,
      });
      return rows.map((row) => ({ id: row.id, bytes: row.bytes }));
    },
    async moved(id: string, key: string): Promise<void> {
      await models.MediaFile.update(
        { blobKey: key, bytes: Buffer.alloc(0) },
        { where: { id, blobKey: null } },
      );
    },
  };
}
export type MediaRepository = ReturnType<typeof createMediaRepository>;
