import { fn, col, Op, type Sequelize, type Transaction } from 'sequelize';
import type {
  CoachingRhythm,
  ConversationInput,
  ObservationInput,
} from '../../../shared/domain/coaching/cycle.ts';
import { CoachingRhythmSchema, modelRecordingOf } from '../../../shared/domain/coaching/cycle.ts';
import * as v from 'valibot';
import type {
  CaseloadFacts,
  CourseScope,
  CycleStore,
  RecordSave,
  SaveOutcome,
  StoredRecord,
} from '../../cycle/ports.ts';
import type { ConversationRow, Models, ObservationRow } from '../models.ts';
import { inTransaction, lockRowGroup } from '../transaction.ts';
import { nextSyncSeq, takeStepWriteLock, toActionStep } from './action-steps.ts';

const toStored = <Input extends object>(
  row: ObservationRow | ConversationRow,
  at: Date,
): StoredRecord<Input> => ({
  id: row.id,
  teacherId: row.teacherId,
  coachId: row.coachId,
  version: row.version,
  at: at.toISOString(),
  record: row.record as Input,
});

const observationOf = (row: ObservationRow) => toStored<ObservationInput>(row, row.startedAt);
const conversationOf = (row: ConversationRow) => toStored<ConversationInput>(row, row.heldAt);

/** Per teacher, one number (a MAX or a COUNT) from a grouped query; SQLite gives dates as text. */
async function perTeacher(
  model: { findAll: (options: object) => Promise<unknown[]> },
  options: { where: object; teacherColumn: string; value: ReturnType<typeof fn> },
): Promise<Map<string, string>> {
  const rows = (await model.findAll({
    attributes: [
      [col(options.teacherColumn), 'teacherId'],
      [options.value, 'value'],
    ],
    where: options.where,
    group: [options.teacherColumn],
    raw: true,
  })) as { teacherId: string; value: string | number | Date }[];
  return new Map(
    rows.map((row) => [
      row.teacherId,
      row.value instanceof Date ? row.value.toISOString() : String(row.value),
    ]),
  );
}

/** SQLite hands MAX(date) back as text ("2026-12-02 09:15:00.000 +00:00"), PostgreSQL as a Date. */
const asInstants = (map: Map<string, string>) =>
  new Map(
    [...map].map(([teacher, value]) => [
      teacher,
      new Date(value.replace(' ', 'T').replace(' ', '')).toISOString(),
    ]),
  );

const asCounts = (map: Map<string, string>) =>
  new Map([...map].map(([teacher, value]) => [teacher, Number(value)]));

/** What every cycle record is created with: whose it is, its input, version 1 and this change. */
interface NewRecordColumns<Input> extends CourseScope {
  id: string;
  teacherId: string;
  coachId: string;
  record: Input;
  version: number;
  lastChangeId: string;
  createdAt: Date;
  updatedAt: Date;
}

/** What every edit of a cycle record writes besides its content. */
interface VersionColumns {
  version: number;
  lastChangeId: string;
  updatedAt: Date;
}

