import {
  col,
  fn,
  Op,
  UniqueConstraintError,
  type Attributes,
  type Order,
  type Sequelize,
  type WhereOptions,
} from 'sequelize';
import type { FeedbackInput } from '../../../shared/domain/coaching/practice.ts';
import { DomainError } from '../../../shared/domain/errors.ts';
import type { NewRound, PracticeRoundStore, QueueCursor, StoredRound } from '../../practice/ports.ts';
import { olderThan, pageOfRows, type OlderThan } from '../keyset.ts';
import type { Models, PracticeRoundRow } from '../models.ts';
import { asDbTransaction, inTransaction, lockRowGroup, type DbTransaction } from '../transaction.ts';

export function toRound(row: PracticeRoundRow): StoredRound {
  // Feedback counts once it is marked reviewed and dated.
  const givenAt = row.reviewed ? row.givenAt : null;
  return {
    id: row.id,
    tenant: row.tenant,
    contextKey: row.contextKey,
    linkKey: row.linkKey,
    moduleId: row.moduleId,
    traineeId: row.traineeId,
    traineeName: row.traineeName,
    roundNumber: row.roundNumber,
    script: row.script,
    audioId: row.audioId,
    // Only when it happened: the page says so instead of showing a player.
    ...(row.audioDeletedAfterDays ? { audioDeletedAfterDays: row.audioDeletedAfterDays } : {}),
    selfAssessment: row.selfAssessment,
    submittedAt: row.submittedAt.toISOString(),
    feedback: givenAt
      ? {
          praise: row.praise ?? '',
          probe: row.probe ?? '',
          nextStep: row.nextStep ?? '',
          criteria: row.criteria ?? [],
          coachName: row.coachName,
          givenAt: givenAt.toISOString(),
        }
      : null,
  };
}

/** The stored round for an id sent again: the same trainee's repeat, or someone else's id (a conflict). */
function repeated(stored: StoredRound | null, round: NewRound): { round: StoredRound; created: false } {
  if (!stored || stored.tenant !== round.tenant || stored.traineeId !== round.traineeId) {
    throw new DomainError('conflict', 'This round id is already in use. Start a new round.');
  }
  return { round: stored, created: false };
}

/** Submission order: oldest first, then by id. */
const SUBMITTED_ORDER: Order = [
  ['submittedAt', 'ASC'],
  ['id', 'ASC'],
];

