import { UniqueConstraintError, type Sequelize } from 'sequelize';
import type { Draft } from '../../../shared/protocol/practice-api.ts';
import type { DraftKey, DraftStore } from '../../practice/ports.ts';
import type { Models, PracticeDraftRow } from '../models.ts';
import { inTransaction, sequelizeTransaction, type DbTransaction } from '../transaction.ts';

function toDraft(row: PracticeDraftRow): Draft {
  return { content: row.content, savedAt: row.savedAt.toISOString() };
}

/** A trainee's practice draft per activity, kept so a new device or a restart loses nothing. */
export function createDraftRepository(sequelize: Sequelize, models: Models): DraftStore {
  async function get(key: DraftKey, transaction?: DbTransaction): Promise<Draft | null> {
    const row = await models.PracticeDraft.findOne({
      where: { ...key },
      transaction: sequelizeTransaction(transaction),
    });
    return row ? toDraft(row) : null;
  }

  async function keepNewer(key: DraftKey, draft: Draft): Promise<Draft> {
    return inTransaction(sequelize, async (transaction) => {
      const row = await models.PracticeDraft.findOne({
        where: { ...key },
        transaction,
        lock: transaction.LOCK.UPDATE,
      });
      if (row) {
        const stored = toDraft(row);
        if (Date.parse(stored.savedAt) >= Date.parse(draft.savedAt)) return stored;
        await row.update({ content: draft.content, savedAt: new Date(draft.savedAt) }, { transaction });
        return toDraft(row);
      }
      const created = await models.PracticeDraft.create(
        { ...key, content: draft.content, savedAt: new Date(draft.savedAt) },
        { transaction },
      );
      return toDraft(created);
    });
  }

  return {
    get: (key: DraftKey) => get(key),

    /** Keeps whichever of the stored and the given draft was saved later; returns what it kept. */
    async save(key: DraftKey, draft: Draft): Promise<Draft> {
      try {
        return await keepNewer(key, draft);
      } catch (error) {
        // Two first saves at once: the other one is stored now, so compare with it.
        if (!(error instanceof UniqueConstraintError)) throw error;
        return keepNewer(key, draft);
      }
    },

    async remove(key: DraftKey): Promise<void> {
      await models.PracticeDraft.destroy({ where: { ...key } });
    },

    /** In a round's submission: the draft that became this round is done with. */
    async removeIfRound(key: DraftKey, roundId: string, transaction: DbTransaction): Promise<void> {
      const draft = await get(key, transaction);
      if (draft?.content.roundId !== roundId) return;
      await models.PracticeDraft.destroy({
        where: { ...key },
        transaction: sequelizeTransaction(transaction),
      });
    },
  };
}
