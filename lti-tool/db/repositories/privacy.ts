import { Op, QueryTypes, type Sequelize, type Transaction } from 'sequelize';
import type { ConversationInput, ObservationInput } from '../../../shared/domain/coaching/cycle.ts';
import { tenantKeyOf } from '../../core/link-keys.ts';
import { wireRound } from '../../practice/ports.ts';
import type {
  ErasureCounts,
  ErasureRequest,
  ErasureSteps,
  ErasureStore,
  ErasureTarget,
  PersonAt,
  PersonalData,
  PersonalDataStore,
  RetentionStore,
  TenantOfIssuer,
} from '../../privacy/ports.ts';
import type { ConversationRow, ErasureRequestRow, Models, ObservationRow } from '../models.ts';
import { inTransaction } from '../transaction.ts';
import { nextSyncSeq, takeStepWriteLock, toActionStep } from './action-steps.ts';
import { toRound } from './practice-rounds.ts';
import { clearProgrammeSnapshots } from './programme-snapshots.ts';

/** Retention deletes this many recordings per transaction, so no write waits long behind it. */
const RETENTION_BATCH = 200;

const counts = (
  removed: Record<string, number> = {},
  anonymised: Record<string, number> = {},
): ErasureCounts => ({
  removed,
  anonymised,
});

const toRequest = (row: ErasureRequestRow): ErasureRequest => ({
  id: row.id,
  tenant: row.tenant,
  userId: row.userId ?? '',
  requestedAt: row.requestedAt.toISOString(),
});

/** A conversation's model without the recording that was deleted; it says so if it said nothing else. */
function withoutRecording(record: ConversationInput): ConversationInput {
  const { model } = record;
  if (model.kind !== 'own' || !model.recording) return record;
  return {
    ...record,
    model: {
      kind: 'own',
      form: model.form,
      description: model.description || 'The recording of this model was deleted.',
    },
  };
}

/**
 * The data-rights queries (privacy/ports.ts): a person's download, their erasure step by step in
 * one transaction, provider admins' erasure requests, and the retention of recordings.
 */
