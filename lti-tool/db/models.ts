import {
  DataTypes,
  Model,
  type CreationOptional,
  type InferAttributes,
  type InferCreationAttributes,
  type Sequelize,
} from 'sequelize';
import type { ActionStep } from '../../shared/domain/coaching/action-step.ts';
import type {
  CoachingRhythm,
  ConversationInput,
  ObservationInput,
} from '../../shared/domain/coaching/cycle.ts';
import type { ModuleContent } from '../../shared/domain/coaching/module.ts';
import type { CheckInOutcome, CriterionJudgement } from '../../shared/domain/coaching/practice.ts';
import type { CoachingRole } from '../../shared/domain/coaching/relationship.ts';
import type { RosterMember } from '../../shared/protocol/api.ts';
import type { DraftContent } from '../../shared/protocol/practice-api.ts';
import type { DeepLinkingRequest } from '../lti/deep-linking/deep-linking.ts';
import type { JWK } from 'jose';
import type { KeyRotation } from '../lti/keys/key-rotation-store.ts';
import type { GradeJob } from '../grades/ports.ts';
import type { MediaPurpose } from '../media/ports.ts';
import type { DigestFrequency } from '../reminders/ports.ts';

/**
 * Our tables, apart from ltijs's, as TypeScript and Sequelize see them: one class per table
 * whose fields are its columns, so rows come out of every query typed. The schema itself is
 * written by migrations/ (0001-baseline.ts and after); these classes describe it and never
 * create it. Every row carries `tenant` (a hash of issuer, client_id and deployment_id) so one
 * institution never reads another's data.
 *
 * What the column types promise: DATE columns are Date, JSON columns are the value the tool
 * stored (Sequelize parses them on both dialects), BIGINT columns are numbers (a getter converts
 * PostgreSQL's text), and short text columns that hold one of a few values are typed as the
 * values the tool writes (the schema has no CHECK for them).
 */

type Stamps = { createdAt: CreationOptional<Date>; updatedAt: CreationOptional<Date> };

/** A course (an LTI context) at an institution. */
export class ContextRow extends Model<InferAttributes<ContextRow>, InferCreationAttributes<ContextRow>> {
  declare key: string;
  declare tenant: string;
  declare lmsContextId: string;
  declare title: string | null;
  declare membershipsUrl: string | null;
  declare issuer: string;
  declare clientId: string;
  declare createdAt: Stamps['createdAt'];
  declare updatedAt: Stamps['updatedAt'];
}

/** Someone the tool knows is in a course. */
export class MemberRow extends Model<InferAttributes<MemberRow>, InferCreationAttributes<MemberRow>> {
  declare contextKey: string;
  declare userId: string;
  declare name: string | null;
  declare role: RosterMember['role'];
  /** The LMS's `lis.person_sourcedid` (the SIS id), for engagement exports; null when not sent. */
  declare sourcedId: CreationOptional<string | null>;
  declare createdAt: Stamps['createdAt'];
  declare updatedAt: Stamps['updatedAt'];
}

/** A launched page's session: only the token's hash is kept. */
export class SessionRow extends Model<InferAttributes<SessionRow>, InferCreationAttributes<SessionRow>> {
  declare tokenHash: string;
  declare tenant: string;
  declare contextKey: string;
  declare userId: string;
  declare name: string | null;
  declare role: CoachingRole;
  /** The activity (resource link key) the page was launched for; it may act on no other. */
  declare linkKey: CreationOptional<string | null>;
  declare expiresAt: Date;
  /** When the launch opened this session: no refresh carries it past SESSION_MAX_LIFETIME_MS. Null before 0004. */
  declare startedAt: CreationOptional<Date | null>;
  /** When this token was swapped for its one successor (sessions.ts); null until then. */
  declare refreshedAt: CreationOptional<Date | null>;
  declare createdAt: Stamps['createdAt'];
}

export class PairingCodeRow extends Model<
  InferAttributes<PairingCodeRow>,
  InferCreationAttributes<PairingCodeRow>
> {
  declare codeHash: string;
  declare tenant: string;
  declare userId: string;
  declare name: string | null;
  declare expiresAt: Date;
  declare usedAt: CreationOptional<Date | null>;
  declare createdAt: Stamps['createdAt'];
}

/** A paired browser extension: only the token's hash is kept. */
export class DeviceRow extends Model<InferAttributes<DeviceRow>, InferCreationAttributes<DeviceRow>> {
  declare id: string;
  declare tokenHash: string;
  declare tenant: string;
  declare userId: string;
  declare label: string | null;
  declare revokedAt: CreationOptional<Date | null>;
  declare lastSeenAt: CreationOptional<Date | null>;
  declare createdAt: Stamps['createdAt'];
  declare updatedAt: Stamps['updatedAt'];
}

export class ActionStepRow extends Model<
  InferAttributes<ActionStepRow>,
  InferCreationAttributes<ActionStepRow>
