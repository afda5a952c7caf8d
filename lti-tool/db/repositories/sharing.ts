import { QueryTypes, type Sequelize } from 'sequelize';
import type { ConversationInput } from '../../../shared/domain/coaching/cycle.ts';
import type { ShareKind } from '../../../shared/protocol/sharing-api.ts';
import type { ShareStore, StoredShare } from '../../sharing/sharing-service.ts';
import type { Models } from '../models.ts';
import { toRound } from './practice-rounds.ts';

interface ShareRow {
  id: string;
  tenant: string;
  ownerId: string;
  kind: ShareKind;
  itemId: string;
  recipientId: string;
  recipientName: string;
  createdAt: unknown;
  revokedAt: unknown;
}

/** SQLite hands back the ISO text this repository wrote; PostgreSQL a Date. */
const iso = (value: unknown) => (value instanceof Date ? value : new Date(String(value))).toISOString();

const toShare = (row: ShareRow): StoredShare => ({
  id: row.id,
  tenant: row.tenant,
  ownerId: row.ownerId,
  kind: row.kind,
  itemId: row.itemId,
  recipientId: row.recipientId,
  recipientName: row.recipientName,
  createdAt: iso(row.createdAt),
  revokedAt: row.revokedAt === null || row.revokedAt === undefined ? null : iso(row.revokedAt),
});

/**
 * Shares (migration 0012), in SQL of their own; the shared items are read through the models, and
 * only the owner's (round: `traineeId`, conversation: `teacherId`) in the share's tenant.
 */
export function createSharingRepository(sequelize: Sequelize, models: Models): ShareStore {
  const select = (sql: string, replacements: Record<string, unknown>) =>
    sequelize.query<ShareRow>(sql, { type: QueryTypes.SELECT, replacements });

  return {
    async round(tenant, ownerId, id) {
      const row = await models.PracticeRound.findOne({ where: { id, tenant, traineeId: ownerId } });
      return row ? toRound(row) : null;
    },

    async conversation(tenant, ownerId, id) {
      const row = await models.Conversation.findOne({ where: { id, tenant, teacherId: ownerId } });
      return row ? { heldAt: row.heldAt.toISOString(), record: row.record as ConversationInput } : null;
    },

    async get(id) {
      const [row] = await select(`SELECT * FROM "shares" WHERE "id" = :id`, { id });
      return row ? toShare(row) : null;
    },

    async insert(share) {
      await sequelize.query(
        `INSERT INTO "shares" ("id", "tenant", "ownerId", "kind", "itemId", "recipientId", "recipientName", "createdAt", "revokedAt")
         VALUES (:id, :tenant, :ownerId, :kind, :itemId, :recipientId, :recipientName, :createdAt, NULL)`,
        { replacements: { ...share } },
      );
    },

    async byOwner(tenant, ownerId) {
      const rows = await select(
        `SELECT * FROM "shares" WHERE "tenant" = :tenant AND "ownerId" = :ownerId ORDER BY "createdAt" DESC, "id"`,
        { tenant, ownerId },
      );
      return rows.map(toShare);
    },

    async revoke(tenant, ownerId, id, at) {
      const theirs = await select(
        `SELECT * FROM "shares" WHERE "id" = :id AND "tenant" = :tenant AND "ownerId" = :ownerId`,
        { id, tenant, ownerId },
      );
      if (theirs.length === 0) return false;
      await sequelize.query(
        `UPDATE "shares" SET "revokedAt" = :at WHERE "id" = :id AND "tenant" = :tenant AND "ownerId" = :ownerId
         AND "revokedAt" IS NULL`,
        { replacements: { at, id, tenant, ownerId } },
      );
      return true;
    },

    async activeFor(tenant, recipientId) {
      const rows = await select(
        `SELECT * FROM "shares" WHERE "tenant" = :tenant AND "recipientId" = :recipientId AND "revokedAt" IS NULL
         ORDER BY "createdAt" DESC, "id"`,
        { tenant, recipientId },
      );
      return rows.map(toShare);
    },

    async nameOf(tenant, userId) {
      const [row] = await sequelize.query<{ name: string }>(
        `SELECT m."name" FROM "coaching_members" m JOIN "coaching_contexts" c ON c."key" = m."contextKey"
         WHERE c."tenant" = :tenant AND m."userId" = :userId AND m."name" IS NOT NULL
         ORDER BY m."updatedAt" DESC LIMIT 1`,
        { type: QueryTypes.SELECT, replacements: { tenant, userId } },
      );
      return row?.name ?? null;
    },
  };
}
