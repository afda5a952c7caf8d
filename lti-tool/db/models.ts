import { DataTypes, type Sequelize } from 'sequelize';

/**
 * Our tables, apart from ltijs's. Every row carries `tenant` (a hash of issuer,
 * client_id and deployment_id) so one institution never reads another's data.
 */
export function defineModels(sequelize: Sequelize) {
  const text = (allowNull = false) => ({ type: DataTypes.TEXT, allowNull });
  // A fresh object per column: Sequelize writes into attribute definitions.
  const key = () => ({ type: DataTypes.STRING(64), allowNull: false });

  const Context = sequelize.define(
    'coaching_context',
    {
      key: { ...key(), primaryKey: true },
      tenant: key(),
      lmsContextId: text(),
      title: text(true),
      membershipsUrl: text(true),
      issuer: text(),
      clientId: text(),
    },
    { tableName: 'coaching_contexts' },
  );

  const Member = sequelize.define(
    'coaching_member',
    {
      contextKey: { ...key(), primaryKey: true },
      userId: { type: DataTypes.STRING(255), allowNull: false, primaryKey: true },
      name: text(true),
      role: { type: DataTypes.STRING(20), allowNull: false },
    },
    { tableName: 'coaching_members' },
  );

  const Session = sequelize.define(
    'coaching_session',
    {
      tokenHash: { ...key(), primaryKey: true },
      tenant: key(),
      contextKey: key(),
      userId: { type: DataTypes.STRING(255), allowNull: false },
      name: text(true),
      role: { type: DataTypes.STRING(20), allowNull: false },
      /** The activity (resource link key) the page was launched for; it may act on no other. */
      linkKey: { type: DataTypes.STRING(64), allowNull: true },
      expiresAt: { type: DataTypes.DATE, allowNull: false },
      /** When the launch opened this session: no refresh carries it past SESSION_MAX_LIFETIME_MS. */
      startedAt: { type: DataTypes.DATE, allowNull: true },
      /** When this token was swapped for its one successor (sessions.ts); null until then. */
      refreshedAt: { type: DataTypes.DATE, allowNull: true },
    },
    { tableName: 'coaching_sessions', updatedAt: false },
  );

  const PairingCode = sequelize.define(
    'pairing_code',
    {
      codeHash: { ...key(), primaryKey: true },
      tenant: key(),
      userId: { type: DataTypes.STRING(255), allowNull: false },
      name: text(true),
      expiresAt: { type: DataTypes.DATE, allowNull: false },
      usedAt: { type: DataTypes.DATE, allowNull: true },
    },
    { tableName: 'pairing_codes', updatedAt: false },
  );

  const Device = sequelize.define(
    'extension_device',
    {
      id: { type: DataTypes.UUID, primaryKey: true },
      tokenHash: { ...key(), unique: true },
      tenant: key(),
      userId: { type: DataTypes.STRING(255), allowNull: false },
      label: text(true),
      revokedAt: { type: DataTypes.DATE, allowNull: true },
      lastSeenAt: { type: DataTypes.DATE, allowNull: true },
    },
    { tableName: 'extension_devices' },
  );

  const ActionStep = sequelize.define(
    'action_step',
    {
      id: { type: DataTypes.STRING(64), primaryKey: true },
      tenant: key(),
      contextKey: key(),
      teacherId: { type: DataTypes.STRING(255), allowNull: false },
      setBy: { type: DataTypes.STRING(255), allowNull: false },
      goal: text(),
      title: text(),
      what: text(),
      successCriteria: { type: DataTypes.JSON, allowNull: false },
      whenToPractise: text(),
      why: text(),
      status: { type: DataTypes.STRING(10), allowNull: false },
      setAt: { type: DataTypes.DATE, allowNull: false },
      seq: { type: DataTypes.BIGINT, allowNull: false },
    },
    {
      tableName: 'action_steps',
      indexes: [
        { fields: ['tenant', 'contextKey', 'teacherId', 'status'] },
        { fields: ['seq'] },
        // A trainee's history, newest first, keyset-paged.
        { fields: ['tenant', 'contextKey', 'teacherId', 'setAt', 'id'] },
        // Sync pulls in sequence order: a course's (coach), a teacher's across courses (extension).
        { fields: ['tenant', 'contextKey', 'seq'] },
        { fields: ['tenant', 'teacherId', 'seq'] },
      ],
    },
  );

  /** Each insert hands out the next sync sequence number; pulls return rows with seq > cursor. */
  const SyncSequence = sequelize.define(
    'sync_sequence',
    { seq: { type: DataTypes.INTEGER, primaryKey: true, autoIncrement: true } },
    { tableName: 'sync_sequence', timestamps: false },
  );

  /** Change ids already applied: the idempotency record for pushes. */
  const AppliedChange = sequelize.define(
    'applied_change',
    {
      changeId: { type: DataTypes.STRING(64), primaryKey: true },
      tenant: key(),
      userId: { type: DataTypes.STRING(255), allowNull: false },
    },
    { tableName: 'applied_changes', updatedAt: false },
  );

  /** LMS registrations: the tool trusts launches only from these, and only for listed deployments. */
  const Platform = sequelize.define(
    'lti_platform',
    {
      id: { type: DataTypes.UUID, primaryKey: true },
      issuer: { type: DataTypes.STRING(255), allowNull: false },
      clientId: { type: DataTypes.STRING(255), allowNull: false },
      name: text(),
      authUrl: text(),
      tokenUrl: text(),
      jwksUrl: text(),
      /** What the platform granted at registration (space-separated), when we know it. */
      grantedScopes: text(true),
      /** Extra origins its services may be on (space-separated, `https://*.example.org` allowed). */
      serviceOrigins: text(true),
    },
    { tableName: 'lti_platforms', indexes: [{ unique: true, fields: ['issuer', 'clientId'] }] },
  );

  const Deployment = sequelize.define(
    'lti_deployment',
    {
      platformId: { type: DataTypes.UUID, allowNull: false, primaryKey: true },
      deploymentId: { type: DataTypes.STRING(255), allowNull: false, primaryKey: true },
    },
    { tableName: 'lti_deployments', updatedAt: false },
  );

  /** One row per OIDC login we started: the state, the nonce bound to it, and how to relaunch. */
  const LoginState = sequelize.define(
    'lti_login_state',
    {
      state: { ...key(), primaryKey: true },
      nonce: key(),
      platformId: { type: DataTypes.UUID, allowNull: false },
      relaunchQuery: text(),
      expiresAt: { type: DataTypes.DATE, allowNull: false },
    },
    { tableName: 'lti_login_states', updatedAt: false },
  );

  /** Nonces seen in valid launches, kept until their token expires: a replay is refused. */
  const UsedNonce = sequelize.define(
    'lti_used_nonce',
    {
      nonce: { type: DataTypes.STRING(255), primaryKey: true },
      expiresAt: { type: DataTypes.DATE, allowNull: false },
    },
    { tableName: 'lti_used_nonces', timestamps: false },
  );

  /** Single-use, expiring tokens that gate dynamic registration (only hashes are kept). */
  const RegistrationToken = sequelize.define(
    'lti_registration_token',
    {
      tokenHash: { ...key(), primaryKey: true },
      expiresAt: { type: DataTypes.DATE, allowNull: false },
      usedAt: { type: DataTypes.DATE, allowNull: true },
    },
    { tableName: 'lti_registration_tokens', updatedAt: false },
  );

  /** A deep-linking request waiting for the instructor's pick; the picker page holds its token. */
  const DeepLinkRequest = sequelize.define(
    'lti_deep_link_request',
    {
      tokenHash: { ...key(), primaryKey: true },
      request: { type: DataTypes.JSON, allowNull: false },
      expiresAt: { type: DataTypes.DATE, allowNull: false },
    },
    { tableName: 'lti_deep_link_requests', updatedAt: false },
  );

  /**
   * Each activity placed in a course (a resource link and what it launches: see resourceLinkKey)
   * and its grade endpoints, kept past ltijs's 24-hour launch data so a coach can grade days later.
   */
  const ResourceLink = sequelize.define(
    'lti_resource_link',
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
      agsScopes: { type: DataTypes.JSON, allowNull: false },
    },
    {
      tableName: 'lti_resource_links',
      // The provider's counts: courses embedding each module of a page of modules.
      indexes: [{ fields: ['tenant', 'activity'] }],
    },
  );

  /** The durable outbox of scores for the LMS gradebook: retried with backoff, never duplicated. */
  const GradeJob = sequelize.define(
    'grade_job',
    {
      id: { type: DataTypes.UUID, primaryKey: true },
      idempotencyKey: { type: DataTypes.STRING(255), allowNull: false, unique: true },
      linkKey: key(),
      contextKey: key(),
      userId: { type: DataTypes.STRING(255), allowNull: false },
      score: { type: DataTypes.JSON, allowNull: false },
      status: { type: DataTypes.STRING(10), allowNull: false },
      attempts: { type: DataTypes.INTEGER, allowNull: false },
      nextAttemptAt: { type: DataTypes.DATE, allowNull: false },
      lastError: text(true),
    },
    {
      tableName: 'grade_jobs',
      indexes: [
        { fields: ['status', 'nextAttemptAt'] },
        // A course's failed scores, most recently failed first, keyset-paged.
        { fields: ['contextKey', 'status', 'updatedAt', 'id'] },
      ],
    },
  );

  /** Scheduled tool key rotations: publish new, switch signing after the overlap, then retire old. */
  const ToolKeyRotation = sequelize.define(
    'tool_key_rotation',
    {
      id: { type: DataTypes.UUID, primaryKey: true },
      issuer: text(),
      clientId: text(),
      oldKid: { type: DataTypes.STRING(64), allowNull: false },
      newKid: { type: DataTypes.STRING(64), allowNull: false },
      switchAt: { type: DataTypes.DATE, allowNull: false },
      retireAt: { type: DataTypes.DATE, allowNull: false },
      state: { type: DataTypes.STRING(10), allowNull: false },
    },
    { tableName: 'tool_key_rotations' },
  );

  /**
   * A provider's own practice modules. Starter modules are never stored: they come with the
   * tool, and their ids are reserved. `content` is the ModuleContent (everything but the id).
   */
  const CoachingModule = sequelize.define(
    'coaching_module',
    {
      tenant: { ...key(), primaryKey: true },
      id: { type: DataTypes.STRING(48), allowNull: false, primaryKey: true },
      version: { type: DataTypes.INTEGER, allowNull: false },
      content: { type: DataTypes.JSON, allowNull: false },
      createdBy: { type: DataTypes.STRING(255), allowNull: false },
      // Set from the tool's clock (not Sequelize's): it is part of the module people see.
      createdAt: { type: DataTypes.DATE, allowNull: false },
      updatedAt: { type: DataTypes.DATE, allowNull: false },
    },
    { tableName: 'coaching_modules', timestamps: false },
  );

  /**
   * One rehearsal (the id is the client's round id, made when the draft starts) and, once a
   * coach has replied, its feedback. `reviewed` leads the review queue's index.
   */
  const PracticeRound = sequelize.define(
    'practice_round',
    {
      id: { type: DataTypes.STRING(64), primaryKey: true },
      tenant: key(),
      contextKey: key(),
      linkKey: key(),
      moduleId: { type: DataTypes.STRING(48), allowNull: false },
      traineeId: { type: DataTypes.STRING(255), allowNull: false },
      traineeName: text(),
      roundNumber: { type: DataTypes.INTEGER, allowNull: false },
      script: text(),
      audioId: { type: DataTypes.STRING(64), allowNull: true },
      selfAssessment: { type: DataTypes.JSON, allowNull: false },
      submittedAt: { type: DataTypes.DATE, allowNull: false },
      reviewed: { type: DataTypes.BOOLEAN, allowNull: false, defaultValue: false },
      praise: text(true),
      probe: text(true),
      nextStep: text(true),
      criteria: { type: DataTypes.JSON, allowNull: true },
      coachId: { type: DataTypes.STRING(255), allowNull: true },
      coachName: text(true),
      givenAt: { type: DataTypes.DATE, allowNull: true },
    },
    {
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

  /** How using the step in class went. `moduleId` is the module of `linkKey`, kept for counts. */
  const CheckIn = sequelize.define(
    'check_in',
    {
      id: { type: DataTypes.STRING(64), primaryKey: true },
      tenant: key(),
      contextKey: key(),
      userId: { type: DataTypes.STRING(255), allowNull: false },
      linkKey: { type: DataTypes.STRING(64), allowNull: true },
      moduleId: { type: DataTypes.STRING(48), allowNull: true },
      actionStepId: { type: DataTypes.STRING(64), allowNull: true },
      outcome: { type: DataTypes.STRING(10), allowNull: false },
      note: text(),
      at: { type: DataTypes.DATE, allowNull: false },
    },
    {
      tableName: 'check_ins',
      updatedAt: false,
      // A teacher's check-ins in a course, newest first, keyset-paged; provider counts per module.
      indexes: [
        { fields: ['tenant', 'contextKey', 'userId', 'at', 'id'] },
        { fields: ['tenant', 'moduleId'] },
      ],
    },
  );

  /** A teacher's reflection: private to them and their coach. */
  const Reflection = sequelize.define(
    'reflection',
    {
      id: { type: DataTypes.STRING(64), primaryKey: true },
      tenant: key(),
      contextKey: key(),
      userId: { type: DataTypes.STRING(255), allowNull: false },
      linkKey: { type: DataTypes.STRING(64), allowNull: true },
      moduleId: { type: DataTypes.STRING(48), allowNull: true },
      wentWell: text(),
      change: text(),
      next: text(),
      writtenAt: { type: DataTypes.DATE, allowNull: false },
    },
    {
      tableName: 'reflections',
      updatedAt: false,
      // A teacher's reflections in a course, newest first, keyset-paged; provider counts per module.
      indexes: [
        { fields: ['tenant', 'contextKey', 'userId', 'writtenAt', 'id'] },
        { fields: ['tenant', 'moduleId'] },
      ],
    },
  );

  /** One practice draft per trainee and activity: the newest `savedAt` wins. */
  const PracticeDraft = sequelize.define(
    'practice_draft',
    {
      tenant: { ...key(), primaryKey: true },
      userId: { type: DataTypes.STRING(255), allowNull: false, primaryKey: true },
      linkKey: { ...key(), primaryKey: true },
      content: { type: DataTypes.JSON, allowNull: false },
      savedAt: { type: DataTypes.DATE, allowNull: false },
    },
    { tableName: 'practice_drafts', timestamps: false },
  );

  /** Uploaded files: trainees' rehearsal recordings and providers' model files. */
  const MediaFile = sequelize.define(
    'media_file',
    {
      id: { type: DataTypes.STRING(64), primaryKey: true },
      tenant: key(),
      contextKey: key(),
      ownerId: { type: DataTypes.STRING(255), allowNull: false },
      purpose: { type: DataTypes.STRING(10), allowNull: false },
      contentType: { type: DataTypes.STRING(64), allowNull: false },
      size: { type: DataTypes.INTEGER, allowNull: false },
      bytes: { type: DataTypes.BLOB, allowNull: false },
    },
    // A person's uploads add up against their quota.
    { tableName: 'media_files', updatedAt: false, indexes: [{ fields: ['tenant', 'ownerId'] }] },
  );

  /**
   * Rate-limit counters every tool process shares on PostgreSQL, in the shape rate-limiter-flexible
   * writes (key, points, expire in ms; columns in this order). SQLite counts in memory instead.
   */
  const RateLimit = sequelize.define(
    'rate_limit',
    {
      key: { type: DataTypes.STRING(255), primaryKey: true },
      points: { type: DataTypes.INTEGER, allowNull: false, defaultValue: 0 },
      expire: { type: DataTypes.BIGINT, allowNull: true },
    },
    { tableName: 'rate_limits', timestamps: false },
  );

  return {
    RateLimit,
    CoachingModule,
    PracticeRound,
    CheckIn,
    Reflection,
    PracticeDraft,
    MediaFile,
    ToolKeyRotation,
    ResourceLink,
    GradeJob,
    DeepLinkRequest,
    RegistrationToken,
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
  };
}

export type Models = ReturnType<typeof defineModels>;