> {
  declare id: string;
  declare tenant: string;
  declare contextKey: string;
  declare teacherId: string;
  declare setBy: string;
  declare goal: string;
  declare title: string;
  declare what: string;
  declare successCriteria: string[];
  declare whenToPractise: string;
  declare why: string;
  declare status: ActionStep['status'];
  declare setAt: Date;
  /** The day the coach checks back on it (YYYY-MM-DD), set in a coaching conversation. */
  declare checkBackOn: CreationOptional<string | null>;
  declare securedAt: CreationOptional<Date | null>;
  declare securedBy: CreationOptional<string | null>;
  /** The coach's name as the LMS gave it when they secured the step: the teacher sees who. */
  declare securedByName: CreationOptional<string | null>;
  /** The module the step was taken from in a conversation, if any. */
  declare moduleId: CreationOptional<string | null>;
  /** The sync sequence number of its last change: pulls return steps with seq > cursor. */
  declare seq: number;
  declare createdAt: Stamps['createdAt'];
  declare updatedAt: Stamps['updatedAt'];
}

/** Each insert hands out the next sync sequence number. */
export class SyncSequenceRow extends Model<
  InferAttributes<SyncSequenceRow>,
  InferCreationAttributes<SyncSequenceRow>
> {
  declare seq: CreationOptional<number>;
}

/** A change id already applied: the idempotency record for pushes. */
export class AppliedChangeRow extends Model<
  InferAttributes<AppliedChangeRow>,
  InferCreationAttributes<AppliedChangeRow>
> {
  declare changeId: string;
  declare tenant: string;
  declare userId: string;
  declare createdAt: Stamps['createdAt'];
}

/** An LMS registration: the tool trusts launches only from these, and only for listed deployments. */
export class PlatformRow extends Model<InferAttributes<PlatformRow>, InferCreationAttributes<PlatformRow>> {
  declare id: string;
  declare issuer: string;
  declare clientId: string;
  declare name: string;
  declare authUrl: string;
  declare tokenUrl: string;
  declare jwksUrl: string;
  /** What the platform granted at registration (space-separated), when we know it. */
  declare grantedScopes: CreationOptional<string | null>;
  /** Extra origins its services may be on (space-separated, `https://*.example.org` allowed). */
  declare serviceOrigins: string | null;
  declare createdAt: Stamps['createdAt'];
  declare updatedAt: Stamps['updatedAt'];
}

export class DeploymentRow extends Model<
  InferAttributes<DeploymentRow>,
  InferCreationAttributes<DeploymentRow>
> {
  declare platformId: string;
  declare deploymentId: string;
  declare createdAt: Stamps['createdAt'];
}

/** One OIDC login we started: the state, the nonce bound to it, and how to relaunch. */
export class LoginStateRow extends Model<
  InferAttributes<LoginStateRow>,
  InferCreationAttributes<LoginStateRow>
> {
  declare state: string;
  declare nonce: string;
  declare platformId: string;
  declare relaunchQuery: string;
  declare expiresAt: Date;
  declare createdAt: Stamps['createdAt'];
}

/** A nonce seen in a valid launch, kept until its token expires: a replay is refused. */
export class UsedNonceRow extends Model<
  InferAttributes<UsedNonceRow>,
  InferCreationAttributes<UsedNonceRow>
> {
  declare nonce: string;
  declare expiresAt: Date;
}

/** A single-use, expiring token that gates dynamic registration (only its hash is kept). */
export class RegistrationTokenRow extends Model<
  InferAttributes<RegistrationTokenRow>,
  InferCreationAttributes<RegistrationTokenRow>
> {
  declare tokenHash: string;
  declare expiresAt: Date;
  declare usedAt: CreationOptional<Date | null>;
  declare createdAt: Stamps['createdAt'];
}

/** A deep-linking request waiting for the instructor's pick; the picker page holds its token. */
export class DeepLinkRequestRow extends Model<
  InferAttributes<DeepLinkRequestRow>,
  InferCreationAttributes<DeepLinkRequestRow>
> {
  declare tokenHash: string;
  declare request: DeepLinkingRequest;
  declare expiresAt: Date;
  declare createdAt: Stamps['createdAt'];
}

/**
 * An activity placed in a course (a resource link and what it launches: see resourceLinkKey)
 * and its grade endpoints, kept past ltijs's 24-hour launch data so a coach can grade days later.
 */
export class ResourceLinkRow extends Model<
  InferAttributes<ResourceLinkRow>,
  InferCreationAttributes<ResourceLinkRow>
> {
  declare key: string;
  declare tenant: string;
  declare contextKey: string;
  declare issuer: string;
  declare clientId: string;
  declare resourceLinkId: string;
  declare activity: string;
  declare lineItemsUrl: string | null;
  declare lineItemUrl: string | null;
  declare agsScopes: string[];
  declare createdAt: Stamps['createdAt'];
  declare updatedAt: Stamps['updatedAt'];
}

/** The durable outbox of scores for the LMS gradebook: retried with backoff, never duplicated. */
export class GradeJobRow extends Model<InferAttributes<GradeJobRow>, InferCreationAttributes<GradeJobRow>> {
  declare id: string;
  declare idempotencyKey: string;
  declare linkKey: string;
  declare contextKey: string;
  declare userId: string;
  /** The score as it was queued, and once sent, the timestamp it was sent with. */
  declare score: GradeJob['score'];
  declare status: 'pending' | 'sent' | 'failed';
  declare attempts: number;
  declare nextAttemptAt: Date;
  declare lastError: CreationOptional<string | null>;
  /** The request it was queued in (lti-tool/core/request-context.ts); null when queued outside one. */
  declare requestId: CreationOptional<string | null>;
  declare createdAt: Stamps['createdAt'];
  declare updatedAt: Stamps['updatedAt'];
}