/** Practice rounds and the feedback on them. */
export function createPracticeRoundRepository(
  sequelize: Sequelize,
  models: Models,
  now: () => Date = () => new Date(),
): PracticeRoundStore {
  async function get(id: string): Promise<StoredRound | null> {
    const row = await models.PracticeRound.findByPk(id);
    return row ? toRound(row) : null;
  }

  return {
    get,

    /**
     * Stores a new round as the trainee's next on that activity, and runs `alsoInTransaction`
     * (the grade event, the draft clean-up) in the same transaction. The same id again returns
     * the stored round with `created: false` and runs nothing.
     */
    async submit(
      round: NewRound,
      alsoInTransaction: (round: StoredRound, transaction: DbTransaction) => Promise<void>,
    ): Promise<{ round: StoredRound; created: boolean }> {
      try {
        return await inTransaction(sequelize, async (transaction) => {
          // Round numbers are count + 1: one trainee's submissions on one activity take turns.
          await lockRowGroup(
            sequelize,
            transaction,
            `round:${round.tenant}:${round.linkKey}:${round.traineeId}`,
          );
          const existing = await models.PracticeRound.findByPk(round.id, { transaction });
          if (existing) return repeated(toRound(existing), round);
          const previous = await models.PracticeRound.count({
            where: { tenant: round.tenant, linkKey: round.linkKey, traineeId: round.traineeId },
            transaction,
          });
          const row = await models.PracticeRound.create(
            { ...round, roundNumber: previous + 1, submittedAt: now(), reviewed: false },
            { transaction },
          );
          const stored = toRound(row);
          await alsoInTransaction(stored, asDbTransaction(transaction));
          return { round: stored, created: true };
        });
      } catch (error) {
        // The same id committed by another request at the same moment: answer as a repeat.
        if (!(error instanceof UniqueConstraintError)) throw error;
        return repeated(await get(round.id), round);
      }
    },

    /**
     * Records a coach's feedback, once: a conditional UPDATE (still unreviewed) and
     * `alsoInTransaction` (the grade event) commit together. Null when the round already had
     * feedback (someone else's, or this coach's from another tab).
     */
    async giveFeedback(
      scope: { tenant: string; contextKey: string; id: string },
      feedback: FeedbackInput & { coachId: string; coachName: string | null },
      alsoInTransaction: (round: StoredRound, transaction: DbTransaction) => Promise<void>,
    ): Promise<StoredRound | null> {
      return inTransaction(sequelize, async (transaction) => {
        const [updated] = await models.PracticeRound.update(
          { ...feedback, reviewed: true, givenAt: now() },
          { where: { ...scope, reviewed: false }, transaction },
        );
        if (updated !== 1) return null;
        const row = await models.PracticeRound.findByPk(scope.id, { transaction });
        const round = toRound(row!);
        await alsoInTransaction(round, asDbTransaction(transaction));
        return round;
      });
    },

    /**
     * One trainee's rounds on one activity, newest first (by round number), `limit` of them
     * below round `before`; `more` when there are earlier ones still.
     */
    async onActivityPage(
      scope: { tenant: string; contextKey: string; traineeId: string; linkKey: string },
      page: { limit: number; before: number | null },
    ): Promise<{ items: StoredRound[]; more: boolean }> {
      const rows = await models.PracticeRound.findAll({
        where: {
          ...scope,
          ...(page.before === null ? {} : { roundNumber: { [Op.lt]: page.before } }),
        },
        order: [['roundNumber', 'DESC']],
        limit: page.limit + 1,
      });
      const { items, more } = pageOfRows(rows, page.limit);
      return { items: items.map(toRound), more };
    },

    /** One trainee's rounds in a course, newest submitted first, `limit` of them after `before`. */
    async inCoursePage(
      scope: { tenant: string; contextKey: string; traineeId: string },
      page: { limit: number; before: OlderThan | null },
    ): Promise<{ items: StoredRound[]; more: boolean }> {
      const rows = await models.PracticeRound.findAll({
        where: { [Op.and]: [{ ...scope }, olderThan('submittedAt', page.before)] },
        order: [
          ['submittedAt', 'DESC'],
          ['id', 'DESC'],
        ],
        limit: page.limit + 1,
      });
      const { items, more } = pageOfRows(rows, page.limit);
      return { items: items.map(toRound), more };
    },

    /**
     * One trainee's rounds with feedback across all their courses in an institution, newest
     * feedback first, at most `limit` (the paired extension's "recent feedback").
     */
    async recentFeedback(
      scope: { tenant: string; traineeId: string },
      limit: number,
    ): Promise<StoredRound[]> {
      const rows = await models.PracticeRound.findAll({
        where: {
          tenant: scope.tenant,
          traineeId: scope.traineeId,
          reviewed: true,
          givenAt: { [Op.ne]: null },
        },
        order: [
          ['givenAt', 'DESC'],
          ['id', 'DESC'],
        ],
        limit,
      });
      return rows.map(toRound);
    },

    /** A course's rounds without feedback, oldest first, `limit` after `cursor`; and how many in all. */
    async reviewQueue(
      scope: { tenant: string; contextKey: string },
      page: { limit: number; after: QueueCursor | null },
    ): Promise<{ rounds: StoredRound[]; total: number; more: boolean }> {
      const waiting = { tenant: scope.tenant, contextKey: scope.contextKey, reviewed: false };
      const after = page.after
        ? {
            [Op.or]: [
              { submittedAt: { [Op.gt]: new Date(page.after.submittedAt) } },
              { submittedAt: new Date(page.after.submittedAt), id: { [Op.gt]: page.after.id } },
            ],
          }
        : {};
      const [rows, total] = await Promise.all([
        models.PracticeRound.findAll({
          where: { ...waiting, ...after },
          order: SUBMITTED_ORDER,
          limit: page.limit + 1,
        }),
        models.PracticeRound.count({ where: waiting }),
      ]);
      return { rounds: rows.slice(0, page.limit).map(toRound), total, more: rows.length > page.limit };
    },

    /** Counts per module (of `moduleIds`) for an institution: never any text. */
    async countsByModule(
      tenant: string,
      moduleIds: readonly string[],
    ): Promise<Map<string, { rounds: number; reviewed: number; trainees: number }>> {
      if (moduleIds.length === 0) return new Map();
      const ofModules = { tenant, moduleId: { [Op.in]: [...moduleIds] } };
      const grouped = (where: WhereOptions<Attributes<PracticeRoundRow>>) =>
        models.PracticeRound.findAll({
          attributes: [
            'moduleId',
            [fn('COUNT', col('id')), 'rounds'],
            [fn('COUNT', fn('DISTINCT', col('traineeId'))), 'trainees'],
          ],
          where,
          group: ['moduleId'],
        });
      // COUNT comes back as a number on SQLite and as text on PostgreSQL.
      const count = (row: PracticeRoundRow, column: 'rounds' | 'trainees') => Number(row.get(column));
      const [all, reviewed] = await Promise.all([
        grouped(ofModules),
        grouped({ ...ofModules, reviewed: true }),
      ]);
      const counts = new Map<string, { rounds: number; reviewed: number; trainees: number }>();
      for (const row of all) {
        counts.set(row.moduleId, {
          rounds: count(row, 'rounds'),
          reviewed: 0,
          trainees: count(row, 'trainees'),
        });
      }
      for (const row of reviewed) {
        const entry = counts.get(row.moduleId);
        if (entry) entry.reviewed = count(row, 'rounds');
      }
      return counts;
    },
  };
}
