import { Op, type Attributes, type Sequelize, type Transaction, type WhereOptions } from 'sequelize';
import type { ActionStep } from '../../../shared/domain/coaching/action-step.ts';
import { ActionStepSchema } from '../../../shared/domain/coaching/action-step.ts';
import type { ChangeResult } from '../../../shared/protocol/sync.ts';
import type { Change } from '../../../shared/protocol/sync.ts';
import * as v from 'valibot';
import type { ActionStepRow, Models } from '../models.ts';
import { inTransaction } from '../transaction.ts';
import type { ActionStepStore, StepScope } from '../../steps/ports.ts';

/** A stored step as the domain has it (parsed again: a hand-edited row never reaches a page). */
export function toActionStep(row: ActionStepRow): ActionStep {
  return v.parse(ActionStepSchema, {
    id: row.id,
    teacherId: row.teacherId,
    goal: row.goal,
    title: row.title,
    what: row.what,
    successCriteria: row.successCriteria,
    whenToPractise: row.whenToPractise,
    why: row.why,
    status: row.status,
    setAt: row.setAt.toISOString(),
    // Only when set: clients from before the coaching cycle see the steps they always did.
    ...(row.checkBackOn ? { checkBackOn: row.checkBackOn } : {}),
    ...(row.securedAt ? { securedAt: row.securedAt.toISOString() } : {}),
    ...(row.securedByName ? { securedByName: row.securedByName } : {}),
  });
}

/** Any constant every tool process shares: it names the lock below, it is not a secret. */
const STEP_WRITE_LOCK = 72_410_002;

/**
 * PostgreSQL with several tool processes: a pull returns seq > cursor, so steps must commit in
 * seq order, or a pull made after seq 11 committed but before seq 10 did would move a client's
 * cursor past 10 for good. A transaction-level advisory lock makes step writes take turns from
 * seq allocation to commit (it also keeps one current step per teacher under concurrent pushes).
 * SQLite needs nothing: it has one writer at a time.
 */
export async function takeStepWriteLock(sequelize: Sequelize, transaction: Transaction): Promise<void> {
  if (sequelize.getDialect() !== 'postgres') return;
  await sequelize.query('SELECT pg_advisory_xact_lock(:key)', {
    replacements: { key: STEP_WRITE_LOCK },
    transaction,
  });
}

/** The next number in the one sequence steps sync by (take the step write lock first). */
export async function nextSyncSeq(models: Models, transaction: Transaction): Promise<number> {
  return (await models.SyncSequence.create({}, { transaction })).seq;
}

export function createActionStepStore(
  sequelize: Sequelize,
  models: Models,
  now: () => Date = () => new Date(),
): ActionStepStore {
  return {
    /**
     * Applies a coach's set-action-step change: archives the teacher's current step
     * and inserts the new one, recording the change id so a repeat is a no-op.
     */
    async applySetStep(
      change: Extract<Change, { kind: 'set-action-step' }>,
      actor: { tenant: string; contextKey: string; userId: string },
    ): Promise<ChangeResult> {
      return inTransaction(sequelize, async (transaction) => {
        await takeStepWriteLock(sequelize, transaction);
        const seen = await models.AppliedChange.findByPk(change.id, { transaction });
        if (seen || (await models.ActionStep.findByPk(change.stepId, { transaction }))) {
          return { changeId: change.id, status: 'duplicate' as const };
        }
        const where = {
          tenant: actor.tenant,
          contextKey: actor.contextKey,
          teacherId: change.teacherId,
          status: 'current',
        };
        const archiveSeq = await nextSeq();
        await models.ActionStep.update({ status: 'archived', seq: archiveSeq }, { where, transaction });
        await models.ActionStep.create(
          {
            ...change.step,
            id: change.stepId,
            tenant: actor.tenant,
            contextKey: actor.contextKey,
            teacherId: change.teacherId,
            setBy: actor.userId,
            status: 'current',
            setAt: now(),
            seq: await nextSeq(),
          },
          { transaction },
        );
        await models.AppliedChange.create(
          { changeId: change.id, tenant: actor.tenant, userId: actor.userId },
          { transaction },
        );
        return { changeId: change.id, status: 'applied' as const };

        function nextSeq(): Promise<number> {
          return nextSyncSeq(models, transaction);
        }
      });
    },

    /**
     * Up to `limit` steps changed after sequence number `since`, in sequence order; `cursor` is
     * where the next pull starts and `more` says whether it already has something.
     */
    async pull(
      scope: StepScope,
      since: number,
      limit: number,
    ): Promise<{ cursor: string; steps: ActionStep[]; more: boolean }> {
      const where: WhereOptions<Attributes<ActionStepRow>> = { ...scope, seq: { [Op.gt]: since } };
      const rows = await models.ActionStep.findAll({ where, order: [['seq', 'ASC']], limit: limit + 1 });
      const page = rows.slice(0, limit);
      return {
        cursor: String(page.at(-1)?.seq ?? since),
        steps: page.map(toActionStep),
        more: rows.length > limit,
      };
    },

    /**
     * A paired device's step and the course it belongs to: the one named by `stepId` if it is
     * this teacher's (at this institution), else their newest current step; null if neither.
     */
    async ofTeacher(
      scope: { tenant: string; teacherId: string },
      stepId: string | null,
    ): Promise<{ step: ActionStep; contextKey: string } | null> {
      const row = await models.ActionStep.findOne({
        where: stepId === null ? { ...scope, status: 'current' } : { ...scope, id: stepId },
        order: [
          ['setAt', 'DESC'],
          ['seq', 'DESC'],
        ],
      });
      return row ? { step: toActionStep(row), contextKey: row.contextKey } : null;
    },

    async current(scope: {
      tenant: string;
      contextKey: string;
      teacherId: string;
    }): Promise<ActionStep | null> {
      const row = await models.ActionStep.findOne({ where: { ...scope, status: 'current' } });
      return row ? toActionStep(row) : null;
    },
  };
}