/** One of the tool's signing keys (lti/keys/tool-keys.ts); the private half sealed with the secret. */
export class ToolKeyRow extends Model<InferAttributes<ToolKeyRow>, InferCreationAttributes<ToolKeyRow>> {
  declare kid: string;
  declare issuer: string;
  declare clientId: string;
  declare publicJwk: JWK;
  declare sealedPrivateKey: string;
  declare signing: boolean;
  declare createdAt: CreationOptional<Date>;
  declare updatedAt: CreationOptional<Date>;
}

/** A scheduled tool key rotation: publish new, switch signing after the overlap, then retire old. */
export class ToolKeyRotationRow extends Model<
  InferAttributes<ToolKeyRotationRow>,
  InferCreationAttributes<ToolKeyRotationRow>
> {
  declare id: string;
  declare issuer: string;
  declare clientId: string;
  declare oldKid: string;
  declare newKid: string;
  declare switchAt: Date;
  declare retireAt: Date;
  declare state: KeyRotation['state'];
  declare createdAt: Stamps['createdAt'];
  declare updatedAt: Stamps['updatedAt'];
}

/**
 * A provider's own practice module. Starter modules are never stored: they come with the tool,
 * and their ids are reserved. `content` is the ModuleContent (everything but the id).
 */
export class CoachingModuleRow extends Model<
  InferAttributes<CoachingModuleRow>,
  InferCreationAttributes<CoachingModuleRow>
> {
  declare tenant: string;
  declare id: string;
  declare version: number;
  declare content: ModuleContent;
  declare createdBy: string;
  /** Set from the tool's clock (not Sequelize's): it is part of the module people see. */
  declare createdAt: Date;
  declare updatedAt: Date;
}

/**
 * One rehearsal (the id is the client's round id, made when the draft starts) and, once a
 * coach has replied, its feedback. `reviewed` leads the review queue's index.
 */
export class PracticeRoundRow extends Model<
  InferAttributes<PracticeRoundRow>,
  InferCreationAttributes<PracticeRoundRow>
> {
  declare id: string;
  declare tenant: string;
  declare contextKey: string;
  declare linkKey: string;
  declare moduleId: string;
  declare traineeId: string;
  declare traineeName: string;
  declare roundNumber: number;
  declare script: string;
  declare audioId: string | null;
  declare selfAssessment: CriterionJudgement[];
  declare submittedAt: Date;
  declare reviewed: CreationOptional<boolean>;
  declare praise: CreationOptional<string | null>;
  declare probe: CreationOptional<string | null>;
  declare nextStep: CreationOptional<string | null>;
  declare criteria: CreationOptional<CriterionJudgement[] | null>;
  declare coachId: CreationOptional<string | null>;
  declare coachName: CreationOptional<string | null>;
  declare givenAt: CreationOptional<Date | null>;
  /** Set when the recording was deleted after the retention period (privacy/retention-service.ts): that many days. */
  declare audioDeletedAfterDays: CreationOptional<number | null>;
  declare createdAt: Stamps['createdAt'];
}

/** How using the step in class went. `moduleId` is the module of `linkKey`, kept for counts. */
export class CheckInRow extends Model<InferAttributes<CheckInRow>, InferCreationAttributes<CheckInRow>> {
  declare id: string;
  declare tenant: string;
  declare contextKey: string;
  declare userId: string;
  declare linkKey: string | null;
  declare moduleId: string | null;
  declare actionStepId: string | null;
  declare outcome: CheckInOutcome;
  declare note: string;
  declare at: Date;
  declare createdAt: Stamps['createdAt'];
}

/** A teacher's reflection: private to them and their coach. */
export class ReflectionRow extends Model<
  InferAttributes<ReflectionRow>,
  InferCreationAttributes<ReflectionRow>
> {
  declare id: string;
  declare tenant: string;
  declare contextKey: string;
  declare userId: string;
  declare linkKey: string | null;
  declare moduleId: string | null;
  declare wentWell: string;
  declare change: string;
  declare next: string;
  declare writtenAt: Date;
  declare createdAt: Stamps['createdAt'];
}

/** One practice draft per trainee and activity: the newest `savedAt` wins. */
export class PracticeDraftRow extends Model<
  InferAttributes<PracticeDraftRow>,
  InferCreationAttributes<PracticeDraftRow>
> {
  declare tenant: string;
  declare userId: string;
  declare linkKey: string;
  declare content: DraftContent;
  declare savedAt: Date;
}

/** An uploaded file: a trainee's rehearsal recording or a provider's model file. */
export class MediaFileRow extends Model<
  InferAttributes<MediaFileRow>,
  InferCreationAttributes<MediaFileRow>
> {
  declare id: string;
  declare tenant: string;
  declare contextKey: string;
  declare ownerId: string;
  declare purpose: MediaPurpose;
  declare contentType: string;
  declare size: number;
  /** Empty once the bytes are in the blob store (migration 0015); a file stored before keeps them until moved. */
  declare bytes: Buffer;
  /** The bytes' key in the blob store (their SHA-256); null until moved out. */
  declare blobKey: CreationOptional<string | null>;
  declare createdAt: Stamps['createdAt'];
}

/** Our tables' model classes, bound to one connection. */
/**
 * A record of the coaching cycle (an observation or a conversation): the client's id, the whole
 * validated input as `record`, and a version that edits from two devices are checked against.
 */