export function createPrivacyRepository(
  sequelize: Sequelize,
  models: Models,
): PersonalDataStore & ErasureStore & RetentionStore {
  /** An institution's courses: key → title. Members, grade jobs and caseload views are keyed by course only. */
  async function coursesOf(tenants: readonly string[], transaction?: Transaction) {
    const rows = await models.Context.findAll({
      attributes: ['key', 'title'],
      where: { tenant: { [Op.in]: [...tenants] } },
      transaction,
    });
    return new Map(rows.map((row) => [row.key, row.title]));
  }

  function stepsIn(transaction: Transaction): ErasureSteps {
    const inTenants = (target: ErasureTarget) => ({ [Op.in]: [...target.tenants] });
    const destroy = (
      model: { destroy(options: object): Promise<number> },
      where: Record<string, unknown>,
    ): Promise<number> => model.destroy({ where, transaction });
    /** A table without a model here: its rows of the person at the institutions (SQLite ≥ 3.35 and PostgreSQL). */
    const deleteRows = async (table: 'programme_leaders' | 'programme_notes', target: ErasureTarget) =>
      (
        await sequelize.query(
          `DELETE FROM "${table}" WHERE "tenant" IN (:tenants) AND "userId" = :userId RETURNING 1 AS "gone"`,
          {
            replacements: { tenants: [...target.tenants], userId: target.userId },
            type: QueryTypes.SELECT,
            transaction,
          },
        )
      ).length;

    return {
      async removeAccess(target) {
        const { userId } = target;
        const tenant = inTenants(target);
        // Login states name the person only in the login_hint they carry, per platform.
        const contexts = await models.Context.findAll({
          attributes: ['issuer', 'clientId'],
          where: { tenant },
          transaction,
        });
        const platforms = contexts.length
          ? await models.Platform.findAll({
              attributes: ['id'],
              where: { [Op.or]: contexts.map((c) => ({ issuer: c.issuer, clientId: c.clientId })) },
              transaction,
            })
          : [];
        const states = platforms.length
          ? await models.LoginState.findAll({
              attributes: ['state', 'relaunchQuery'],
              where: { platformId: { [Op.in]: platforms.map((p) => p.id) } },
              transaction,
            })
          : [];
        const theirs = states
          .filter((row) => new URLSearchParams(row.relaunchQuery).get('login_hint') === userId)
          .map((row) => row.state);
        return counts({
          coaching_sessions: await destroy(models.Session, { tenant, userId }),
          pairing_codes: await destroy(models.PairingCode, { tenant, userId }),
          extension_devices: await destroy(models.Device, { tenant, userId }),
          applied_changes: await destroy(models.AppliedChange, { tenant, userId }),
          lti_login_states: theirs.length
            ? await destroy(models.LoginState, { state: { [Op.in]: theirs } })
            : 0,
        });
      },

      async removeRecordings(target) {
        const { userId } = target;
        const tenant = inTenants(target);
        const own = await models.MediaFile.findAll({
          attributes: ['id'],
          // Model files are the institution's: they stay, anonymised (anonymiseAuthorship).
          where: { tenant, ownerId: userId, purpose: { [Op.in]: ['rehearsal', 'coaching'] } },
          transaction,
        });
        const madeForThem = await models.Conversation.findAll({
          attributes: ['modelMediaId'],
          where: { tenant, teacherId: userId, modelMediaId: { [Op.ne]: null } },
          transaction,
        });
        const ids = [
          ...new Set([...own.map((row) => row.id), ...madeForThem.flatMap((row) => row.modelMediaId ?? [])]),
        ];
        if (ids.length === 0) return counts();
        const gone = { [Op.in]: ids };
        // Others' records that referred to one of them keep everything else.
        const referring = await models.Conversation.findAll({
          where: { modelMediaId: gone, teacherId: { [Op.ne]: userId } },
          transaction,
        });
        for (const row of referring) {
          await row.update({ record: withoutRecording(row.record), modelMediaId: null }, { transaction });
        }
        const [rounds] = await models.PracticeRound.update(
          { audioId: null },
          { where: { audioId: gone, traineeId: { [Op.ne]: userId } }, transaction },
        );
        const removing = { id: gone, purpose: { [Op.ne]: 'model' } };
        const files = await models.MediaFile.findAll({
          attributes: ['blobKey'],
          where: removing,
          transaction,
        });
        return {
          ...counts(
            { media_files: await destroy(models.MediaFile, removing) },
            { conversations: referring.length, practice_rounds: rounds },
          ),
          blobs: files.flatMap((file) => file.blobKey ?? []),
        };
      },

      async forgetFigures(target, at) {
        return counts({
          programme_snapshots: await clearProgrammeSnapshots(sequelize, target.tenants, at, transaction),
        });
      },

      async removeRecordsAbout(target) {
        const { userId } = target;
        const tenant = inTenants(target);
        const courseKeys = { [Op.in]: [...(await coursesOf(target.tenants, transaction)).keys()] };
        return counts({
          coaching_members: await destroy(models.Member, { contextKey: courseKeys, userId }),
          action_steps: await destroy(models.ActionStep, { tenant, teacherId: userId }),
          practice_rounds: await destroy(models.PracticeRound, { tenant, traineeId: userId }),
          practice_drafts: await destroy(models.PracticeDraft, { tenant, userId }),
          check_ins: await destroy(models.CheckIn, { tenant, userId }),
          reflections: await destroy(models.Reflection, { tenant, userId }),
          observations: await destroy(models.Observation, { tenant, teacherId: userId }),
          conversations: await destroy(models.Conversation, { tenant, teacherId: userId }),
          planned_observations: await destroy(models.PlannedObservation, { tenant, teacherId: userId }),
          grade_jobs: await destroy(models.GradeJob, { contextKey: courseKeys, userId }),
          caseload_views: await destroy(models.CaseloadView, { contextKey: courseKeys, coachId: userId }),
          coach_reminders: await destroy(models.CoachReminder, { tenant, coachId: userId }),
          // The programme view's tables (db/repositories/programme.ts keeps them in SQL of its own).
          programme_leaders: await deleteRows('programme_leaders', target),
          programme_notes: await deleteRows('programme_notes', target),
          // Shares they made and shares made to them (db/repositories/sharing.ts: SQL of its own too).
          shares: (
            await sequelize.query(
              `DELETE FROM "shares" WHERE "tenant" IN (:tenants) AND ("ownerId" = :userId OR "recipientId" = :userId)
               RETURNING 1 AS "gone"`,
              {
                replacements: { tenants: [...target.tenants], userId: target.userId },
                type: QueryTypes.SELECT,
                transaction,
              },
            )
          ).length,
        });
      },

      async anonymiseAuthorship(target, former) {
        const { userId } = target;
        const tenant = inTenants(target);
        const update = async (
          model: { update(values: object, options: object): Promise<[number, ...unknown[]]> },
          values: Record<string, unknown>,
          where: Record<string, unknown>,
        ) => (await model.update(values, { where, transaction }))[0];
        // A step the erased coach secured shows who secured it: it changes, so it syncs again.
        await takeStepWriteLock(sequelize, transaction);
        const secured = await models.ActionStep.findAll({
          where: { tenant, securedBy: userId },
          transaction,
        });
        for (const step of secured) {
          await step.update(
            { securedBy: former.id, securedByName: former.name, seq: await nextSyncSeq(models, transaction) },
            { transaction },
          );
        }
        const stepsSet = await update(models.ActionStep, { setBy: former.id }, { tenant, setBy: userId });
        return counts(
          {},
          {
            practice_rounds: await update(
              models.PracticeRound,
              { coachId: former.id, coachName: former.name },
              { tenant, coachId: userId },
            ),
            observations: await update(
              models.Observation,
              { coachId: former.id },
              { tenant, coachId: userId },
            ),
            conversations: await update(
              models.Conversation,
              { coachId: former.id },
              { tenant, coachId: userId },
            ),
            action_steps: Math.max(stepsSet, secured.length),
            planned_observations: await update(
              models.PlannedObservation,
              { coachId: former.id },
              { tenant, coachId: userId },
            ),
            coaching_modules: await update(
              models.CoachingModule,
              { createdBy: former.id },
              { tenant, createdBy: userId },
            ),
            media_files: await update(
              models.MediaFile,
              { ownerId: former.id },
              { tenant, ownerId: userId, purpose: 'model' },
            ),
            erasure_requests: await update(
              models.ErasureRequest,
              { requestedBy: former.id },
              { tenant, requestedBy: userId },
            ),
          },
        );
      },

      async closeRequests(target, removed, at) {
        const [closed] = await models.ErasureRequest.update(
          { status: 'done', userId: null, completedAt: at, removed },
          { where: { tenant: inTenants(target), userId: target.userId, status: 'pending' }, transaction },
        );
        return counts({}, { erasure_requests: closed });
      },
    };
  }

  return {
    async collect(person: PersonAt): Promise<PersonalData> {
      const { tenant, userId } = person;
      const courses = await coursesOf([tenant]);
      const course = (contextKey: string) => courses.get(contextKey) ?? null;
      const [
        members,
        steps,
        rounds,
        observations,
        conversations,
        checkIns,
        reflections,
        drafts,
        devices,
        media,
      ] = await Promise.all([
        models.Member.findAll({ where: { contextKey: { [Op.in]: [...courses.keys()] }, userId } }),
        models.ActionStep.findAll({
          where: { tenant, teacherId: userId },
          order: [
            ['setAt', 'ASC'],
            ['id', 'ASC'],
          ],
        }),
        models.PracticeRound.findAll({
          where: { tenant, traineeId: userId },
          order: [
            ['submittedAt', 'ASC'],
            ['id', 'ASC'],
          ],
        }),
        models.Observation.findAll({ where: { tenant, teacherId: userId }, order: [['startedAt', 'ASC']] }),
        models.Conversation.findAll({ where: { tenant, teacherId: userId }, order: [['heldAt', 'ASC']] }),
        models.CheckIn.findAll({
          where: { tenant, userId },
          order: [
            ['at', 'ASC'],
            ['id', 'ASC'],
          ],
        }),
        models.Reflection.findAll({
          where: { tenant, userId },
          order: [
            ['writtenAt', 'ASC'],
            ['id', 'ASC'],
          ],
        }),
        models.PracticeDraft.findAll({ where: { tenant, userId }, order: [['savedAt', 'ASC']] }),
        models.Device.findAll({
          where: { tenant, userId },
          order: [
            ['createdAt', 'ASC'],
            ['id', 'ASC'],
          ],
        }),
        models.MediaFile.findAll({
          attributes: ['id', 'purpose', 'contentType', 'size', 'createdAt'],
          where: { tenant, ownerId: userId },
          order: [
            ['createdAt', 'ASC'],
            ['id', 'ASC'],
          ],
        }),
      ]);
      const links = drafts.length
        ? await models.ResourceLink.findAll({
            attributes: ['key', 'contextKey'],
            where: { key: { [Op.in]: drafts.map((draft) => draft.linkKey) } },
          })
        : [];
      const courseOfLink = new Map(links.map((link) => [link.key, course(link.contextKey)]));
      const record = <Input>(row: ObservationRow | ConversationRow, at: Date) => ({
        id: row.id,
        teacherId: row.teacherId,
        coachId: row.coachId,
        version: row.version,
        at: at.toISOString(),
        record: row.record as Input,
        course: course(row.contextKey),
      });
      return {
        courses: members.map((member) => ({
          course: course(member.contextKey),
          name: member.name,
          role: member.role,
        })),
        actionSteps: steps.map((row) => ({ ...toActionStep(row), course: course(row.contextKey) })),
        practiceRounds: rounds.map((row) => ({
          ...wireRound(toRound(row)),
          linkKey: row.linkKey,
          course: course(row.contextKey),
        })),
        observations: observations.map((row) => record<ObservationInput>(row, row.startedAt)),
        conversations: conversations.map((row) => record<ConversationInput>(row, row.heldAt)),
        checkIns: checkIns.map((row) => ({
          id: row.id,
          actionStepId: row.actionStepId,
          outcome: row.outcome,
          note: row.note,
          at: row.at.toISOString(),
          course: course(row.contextKey),
        })),
        reflections: reflections.map((row) => ({
          id: row.id,
          wentWell: row.wentWell,
          change: row.change,
          next: row.next,
          writtenAt: row.writtenAt.toISOString(),
          course: course(row.contextKey),
        })),
        drafts: drafts.map((row) => ({
          content: row.content,
          savedAt: row.savedAt.toISOString(),
          linkKey: row.linkKey,
          course: courseOfLink.get(row.linkKey) ?? null,
        })),
        pairedDevices: devices.map((row) => ({
          id: row.id,
          label: row.label ?? 'Browser extension',
          pairedAt: row.createdAt.toISOString(),
          lastUsedAt: row.lastSeenAt?.toISOString() ?? null,
          disconnectedAt: row.revokedAt?.toISOString() ?? null,
        })),
        recordings: media.map((row) => ({
          id: row.id,
          purpose: row.purpose,
          contentType: row.contentType,
          size: row.size,
          createdAt: row.createdAt.toISOString(),
        })),
      };
    },

    async blobKeyOf(person: PersonAt, mediaId: string): Promise<string | null> {
      const row = await models.MediaFile.findOne({
        attributes: ['blobKey'],
        where: { id: mediaId, tenant: person.tenant, ownerId: person.userId },
      });
      return row?.blobKey ?? null;
    },

    async tenantsOf(issuer: string, clientId: string | null): Promise<TenantOfIssuer[]> {
      const byClient = clientId === null ? {} : { clientId };
      const platforms = await models.Platform.findAll({ where: { issuer, ...byClient } });
      const deployments = platforms.length
        ? await models.Deployment.findAll({ where: { platformId: { [Op.in]: platforms.map((p) => p.id) } } })
        : [];
      const found = new Map<string, TenantOfIssuer>();
      for (const deployment of deployments) {
        const platform = platforms.find((p) => p.id === deployment.platformId)!;
        const tenant = tenantKeyOf({
          tenant: { issuer, clientId: platform.clientId, deploymentId: deployment.deploymentId },
        });
        found.set(tenant, { tenant, clientId: platform.clientId, deploymentId: deployment.deploymentId });
      }
      // Courses remember institutions whose deployment was removed from the registry since.
      const contexts = await models.Context.findAll({
        attributes: ['tenant', 'clientId'],
        where: { issuer, ...byClient },
      });
      for (const context of contexts) {
        if (!found.has(context.tenant)) {
          found.set(context.tenant, {
            tenant: context.tenant,
            clientId: context.clientId,
            deploymentId: null,
          });
        }
      }
      return [...found.values()];
    },

    inTransaction: (work) => inTransaction(sequelize, (transaction) => work(stepsIn(transaction))),

    async request(request) {
      return inTransaction(sequelize, async (transaction) => {
        const pending = await models.ErasureRequest.findOne({
          where: { tenant: request.tenant, userId: request.userId, status: 'pending' },
          transaction,
        });
        if (pending) return toRequest(pending);
        const row = await models.ErasureRequest.create(
          { ...request, requestedAt: new Date(request.requestedAt), status: 'pending' },
          { transaction },
        );
        return toRequest(row);
      });
    },

    async pendingRequests() {
      const rows = await models.ErasureRequest.findAll({
        where: { status: 'pending' },
        order: [['requestedAt', 'ASC']],
      });
      return rows.map(toRequest);
    },

    async pendingRequest(id: string) {
      const row = await models.ErasureRequest.findOne({ where: { id, status: 'pending' } });
      return row ? toRequest(row) : null;
    },

    async deleteRehearsalsBefore(before: Date, afterDays: number) {
      let deleted = 0;
      const blobs: string[] = [];
      for (;;) {
        const batch = await inTransaction(sequelize, async (transaction) => {
          const rows = await models.MediaFile.findAll({
            attributes: ['id', 'blobKey'],
            where: { purpose: 'rehearsal', createdAt: { [Op.lt]: before } },
            order: [['createdAt', 'ASC']],
            limit: RETENTION_BATCH,
            transaction,
          });
          if (rows.length === 0) return 0;
          const ids = { [Op.in]: rows.map((row) => row.id) };
          await models.PracticeRound.update(
            { audioId: null, audioDeletedAfterDays: afterDays },
            { where: { audioId: ids }, transaction },
          );
          blobs.push(...rows.flatMap((row) => row.blobKey ?? []));
          return models.MediaFile.destroy({ where: { id: ids }, transaction });
        });
        deleted += batch;
        if (batch < RETENTION_BATCH) return { deleted, blobs };
      }
    },
  };
}