export function createCycleStore(sequelize: Sequelize, models: Models): CycleStore {
  /**
   * The version rule both records share: a new id at version 0 is created; a retry of the change
   * that wrote the stored version is a duplicate; an edit of the stored version is saved; any
   * other version is a conflict. Rows of another course or teacher are as if absent.
   */
  async function save<Input extends { teacherId: string }, Row extends ObservationRow | ConversationRow>(
    find: (id: string, transaction: Transaction) => Promise<Row | null>,
    course: CourseScope,
    request: RecordSave<Input>,
    context: { transaction: Transaction; now: Date },
    write: {
      /** Creates the row from these columns (and its own time column). */
      create(columns: NewRecordColumns<Input>): Promise<Row>;
      /** Applies the edit with these version columns. */
      update(row: Row, version: VersionColumns): Promise<void>;
      read(row: Row): StoredRecord<Input>;
    },
  ): Promise<SaveOutcome<Input>> {
    const { transaction, now } = context;
    // Two devices saving the same new record at once take turns (PostgreSQL; SQLite has one writer).
    await lockRowGroup(sequelize, transaction, `cycle-record:${request.id}`);
    const row = await find(request.id, transaction);
    if (!row) {
      if (request.baseVersion !== 0) return { status: 'not-found' };
      const created = await write.create({
        ...course,
        id: request.id,
        teacherId: request.input.teacherId,
        coachId: request.coachId,
        record: request.input,
        version: 1,
        lastChangeId: request.changeId,
        createdAt: now,
        updatedAt: now,
      });
      return { status: 'saved', stored: write.read(created) };
    }
    if (
      row.tenant !== course.tenant ||
      row.contextKey !== course.contextKey ||
      row.teacherId !== request.input.teacherId
    )
      return { status: 'not-found' };
    if (row.lastChangeId === request.changeId) return { status: 'duplicate', stored: write.read(row) };
    if (row.version !== request.baseVersion) return { status: 'conflict', stored: write.read(row) };
    await write.update(row, { version: row.version + 1, lastChangeId: request.changeId, updatedAt: now });
    return { status: 'saved', stored: write.read(row) };
  }

  return {
    saveObservation: (course, request, now) =>
      inTransaction(sequelize, (transaction) =>
        save<ObservationInput, ObservationRow>(
          (id) => models.Observation.findByPk(id, { transaction, lock: transaction.LOCK.UPDATE }),
          course,
          request,
          { transaction, now },
          {
            create: (columns) =>
              models.Observation.create(
                { ...columns, startedAt: new Date(request.input.startedAt) },
                { transaction },
              ),
            update: async (row, version) => {
              await row.update({ record: request.input, ...version }, { transaction });
            },
            read: observationOf,
          },
        ),
      ),

    saveConversation: (course, request, now) =>
      inTransaction(sequelize, async (transaction) => {
        await takeStepWriteLock(sequelize, transaction);
        const teacher = { ...course, teacherId: request.input.teacherId };
        /** Sets the check-back day on the teacher's current step, which syncs again. */
        const setCheckBack = async (checkBackOn: string) => {
          await models.ActionStep.update(
            { checkBackOn, seq: await nextSyncSeq(models, transaction) },
            { where: { ...teacher, status: 'current' }, transaction },
          );
        };
        let invalid: string | null = null;
        const outcome = await save<ConversationInput, ConversationRow>(
          (id) => models.Conversation.findByPk(id, { transaction, lock: transaction.LOCK.UPDATE }),
          course,
          request,
          { transaction, now },
          {
            create: async (columns) => {
              const decision = request.input.step;
              const current = await models.ActionStep.findOne({
                where: { ...teacher, status: 'current' },
                transaction,
              });
              if (decision.decision === 'keep' && !current) {
                invalid = 'This teacher has no current step to keep: set their next step.';
              }
              if (decision.decision === 'next') {
                await models.ActionStep.update(
                  {
                    status: 'archived',
                    securedAt: now,
                    securedBy: request.coachId,
                    securedByName: request.coachName,
                    seq: await nextSyncSeq(models, transaction),
                  },
                  { where: { ...teacher, status: 'current' }, transaction },
                );
                await models.ActionStep.create(
                  {
                    ...decision.step,
                    ...teacher,
                    // The conversation's id names the step it set: one step per conversation.
                    id: request.id,
                    setBy: request.coachId,
                    status: 'current',
                    setAt: now,
                    checkBackOn: request.input.checkBackOn,
                    moduleId: decision.fromModule,
                    seq: await nextSyncSeq(models, transaction),
                  },
                  { transaction },
                );
              } else {
                await setCheckBack(request.input.checkBackOn);
              }
              return models.Conversation.create(
                { ...columns, heldAt: now, modelMediaId: modelRecordingOf(request.input.model) },
                { transaction },
              );
            },
            // An edit corrects the record; the step decision it made the first time stands.
            update: async (row, version) => {
              const record = { ...request.input, step: row.record.step };
              if (record.checkBackOn !== row.record.checkBackOn) await setCheckBack(record.checkBackOn);
              await row.update(
                { record, modelMediaId: modelRecordingOf(record.model), ...version },
                { transaction },
              );
            },
            read: conversationOf,
          },
        );
        if (invalid !== null) {
          // Nothing the create wrote may stay: roll the whole transaction back.
          throw new InvalidSave(invalid);
        }
        return outcome;
      }).catch((error: unknown) => {
        if (error instanceof InvalidSave) return { status: 'invalid' as const, message: error.message };
        throw error;
      }),

    async showsModelRecording(course, mediaId, teacherId) {
      const row = await models.Conversation.findOne({
        attributes: ['id'],
        where: { tenant: course.tenant, contextKey: course.contextKey, modelMediaId: mediaId, teacherId },
      });
      return row !== null;
    },

    async observation(course, id) {
      const row = await models.Observation.findOne({ where: { ...course, id } });
      return row ? observationOf(row) : null;
    },

    async latestObservation(course, teacherId) {
      const row = await models.Observation.findOne({
        where: { ...course, teacherId },
        order: [['startedAt', 'DESC']],
      });
      return row ? observationOf(row) : null;
    },

    async conversations(course, teacherId, page) {
      const rows = await models.Conversation.findAll({
        where: { ...course, teacherId },
        order: [
          ['heldAt', 'DESC'],
          ['id', 'DESC'],
        ],
        limit: page.limit,
      });
      return rows.map(conversationOf);
    },

    async caseloadFacts(course, since): Promise<CaseloadFacts> {
      const members = await models.Member.findAll({
        where: { contextKey: course.contextKey, role: 'teacher' },
        order: [['userId', 'ASC']],
      });
      const currentSteps = await models.ActionStep.findAll({ where: { ...course, status: 'current' } });
      const after = since ?? new Date(0);
      const [lastObservationAt, lastConversationAt, roundsWaiting, checkInsSince, reflectionsSince] =
        await Promise.all([
          perTeacher(models.Observation, {
            where: course,
            teacherColumn: 'teacherId',
            value: fn('MAX', col('startedAt')),
          }),
          perTeacher(models.Conversation, {
            where: course,
            teacherColumn: 'teacherId',
            value: fn('MAX', col('heldAt')),
          }),
          perTeacher(models.PracticeRound, {
            where: { ...course, reviewed: false },
            teacherColumn: 'traineeId',
            value: fn('COUNT', col('id')),
          }),
          perTeacher(models.CheckIn, {
            where: { ...course, at: { [Op.gt]: after } },
            teacherColumn: 'userId',
            value: fn('COUNT', col('id')),
          }),
          perTeacher(models.Reflection, {
            where: { ...course, writtenAt: { [Op.gt]: after } },
            teacherColumn: 'userId',
            value: fn('COUNT', col('id')),
          }),
        ]);
      return {
        teachers: members.map((member) => ({ teacherId: member.userId, name: member.name ?? member.userId })),
        currentSteps: currentSteps.map(toActionStep),
        lastObservationAt: asInstants(lastObservationAt),
        lastConversationAt: asInstants(lastConversationAt),
        roundsWaiting: asCounts(roundsWaiting),
        checkInsSince: asCounts(checkInsSince),
        reflectionsSince: asCounts(reflectionsSince),
      };
    },

    async currentStepModule(course, teacherId) {
      const row = await models.ActionStep.findOne({
        where: { tenant: course.tenant, contextKey: course.contextKey, teacherId, status: 'current' },
        attributes: ['moduleId'],
      });
      return row?.moduleId ?? null;
    },

    async plannedObservations(course) {
      const rows = await models.PlannedObservation.findAll({
        where: { tenant: course.tenant, contextKey: course.contextKey },
      });
      return rows.map((row) => ({ teacherId: row.teacherId, on: row.on }));
    },

    async planObservation(course, plan, now) {
      const where = { tenant: course.tenant, contextKey: course.contextKey, teacherId: plan.teacherId };
      if (plan.on === null) {
        await models.PlannedObservation.destroy({ where });
        return;
      }
      await models.PlannedObservation.upsert({
        ...where,
        coachId: plan.coachId,
        on: plan.on,
        updatedAt: now,
      });
    },

    async rhythm(course) {
      const row = await models.CourseSetting.findOne({
        where: { tenant: course.tenant, contextKey: course.contextKey },
      });
      if (!row) return null;
      const parsed = v.safeParse(CoachingRhythmSchema, row.rhythm);
      return parsed.success ? parsed.output : null;
    },

    async setRhythm(course, rhythm: CoachingRhythm, now) {
      await models.CourseSetting.upsert({
        tenant: course.tenant,
        contextKey: course.contextKey,
        rhythm,
        updatedAt: now,
      });
    },

    async markSeen(course, coachId, now) {
      return inTransaction(sequelize, async (transaction) => {
        const row = await models.CaseloadView.findOne({
          where: { contextKey: course.contextKey, coachId },
          transaction,
        });
        await models.CaseloadView.upsert(
          { contextKey: course.contextKey, coachId, seenAt: now },
          { transaction },
        );
        return row?.seenAt ?? null;
      });
    },
  };
}

class InvalidSave extends Error {}