abstract class CycleRecordRow<Record extends object, Row extends CycleRecordRow<Record, Row>> extends Model<
  InferAttributes<Row>,
  InferCreationAttributes<Row>
> {
  declare id: string;
  declare tenant: string;
  declare contextKey: string;
  declare teacherId: string;
  declare coachId: string;
  declare record: Record;
  declare version: number;
  /** The change that wrote this version: a retried save is recognised, not refused as stale. */
  declare lastChangeId: string;
  declare createdAt: Stamps['createdAt'];
  declare updatedAt: Stamps['updatedAt'];
}

export class ObservationRow extends CycleRecordRow<ObservationInput, ObservationRow> {
  declare startedAt: Date;
}

export class ConversationRow extends CycleRecordRow<ConversationInput, ConversationRow> {
  declare heldAt: Date;
  /** The coach's model recording the record refers to, if any: its teacher may play it. */
  declare modelMediaId: CreationOptional<string | null>;
}

/** A course's coaching rhythm (weekly, fortnightly, every N days). */
export class CourseSettingRow extends Model<
  InferAttributes<CourseSettingRow>,
  InferCreationAttributes<CourseSettingRow>
> {
  declare contextKey: string;
  declare tenant: string;
  declare rhythm: CoachingRhythm;
  declare updatedAt: Stamps['updatedAt'];
}

/** The next drop-in a coach planned for a teacher (a day): on the caseload and in the calendar feed. */
export class PlannedObservationRow extends Model<
  InferAttributes<PlannedObservationRow>,
  InferCreationAttributes<PlannedObservationRow>
> {
  declare contextKey: string;
  declare teacherId: string;
  declare tenant: string;
  declare coachId: string;
  declare on: string;
  declare updatedAt: Stamps['updatedAt'];
}

/** When a coach last opened their caseload in a course: what is "new" is after it. */
export class CaseloadViewRow extends Model<
  InferAttributes<CaseloadViewRow>,
  InferCreationAttributes<CaseloadViewRow>
> {
  declare contextKey: string;
  declare coachId: string;
  declare seenAt: Date;
}

/** A coach's reminders in a course: digest address and frequency, last digest, feed token hash. */
export class CoachReminderRow extends Model<
  InferAttributes<CoachReminderRow>,
  InferCreationAttributes<CoachReminderRow>
> {
  declare tenant: string;
  declare contextKey: string;
  declare coachId: string;
  declare email: string | null;
  declare digest: DigestFrequency;
  /** When the last digest was sent or claimed (reminders/ports.ts claimDigest). */
  declare lastDigestAt: CreationOptional<Date | null>;
  /** SHA-256 of the calendar feed's token; null: no feed. */
  declare feedTokenHash: CreationOptional<string | null>;
  declare createdAt: Stamps['createdAt'];
  declare updatedAt: Stamps['updatedAt'];
}

/** A provider admin's request to erase someone at their institution, until the operator runs it. */
export class ErasureRequestRow extends Model<
  InferAttributes<ErasureRequestRow>,
  InferCreationAttributes<ErasureRequestRow>
> {
  declare id: string;
  declare tenant: string;
  /** Whom to erase; null once done (the record that it was done keeps no id of theirs). */
  declare userId: string | null;
  declare requestedBy: string;
  declare status: 'pending' | 'done';
  declare requestedAt: Date;
  declare completedAt: CreationOptional<Date | null>;
  /** Rows removed per table, once done. */
  declare removed: CreationOptional<Record<string, number> | null>;
}

export interface Models {
  Context: typeof ContextRow;
  Member: typeof MemberRow;
  Session: typeof SessionRow;
  PairingCode: typeof PairingCodeRow;
  Device: typeof DeviceRow;
  ActionStep: typeof ActionStepRow;
  SyncSequence: typeof SyncSequenceRow;
  AppliedChange: typeof AppliedChangeRow;
  Platform: typeof PlatformRow;
  Deployment: typeof DeploymentRow;
  LoginState: typeof LoginStateRow;
  UsedNonce: typeof UsedNonceRow;
  RegistrationToken: typeof RegistrationTokenRow;
  DeepLinkRequest: typeof DeepLinkRequestRow;
  ResourceLink: typeof ResourceLinkRow;
  GradeJob: typeof GradeJobRow;
  ToolKey: typeof ToolKeyRow;
  ToolKeyRotation: typeof ToolKeyRotationRow;
  CoachingModule: typeof CoachingModuleRow;
  PracticeRound: typeof PracticeRoundRow;
  CheckIn: typeof CheckInRow;
  Reflection: typeof ReflectionRow;
  PracticeDraft: typeof PracticeDraftRow;
  MediaFile: typeof MediaFileRow;
  Observation: typeof ObservationRow;
  Conversation: typeof ConversationRow;
  CourseSetting: typeof CourseSettingRow;
  CaseloadView: typeof CaseloadViewRow;
  PlannedObservation: typeof PlannedObservationRow;
  CoachReminder: typeof CoachReminderRow;
  ErasureRequest: typeof ErasureRequestRow;
}

/**
 * Binds a model class of each table to this connection. Sequelize binds a class to one
 * connection for good, and one process may hold several (tests, the CLI beside a server), so
 * each connection gets subclasses of its own; their rows are the classes above.
 *
 * Unique keys and indexes are listed as the schema has them: Sequelize picks an upsert's
 * conflict target from them.
 */
export function defineModels(sequelize: Sequelize): Models {
  const text = (allowNull = false) => ({ type: DataTypes.TEXT, allowNull });
  // A fresh object per column: Sequelize writes into attribute definitions.
  const key = () => ({ type: DataTypes.STRING(64), allowNull: false });
  const userId = () => ({ type: DataTypes.STRING(255), allowNull: false });
  const date = (allowNull = false) => ({ type: DataTypes.DATE, allowNull });
  const json = (allowNull = false) => ({ type: DataTypes.JSON, allowNull });

  const Context = class extends ContextRow {};
  Context.init(
    {
      key: { ...key(), primaryKey: true },
      tenant: key(),
      lmsContextId: text(),
      title: text(true),
      membershipsUrl: text(true),
      issuer: text(),
      clientId: text(),
      createdAt: date(),
      updatedAt: date(),
    },
    { sequelize, modelName: 'coaching_context', tableName: 'coaching_contexts' },
  );

  const Member = class extends MemberRow {};
  Member.init(
    {
      contextKey: { ...key(), primaryKey: true },
      userId: { ...userId(), primaryKey: true },
      name: text(true),
      role: { type: DataTypes.STRING(20), allowNull: false },
      sourcedId: text(true),
      createdAt: date(),
      updatedAt: date(),
    },
    { sequelize, modelName: 'coaching_member', tableName: 'coaching_members' },
  );

  const Session = class extends SessionRow {};
  Session.init(
    {
      tokenHash: { ...key(), primaryKey: true },
      tenant: key(),
      contextKey: key(),
      userId: userId(),
      name: text(true),
      role: { type: DataTypes.STRING(20), allowNull: false },
      linkKey: { type: DataTypes.STRING(64), allowNull: true },
      expiresAt: date(),
      startedAt: date(true),
      refreshedAt: date(true),
      createdAt: date(),
    },
    { sequelize, modelName: 'coaching_session', tableName: 'coaching_sessions', updatedAt: false },
  );

  const PairingCode = class extends PairingCodeRow {};
  PairingCode.init(
    {
      codeHash: { ...key(), primaryKey: true },
      tenant: key(),
      userId: userId(),
      name: text(true),
      expiresAt: date(),
      usedAt: date(true),
      createdAt: date(),
    },
    { sequelize, modelName: 'pairing_code', tableName: 'pairing_codes', updatedAt: false },
  );

  const Device = class extends DeviceRow {};
  Device.init(
    {
      id: { type: DataTypes.UUID, primaryKey: true },
      tokenHash: { ...key(), unique: true },
      tenant: key(),
      userId: userId(),
      label: text(true),
      revokedAt: date(true),
      lastSeenAt: date(true),
      createdAt: date(),
      updatedAt: date(),
    },
    { sequelize, modelName: 'extension_device', tableName: 'extension_devices' },
  );

  const ActionStep = class extends ActionStepRow {};
  ActionStep.init(
    {
      id: { type: DataTypes.STRING(64), primaryKey: true },
      tenant: key(),
      contextKey: key(),
      teacherId: userId(),
      setBy: userId(),
      goal: text(),
      title: text(),
      what: text(),
      successCriteria: json(),
      whenToPractise: text(),
      why: text(),
      status: { type: DataTypes.STRING(10), allowNull: false },
      setAt: date(),
      checkBackOn: { type: DataTypes.STRING(10), allowNull: true },
      securedAt: date(true),
      securedBy: { type: DataTypes.STRING(255), allowNull: true },
      securedByName: text(true),
      moduleId: { type: DataTypes.STRING(64), allowNull: true },
      seq: {
        type: DataTypes.BIGINT,
        allowNull: false,
        // PostgreSQL hands BIGINT back as text; sequence numbers stay far below 2^53.
        get() {
          return Number(this.getDataValue('seq'));
        },
      },
      createdAt: date(),
      updatedAt: date(),
    },
    {
      sequelize,
      modelName: 'action_step',
      tableName: 'action_steps',
      indexes: [
        { fields: ['tenant', 'contextKey', 'teacherId', 'status'] },
        { fields: ['seq'] },
        // A trainee's history, newest first, keyset-paged.
        { fields: ['tenant', 'contextKey', 'teacherId', 'setAt', 'id'] },
        // Sync pulls in sequence order: a course's (coach), a teacher's across courses (extension).
        { fields: ['tenant', 'contextKey', 'seq'] },
        { fields: ['tenant', 'teacherId', 'seq'] },
        // The caseload's current steps of a course.
        { fields: ['tenant', 'contextKey', 'status'] },
      ],
    },
  );

  const SyncSequence = class extends SyncSequenceRow {};
  SyncSequence.init(
    { seq: { type: DataTypes.INTEGER, primaryKey: true, autoIncrement: true } },
    { sequelize, modelName: 'sync_sequence', tableName: 'sync_sequence', timestamps: false },
  );

  const AppliedChange = class extends AppliedChangeRow {};
  AppliedChange.init(
    {
      changeId: { type: DataTypes.STRING(64), primaryKey: true },
      tenant: key(),
      userId: userId(),
      createdAt: date(),
    },
    { sequelize, modelName: 'applied_change', tableName: 'applied_changes', updatedAt: false },
  );

  const Platform = class extends PlatformRow {};
  Platform.init(
    {
      id: { type: DataTypes.UUID, primaryKey: true },
      issuer: { type: DataTypes.STRING(255), allowNull: false },
      clientId: { type: DataTypes.STRING(255), allowNull: false },
      name: text(),
      authUrl: text(),
      tokenUrl: text(),
      jwksUrl: text(),
      grantedScopes: text(true),
      serviceOrigins: text(true),
      createdAt: date(),
      updatedAt: date(),
    },
    {
      sequelize,
      modelName: 'lti_platform',
      tableName: 'lti_platforms',
      indexes: [{ unique: true, fields: ['issuer', 'clientId'] }],
    },
  );

  const Deployment = class extends DeploymentRow {};
  Deployment.init(
    {
      platformId: { type: DataTypes.UUID, allowNull: false, primaryKey: true },
      deploymentId: { type: DataTypes.STRING(255), allowNull: false, primaryKey: true },
      createdAt: date(),
    },
    { sequelize, modelName: 'lti_deployment', tableName: 'lti_deployments', updatedAt: false },
  );

  const LoginState = class extends LoginStateRow {};
  LoginState.init(
    {
      state: { ...key(), primaryKey: true },
      nonce: key(),
      platformId: { type: DataTypes.UUID, allowNull: false },
      relaunchQuery: text(),
      expiresAt: date(),
      createdAt: date(),
    },
    { sequelize, modelName: 'lti_login_state', tableName: 'lti_login_states', updatedAt: false },
  );

  const UsedNonce = class extends UsedNonceRow {};
  UsedNonce.init(
    {
      nonce: { type: DataTypes.STRING(255), primaryKey: true },
      expiresAt: date(),
    },
    { sequelize, modelName: 'lti_used_nonce', tableName: 'lti_used_nonces', timestamps: false },
  );

  const RegistrationToken = class extends RegistrationTokenRow {};
  RegistrationToken.init(
    {
      tokenHash: { ...key(), primaryKey: true },
      expiresAt: date(),
      usedAt: date(true),
      createdAt: date(),
    },
    {
      sequelize,
      modelName: 'lti_registration_token',
      tableName: 'lti_registration_tokens',
      updatedAt: false,
    },
  );

  const DeepLinkRequest = class extends DeepLinkRequestRow {};
  DeepLinkRequest.init(
    {
      tokenHash: { ...key(), primaryKey: true },
      request: json(),
      expiresAt: date(),
      createdAt: date(),
    },
    {
      sequelize,
      modelName: 'lti_deep_link_request',
      tableName: 'lti_deep_link_requests',
      updatedAt: false,
    },
  );

  const ResourceLink = class extends ResourceLinkRow {};
  ResourceLink.init(
    {
      key: { ...key(), primaryKey: true },
      tenant: key(),
      contextKey: key(),
      issuer: text(),
      clientId: text(),
      resourceLinkId: text(),
      activity: { type: DataTypes.STRING(64), allowNull: false },
      lineItemsUrl: text(true),
      lineItemUrl: text(true),
      agsScopes: json(),
      createdAt: date(),
      updatedAt: date(),
    },
    {
      sequelize,
      modelName: 'lti_resource_link',
      tableName: 'lti_resource_links',
      // The provider's counts: courses embedding each module of a page of modules.
      indexes: [{ fields: ['tenant', 'activity'] }],
    },
  );

  const GradeJob = class extends GradeJobRow {};
  GradeJob.init(
    {
      id: { type: DataTypes.UUID, primaryKey: true },
      idempotencyKey: { type: DataTypes.STRING(255), allowNull: false, unique: true },
      linkKey: key(),
      contextKey: key(),
      userId: userId(),
      score: json(),
      status: { type: DataTypes.STRING(10), allowNull: false },
      attempts: { type: DataTypes.INTEGER, allowNull: false },
      nextAttemptAt: date(),
      lastError: text(true),
      requestId: { type: DataTypes.STRING(128), allowNull: true },
      createdAt: date(),
      updatedAt: date(),
    },
    {
      sequelize,
      modelName: 'grade_job',
      tableName: 'grade_jobs',
      indexes: [
        { fields: ['status', 'nextAttemptAt'] },
        // A user's scores on a link in order (migration 0016).
        { fields: ['linkKey', 'userId', 'status', 'createdAt'] },
        // A course's failed scores, most recently failed first, keyset-paged.
        { fields: ['contextKey', 'status', 'updatedAt', 'id'] },
      ],
    },
  );

  const ToolKey = class extends ToolKeyRow {};
  ToolKey.init(
    {
      kid: { type: DataTypes.STRING(64), primaryKey: true },
      issuer: text(),
      clientId: text(),
      publicJwk: json(),
      sealedPrivateKey: text(),
      signing: { type: DataTypes.BOOLEAN, allowNull: false },
      createdAt: date(),
      updatedAt: date(),
    },
    {
      sequelize,
      modelName: 'tool_key',
      tableName: 'tool_keys',
      indexes: [
        {
          name: 'tool_keys_one_signing_key',
          unique: true,
          fields: ['issuer', 'clientId'],
          where: { signing: true },
        },
      ],
    },
  );

  const ToolKeyRotation = class extends ToolKeyRotationRow {};
  ToolKeyRotation.init(
    {
      id: { type: DataTypes.UUID, primaryKey: true },
      issuer: text(),
      clientId: text(),
      oldKid: { type: DataTypes.STRING(64), allowNull: false },
      newKid: { type: DataTypes.STRING(64), allowNull: false },
      switchAt: date(),
      retireAt: date(),
      state: { type: DataTypes.STRING(10), allowNull: false },
      createdAt: date(),
      updatedAt: date(),
    },
    { sequelize, modelName: 'tool_key_rotation', tableName: 'tool_key_rotations' },
  );

  const CoachingModule = class extends CoachingModuleRow {};
  CoachingModule.init(
    {
      tenant: { ...key(), primaryKey: true },
      id: { type: DataTypes.STRING(48), allowNull: false, primaryKey: true },
      version: { type: DataTypes.INTEGER, allowNull: false },
      content: json(),
      createdBy: userId(),
      createdAt: date(),
      updatedAt: date(),
    },
    { sequelize, modelName: 'coaching_module', tableName: 'coaching_modules', timestamps: false },
  );

  const PracticeRound = class extends PracticeRoundRow {};
  PracticeRound.init(
    {
      id: { type: DataTypes.STRING(64), primaryKey: true },
      tenant: key(),
      contextKey: key(),
      linkKey: key(),
      moduleId: { type: DataTypes.STRING(48), allowNull: false },
      traineeId: userId(),
      traineeName: text(),
      roundNumber: { type: DataTypes.INTEGER, allowNull: false },
      script: text(),
      audioId: { type: DataTypes.STRING(64), allowNull: true },
      selfAssessment: json(),
      submittedAt: date(),
      reviewed: { type: DataTypes.BOOLEAN, allowNull: false, defaultValue: false },
      praise: text(true),
      probe: text(true),
      nextStep: text(true),
      criteria: json(true),
      coachId: { type: DataTypes.STRING(255), allowNull: true },
      coachName: text(true),
      givenAt: date(true),
      audioDeletedAfterDays: { type: DataTypes.INTEGER, allowNull: true },
      createdAt: date(),
    },
    {
      sequelize,
      modelName: 'practice_round',
      tableName: 'practice_rounds',
      updatedAt: false,
      indexes: [
        // The review queue: one course's unreviewed rounds, oldest first, keyset-paged.
        { fields: ['tenant', 'contextKey', 'reviewed', 'submittedAt', 'id'] },
        // Round numbers, and a trainee's own rounds on one activity.
        { unique: true, fields: ['tenant', 'linkKey', 'traineeId', 'roundNumber'] },
        // A trainee's history in a course, newest first, keyset-paged.
        { fields: ['tenant', 'contextKey', 'traineeId', 'submittedAt', 'id'] },
        // Provider counts per module.
        { fields: ['tenant', 'moduleId'] },
        // The paired extension's recent feedback (at most 5): a trainee's rounds, newest feedback first.
        { fields: ['tenant', 'traineeId', 'givenAt', 'id'] },
      ],
    },
  );

  const CheckIn = class extends CheckInRow {};
  CheckIn.init(
    {
      id: { type: DataTypes.STRING(64), primaryKey: true },
      tenant: key(),
      contextKey: key(),
      userId: userId(),
      linkKey: { type: DataTypes.STRING(64), allowNull: true },
      moduleId: { type: DataTypes.STRING(48), allowNull: true },
      actionStepId: { type: DataTypes.STRING(64), allowNull: true },
      outcome: { type: DataTypes.STRING(10), allowNull: false },
      note: text(),
      at: date(),
      createdAt: date(),
    },
    {
      sequelize,
      modelName: 'check_in',
      tableName: 'check_ins',
      updatedAt: false,
      // A teacher's check-ins in a course, newest first, keyset-paged; provider counts per module.
      indexes: [
        { fields: ['tenant', 'contextKey', 'userId', 'at', 'id'] },
        { fields: ['tenant', 'moduleId'] },
        // The caseload's "new since the coach looked", across the course.
        { fields: ['tenant', 'contextKey', 'at'] },
      ],
    },
  );

  const Reflection = class extends ReflectionRow {};
  Reflection.init(
    {
      id: { type: DataTypes.STRING(64), primaryKey: true },
      tenant: key(),
      contextKey: key(),
      userId: userId(),
      linkKey: { type: DataTypes.STRING(64), allowNull: true },
      moduleId: { type: DataTypes.STRING(48), allowNull: true },
      wentWell: text(),
      change: text(),
      next: text(),
      writtenAt: date(),
      createdAt: date(),
    },
    {
      sequelize,
      modelName: 'reflection',
      tableName: 'reflections',
      updatedAt: false,
      // A teacher's reflections in a course, newest first, keyset-paged; provider counts per module.
      indexes: [
        { fields: ['tenant', 'contextKey', 'userId', 'writtenAt', 'id'] },
        { fields: ['tenant', 'moduleId'] },
        { fields: ['tenant', 'contextKey', 'writtenAt'] },
      ],
    },
  );

  const PracticeDraft = class extends PracticeDraftRow {};
  PracticeDraft.init(
    {
      tenant: { ...key(), primaryKey: true },
      userId: { ...userId(), primaryKey: true },
      linkKey: { ...key(), primaryKey: true },
      content: json(),
      savedAt: date(),
    },
    { sequelize, modelName: 'practice_draft', tableName: 'practice_drafts', timestamps: false },
  );

  const MediaFile = class extends MediaFileRow {};
  MediaFile.init(
    {
      id: { type: DataTypes.STRING(64), primaryKey: true },
      tenant: key(),
      contextKey: key(),
      ownerId: userId(),
      purpose: { type: DataTypes.STRING(10), allowNull: false },
      contentType: { type: DataTypes.STRING(64), allowNull: false },
      size: { type: DataTypes.INTEGER, allowNull: false },
      bytes: { type: DataTypes.BLOB, allowNull: false },
      blobKey: { type: DataTypes.STRING(64), allowNull: true },
      createdAt: date(),
    },
    {
      sequelize,
      modelName: 'media_file',
      tableName: 'media_files',
      updatedAt: false,
      indexes: [
        // A person's uploads add up against their quota.
        { fields: ['tenant', 'ownerId'] },
        // Retention's scan of old rehearsals.
        { name: 'media_files_purpose_created_at', fields: ['purpose', 'createdAt'] },
        // Whether a blob is still some file's (migration 0015).
        { name: 'media_files_blob_key', fields: ['blobKey'] },
      ],
    },
  );

  const cycleRecord = () => ({
    id: { type: DataTypes.STRING(64), primaryKey: true },
    tenant: key(),
    contextKey: key(),
    teacherId: userId(),
    coachId: userId(),
    record: json(),
    version: { type: DataTypes.INTEGER, allowNull: false },
    lastChangeId: key(),
    createdAt: date(),
    updatedAt: date(),
  });

  const Observation = class extends ObservationRow {};
  Observation.init(
    { ...cycleRecord(), startedAt: date() },
    {
      sequelize,
      modelName: 'observation',
      tableName: 'observations',
      // A teacher's observations, newest first; the caseload's latest per teacher.
      indexes: [{ fields: ['tenant', 'contextKey', 'teacherId', 'startedAt'] }],
    },
  );

  const Conversation = class extends ConversationRow {};
  Conversation.init(
    { ...cycleRecord(), heldAt: date(), modelMediaId: { type: DataTypes.STRING(64), allowNull: true } },
    {
      sequelize,
      modelName: 'conversation',
      tableName: 'conversations',
      indexes: [
        { fields: ['tenant', 'contextKey', 'teacherId', 'heldAt'] },
        { fields: ['tenant', 'modelMediaId'] },
      ],
    },
  );

  const CourseSetting = class extends CourseSettingRow {};
  CourseSetting.init(
    { contextKey: { ...key(), primaryKey: true }, tenant: key(), rhythm: json(), updatedAt: date() },
    { sequelize, modelName: 'course_setting', tableName: 'course_settings', createdAt: false },
  );

  const PlannedObservation = class extends PlannedObservationRow {};
  PlannedObservation.init(
    {
      contextKey: { ...key(), primaryKey: true },
      teacherId: { ...userId(), primaryKey: true },
      tenant: key(),
      coachId: userId(),
      on: { type: DataTypes.STRING(10), allowNull: false },
      updatedAt: date(),
    },
    { sequelize, modelName: 'planned_observation', tableName: 'planned_observations', createdAt: false },
  );

  const CaseloadView = class extends CaseloadViewRow {};
  CaseloadView.init(
    {
      contextKey: { ...key(), primaryKey: true },
      coachId: { ...userId(), primaryKey: true },
      seenAt: date(),
    },
    { sequelize, modelName: 'caseload_view', tableName: 'caseload_views', timestamps: false },
  );

  const CoachReminder = class extends CoachReminderRow {};
  CoachReminder.init(
    {
      tenant: { ...key(), primaryKey: true },
      contextKey: { ...key(), primaryKey: true },
      coachId: { ...userId(), primaryKey: true },
      email: { type: DataTypes.STRING(254), allowNull: true },
      digest: { type: DataTypes.STRING(10), allowNull: false },
      lastDigestAt: date(true),
      feedTokenHash: { type: DataTypes.STRING(64), allowNull: true },
      createdAt: date(),
      updatedAt: date(),
    },
    {
      sequelize,
      modelName: 'coach_reminder',
      tableName: 'coach_reminders',
      indexes: [
        { name: 'coach_reminders_feed_token_hash', unique: true, fields: ['feedTokenHash'] },
        // The digest scheduler's scan.
        { name: 'coach_reminders_digest', fields: ['digest'] },
      ],
    },
  );

  const ErasureRequest = class extends ErasureRequestRow {};
  ErasureRequest.init(
    {
      id: { ...key(), primaryKey: true },
      tenant: key(),
      userId: { type: DataTypes.STRING(255), allowNull: true },
      requestedBy: userId(),
      status: { type: DataTypes.STRING(10), allowNull: false },
      requestedAt: date(),
      completedAt: date(true),
      removed: json(true),
    },
    {
      sequelize,
      modelName: 'erasure_request',
      tableName: 'erasure_requests',
      timestamps: false,
      indexes: [{ name: 'erasure_requests_status', fields: ['status'] }],
    },
  );

  return {
    Context,
    Member,
    Session,
    PairingCode,
    Device,
    ActionStep,
    SyncSequence,
    AppliedChange,
    Platform,
    Deployment,
    LoginState,
    UsedNonce,
    RegistrationToken,
    DeepLinkRequest,
    ResourceLink,
    GradeJob,
    ToolKey,
    ToolKeyRotation,
    CoachingModule,
    PracticeRound,
    CheckIn,
    Reflection,
    PracticeDraft,
    MediaFile,
    Observation,
    Conversation,
    CourseSetting,
    CaseloadView,
    PlannedObservation,
    CoachReminder,
    ErasureRequest,
  };
}
