import type { Migration, MigrationContext } from './migration.ts';

/**
 * Our tables as every release up to this one made them (then through `sync()` of models.ts,
 * whose SQL this is, statement for statement), written out per dialect. Each statement is
 * IF NOT EXISTS: a database made before migrations existed has some or all of them already, and
 * keeps them as they are (later migrations add what they lack).
 *
 * Quirks kept on purpose, so old and new databases have one schema: on SQLite a primary key
 * declared without NOT NULL accepts NULL (SQLite's rule), `reviewed` is TINYINT(1), timestamps
 * are DATETIME text; on PostgreSQL timestamps are WITH TIME ZONE and JSON is `json`, not `jsonb`.
 */
export const BASELINE_SCHEMA = {
  sqlite: [
    `CREATE TABLE IF NOT EXISTS "coaching_contexts" (
      "key" VARCHAR(64) NOT NULL PRIMARY KEY, "tenant" VARCHAR(64) NOT NULL,
      "lmsContextId" TEXT NOT NULL, "title" TEXT, "membershipsUrl" TEXT,
      "issuer" TEXT NOT NULL, "clientId" TEXT NOT NULL,
      "createdAt" DATETIME NOT NULL, "updatedAt" DATETIME NOT NULL)`,
    `CREATE TABLE IF NOT EXISTS "coaching_members" (
      "contextKey" VARCHAR(64) NOT NULL, "userId" VARCHAR(255) NOT NULL, "name" TEXT,
      "role" VARCHAR(20) NOT NULL, "createdAt" DATETIME NOT NULL, "updatedAt" DATETIME NOT NULL,
      PRIMARY KEY ("contextKey", "userId"))`,
    `CREATE TABLE IF NOT EXISTS "coaching_sessions" (
      "tokenHash" VARCHAR(64) NOT NULL PRIMARY KEY, "tenant" VARCHAR(64) NOT NULL,
      "contextKey" VARCHAR(64) NOT NULL, "userId" VARCHAR(255) NOT NULL, "name" TEXT,
      "role" VARCHAR(20) NOT NULL, "linkKey" VARCHAR(64), "expiresAt" DATETIME NOT NULL,
      "startedAt" DATETIME, "refreshedAt" DATETIME, "createdAt" DATETIME NOT NULL)`,
    `CREATE TABLE IF NOT EXISTS "pairing_codes" (
      "codeHash" VARCHAR(64) NOT NULL PRIMARY KEY, "tenant" VARCHAR(64) NOT NULL,
      "userId" VARCHAR(255) NOT NULL, "name" TEXT, "expiresAt" DATETIME NOT NULL,
      "usedAt" DATETIME, "createdAt" DATETIME NOT NULL)`,
    `CREATE TABLE IF NOT EXISTS "extension_devices" (
      "id" UUID PRIMARY KEY, "tokenHash" VARCHAR(64) NOT NULL UNIQUE, "tenant" VARCHAR(64) NOT NULL,
      "userId" VARCHAR(255) NOT NULL, "label" TEXT, "revokedAt" DATETIME, "lastSeenAt" DATETIME,
      "createdAt" DATETIME NOT NULL, "updatedAt" DATETIME NOT NULL)`,
    `CREATE TABLE IF NOT EXISTS "action_steps" (
      "id" VARCHAR(64) PRIMARY KEY, "tenant" VARCHAR(64) NOT NULL, "contextKey" VARCHAR(64) NOT NULL,
      "teacherId" VARCHAR(255) NOT NULL, "setBy" VARCHAR(255) NOT NULL, "goal" TEXT NOT NULL,
      "title" TEXT NOT NULL, "what" TEXT NOT NULL, "successCriteria" JSON NOT NULL,
      "whenToPractise" TEXT NOT NULL, "why" TEXT NOT NULL, "status" VARCHAR(10) NOT NULL,
      "setAt" DATETIME NOT NULL, "seq" BIGINT NOT NULL,
      "createdAt" DATETIME NOT NULL, "updatedAt" DATETIME NOT NULL)`,
    `CREATE INDEX IF NOT EXISTS "action_steps_tenant_context_key_teacher_id_status"
      ON "action_steps" ("tenant", "contextKey", "teacherId", "status")`,
    `CREATE INDEX IF NOT EXISTS "action_steps_seq" ON "action_steps" ("seq")`,
    `CREATE INDEX IF NOT EXISTS "action_steps_tenant_context_key_teacher_id_set_at_id"
      ON "action_steps" ("tenant", "contextKey", "teacherId", "setAt", "id")`,
    `CREATE INDEX IF NOT EXISTS "action_steps_tenant_context_key_seq"
      ON "action_steps" ("tenant", "contextKey", "seq")`,
    `CREATE INDEX IF NOT EXISTS "action_steps_tenant_teacher_id_seq"
      ON "action_steps" ("tenant", "teacherId", "seq")`,
    `CREATE TABLE IF NOT EXISTS "sync_sequence" ("seq" INTEGER PRIMARY KEY AUTOINCREMENT)`,
    `CREATE TABLE IF NOT EXISTS "applied_changes" (
      "changeId" VARCHAR(64) PRIMARY KEY, "tenant" VARCHAR(64) NOT NULL,
      "userId" VARCHAR(255) NOT NULL, "createdAt" DATETIME NOT NULL)`,
    `CREATE TABLE IF NOT EXISTS "lti_platforms" (
      "id" UUID PRIMARY KEY, "issuer" VARCHAR(255) NOT NULL, "clientId" VARCHAR(255) NOT NULL,
      "name" TEXT NOT NULL, "authUrl" TEXT NOT NULL, "tokenUrl" TEXT NOT NULL, "jwksUrl" TEXT NOT NULL,
      "grantedScopes" TEXT, "serviceOrigins" TEXT,
      "createdAt" DATETIME NOT NULL, "updatedAt" DATETIME NOT NULL)`,
    `CREATE UNIQUE INDEX IF NOT EXISTS "lti_platforms_issuer_client_id"
      ON "lti_platforms" ("issuer", "clientId")`,
    `CREATE TABLE IF NOT EXISTS "lti_deployments" (
      "platformId" UUID NOT NULL, "deploymentId" VARCHAR(255) NOT NULL, "createdAt" DATETIME NOT NULL,
      PRIMARY KEY ("platformId", "deploymentId"))`,
    `CREATE TABLE IF NOT EXISTS "lti_login_states" (
      "state" VARCHAR(64) NOT NULL PRIMARY KEY, "nonce" VARCHAR(64) NOT NULL, "platformId" UUID NOT NULL,
      "relaunchQuery" TEXT NOT NULL, "expiresAt" DATETIME NOT NULL, "createdAt" DATETIME NOT NULL)`,
    `CREATE TABLE IF NOT EXISTS "lti_used_nonces" (
      "nonce" VARCHAR(255) PRIMARY KEY, "expiresAt" DATETIME NOT NULL)`,
    `CREATE TABLE IF NOT EXISTS "lti_registration_tokens" (
      "tokenHash" VARCHAR(64) NOT NULL PRIMARY KEY, "expiresAt" DATETIME NOT NULL, "usedAt" DATETIME,
      "createdAt" DATETIME NOT NULL)`,
    `CREATE TABLE IF NOT EXISTS "lti_deep_link_requests" (
      "tokenHash" VARCHAR(64) NOT NULL PRIMARY KEY, "request" JSON NOT NULL,
      "expiresAt" DATETIME NOT NULL, "createdAt" DATETIME NOT NULL)`,
    `CREATE TABLE IF NOT EXISTS "lti_resource_links" (
      "key" VARCHAR(64) NOT NULL PRIMARY KEY, "tenant" VARCHAR(64) NOT NULL,
      "contextKey" VARCHAR(64) NOT NULL, "issuer" TEXT NOT NULL, "clientId" TEXT NOT NULL,
      "resourceLinkId" TEXT NOT NULL, "activity" VARCHAR(64) NOT NULL, "lineItemsUrl" TEXT,
      "lineItemUrl" TEXT, "agsScopes" JSON NOT NULL,
      "createdAt" DATETIME NOT NULL, "updatedAt" DATETIME NOT NULL)`,
    `CREATE INDEX IF NOT EXISTS "lti_resource_links_tenant_activity"
      ON "lti_resource_links" ("tenant", "activity")`,
    `CREATE TABLE IF NOT EXISTS "grade_jobs" (
      "id" UUID PRIMARY KEY, "idempotencyKey" VARCHAR(255) NOT NULL UNIQUE,
      "linkKey" VARCHAR(64) NOT NULL, "contextKey" VARCHAR(64) NOT NULL, "userId" VARCHAR(255) NOT NULL,
      "score" JSON NOT NULL, "status" VARCHAR(10) NOT NULL, "attempts" INTEGER NOT NULL,
      "nextAttemptAt" DATETIME NOT NULL, "lastError" TEXT,
      "createdAt" DATETIME NOT NULL, "updatedAt" DATETIME NOT NULL)`,
    `CREATE INDEX IF NOT EXISTS "grade_jobs_status_next_attempt_at"
      ON "grade_jobs" ("status", "nextAttemptAt")`,
    `CREATE INDEX IF NOT EXISTS "grade_jobs_context_key_status_updated_at_id"
      ON "grade_jobs" ("contextKey", "status", "updatedAt", "id")`,
    `CREATE TABLE IF NOT EXISTS "tool_key_rotations" (
      "id" UUID PRIMARY KEY, "issuer" TEXT NOT NULL, "clientId" TEXT NOT NULL,
      "oldKid" VARCHAR(64) NOT NULL, "newKid" VARCHAR(64) NOT NULL, "switchAt" DATETIME NOT NULL,
      "retireAt" DATETIME NOT NULL, "state" VARCHAR(10) NOT NULL,
      "createdAt" DATETIME NOT NULL, "updatedAt" DATETIME NOT NULL)`,
    `CREATE TABLE IF NOT EXISTS "coaching_modules" (
      "tenant" VARCHAR(64) NOT NULL, "id" VARCHAR(48) NOT NULL, "version" INTEGER NOT NULL,
      "content" JSON NOT NULL, "createdBy" VARCHAR(255) NOT NULL,
      "createdAt" DATETIME NOT NULL, "updatedAt" DATETIME NOT NULL,
      PRIMARY KEY ("tenant", "id"))`,
    `CREATE TABLE IF NOT EXISTS "practice_rounds" (
      "id" VARCHAR(64) PRIMARY KEY, "tenant" VARCHAR(64) NOT NULL, "contextKey" VARCHAR(64) NOT NULL,
      "linkKey" VARCHAR(64) NOT NULL, "moduleId" VARCHAR(48) NOT NULL, "traineeId" VARCHAR(255) NOT NULL,
      "traineeName" TEXT NOT NULL, "roundNumber" INTEGER NOT NULL, "script" TEXT NOT NULL,
      "audioId" VARCHAR(64), "selfAssessment" JSON NOT NULL, "submittedAt" DATETIME NOT NULL,
      "reviewed" TINYINT(1) NOT NULL DEFAULT 0, "praise" TEXT, "probe" TEXT, "nextStep" TEXT,
      "criteria" JSON, "coachId" VARCHAR(255), "coachName" TEXT, "givenAt" DATETIME,
      "createdAt" DATETIME NOT NULL)`,
    `CREATE INDEX IF NOT EXISTS "practice_rounds_tenant_context_key_reviewed_submitted_at_id"
      ON "practice_rounds" ("tenant", "contextKey", "reviewed", "submittedAt", "id")`,
    `CREATE UNIQUE INDEX IF NOT EXISTS "practice_rounds_tenant_link_key_trainee_id_round_number"
      ON "practice_rounds" ("tenant", "linkKey", "traineeId", "roundNumber")`,
    `CREATE INDEX IF NOT EXISTS "practice_rounds_tenant_context_key_trainee_id_submitted_at_id"
      ON "practice_rounds" ("tenant", "contextKey", "traineeId", "submittedAt", "id")`,
    `CREATE INDEX IF NOT EXISTS "practice_rounds_tenant_module_id"
      ON "practice_rounds" ("tenant", "moduleId")`,
    `CREATE INDEX IF NOT EXISTS "practice_rounds_tenant_trainee_id_given_at_id"
      ON "practice_rounds" ("tenant", "traineeId", "givenAt", "id")`,
    `CREATE TABLE IF NOT EXISTS "check_ins" (
      "id" VARCHAR(64) PRIMARY KEY, "tenant" VARCHAR(64) NOT NULL, "contextKey" VARCHAR(64) NOT NULL,
      "userId" VARCHAR(255) NOT NULL, "linkKey" VARCHAR(64), "moduleId" VARCHAR(48),
      "actionStepId" VARCHAR(64), "outcome" VARCHAR(10) NOT NULL, "note" TEXT NOT NULL,
      "at" DATETIME NOT NULL, "createdAt" DATETIME NOT NULL)`,
    `CREATE INDEX IF NOT EXISTS "check_ins_tenant_context_key_user_id_at_id"
      ON "check_ins" ("tenant", "contextKey", "userId", "at", "id")`,
    `CREATE INDEX IF NOT EXISTS "check_ins_tenant_module_id" ON "check_ins" ("tenant", "moduleId")`,
    `CREATE TABLE IF NOT EXISTS "reflections" (
      "id" VARCHAR(64) PRIMARY KEY, "tenant" VARCHAR(64) NOT NULL, "contextKey" VARCHAR(64) NOT NULL,
      "userId" VARCHAR(255) NOT NULL, "linkKey" VARCHAR(64), "moduleId" VARCHAR(48),
      "wentWell" TEXT NOT NULL, "change" TEXT NOT NULL, "next" TEXT NOT NULL,
      "writtenAt" DATETIME NOT NULL, "createdAt" DATETIME NOT NULL)`,
    `CREATE INDEX IF NOT EXISTS "reflections_tenant_context_key_user_id_written_at_id"
      ON "reflections" ("tenant", "contextKey", "userId", "writtenAt", "id")`,
    `CREATE INDEX IF NOT EXISTS "reflections_tenant_module_id" ON "reflections" ("tenant", "moduleId")`,
    `CREATE TABLE IF NOT EXISTS "practice_drafts" (
      "tenant" VARCHAR(64) NOT NULL, "userId" VARCHAR(255) NOT NULL, "linkKey" VARCHAR(64) NOT NULL,
      "content" JSON NOT NULL, "savedAt" DATETIME NOT NULL,
      PRIMARY KEY ("tenant", "userId", "linkKey"))`,
    `CREATE TABLE IF NOT EXISTS "media_files" (
      "id" VARCHAR(64) PRIMARY KEY, "tenant" VARCHAR(64) NOT NULL, "contextKey" VARCHAR(64) NOT NULL,
      "ownerId" VARCHAR(255) NOT NULL, "purpose" VARCHAR(10) NOT NULL,
      "contentType" VARCHAR(64) NOT NULL, "size" INTEGER NOT NULL, "bytes" BLOB NOT NULL,
      "createdAt" DATETIME NOT NULL)`,
    `CREATE INDEX IF NOT EXISTS "media_files_tenant_owner_id" ON "media_files" ("tenant", "ownerId")`,
    `CREATE TABLE IF NOT EXISTS "rate_limits" (
      "key" VARCHAR(255) PRIMARY KEY, "points" INTEGER NOT NULL DEFAULT 0, "expire" BIGINT)`,
  ],
  postgres: [
    `CREATE TABLE IF NOT EXISTS "coaching_contexts" (
      "key" VARCHAR(64) NOT NULL, "tenant" VARCHAR(64) NOT NULL,
      "lmsContextId" TEXT NOT NULL, "title" TEXT, "membershipsUrl" TEXT,
      "issuer" TEXT NOT NULL, "clientId" TEXT NOT NULL,
      "createdAt" TIMESTAMP WITH TIME ZONE NOT NULL, "updatedAt" TIMESTAMP WITH TIME ZONE NOT NULL,
      PRIMARY KEY ("key"))`,
    `CREATE TABLE IF NOT EXISTS "coaching_members" (
      "contextKey" VARCHAR(64) NOT NULL, "userId" VARCHAR(255) NOT NULL, "name" TEXT,
      "role" VARCHAR(20) NOT NULL,
      "createdAt" TIMESTAMP WITH TIME ZONE NOT NULL, "updatedAt" TIMESTAMP WITH TIME ZONE NOT NULL,
      PRIMARY KEY ("contextKey", "userId"))`,
    `CREATE TABLE IF NOT EXISTS "coaching_sessions" (
      "tokenHash" VARCHAR(64) NOT NULL, "tenant" VARCHAR(64) NOT NULL,
      "contextKey" VARCHAR(64) NOT NULL, "userId" VARCHAR(255) NOT NULL, "name" TEXT,
      "role" VARCHAR(20) NOT NULL, "linkKey" VARCHAR(64), "expiresAt" TIMESTAMP WITH TIME ZONE NOT NULL,
      "startedAt" TIMESTAMP WITH TIME ZONE, "refreshedAt" TIMESTAMP WITH TIME ZONE,
      "createdAt" TIMESTAMP WITH TIME ZONE NOT NULL,
      PRIMARY KEY ("tokenHash"))`,
    `CREATE TABLE IF NOT EXISTS "pairing_codes" (
      "codeHash" VARCHAR(64) NOT NULL, "tenant" VARCHAR(64) NOT NULL,
      "userId" VARCHAR(255) NOT NULL, "name" TEXT, "expiresAt" TIMESTAMP WITH TIME ZONE NOT NULL,
      "usedAt" TIMESTAMP WITH TIME ZONE, "createdAt" TIMESTAMP WITH TIME ZONE NOT NULL,
      PRIMARY KEY ("codeHash"))`,
    `CREATE TABLE IF NOT EXISTS "extension_devices" (
      "id" UUID, "tokenHash" VARCHAR(64) NOT NULL UNIQUE, "tenant" VARCHAR(64) NOT NULL,
      "userId" VARCHAR(255) NOT NULL, "label" TEXT, "revokedAt" TIMESTAMP WITH TIME ZONE,
      "lastSeenAt" TIMESTAMP WITH TIME ZONE,
      "createdAt" TIMESTAMP WITH TIME ZONE NOT NULL, "updatedAt" TIMESTAMP WITH TIME ZONE NOT NULL,
      PRIMARY KEY ("id"))`,
    `CREATE TABLE IF NOT EXISTS "action_steps" (
      "id" VARCHAR(64), "tenant" VARCHAR(64) NOT NULL, "contextKey" VARCHAR(64) NOT NULL,
      "teacherId" VARCHAR(255) NOT NULL, "setBy" VARCHAR(255) NOT NULL, "goal" TEXT NOT NULL,
      "title" TEXT NOT NULL, "what" TEXT NOT NULL, "successCriteria" JSON NOT NULL,
      "whenToPractise" TEXT NOT NULL, "why" TEXT NOT NULL, "status" VARCHAR(10) NOT NULL,
      "setAt" TIMESTAMP WITH TIME ZONE NOT NULL, "seq" BIGINT NOT NULL,
      "createdAt" TIMESTAMP WITH TIME ZONE NOT NULL, "updatedAt" TIMESTAMP WITH TIME ZONE NOT NULL,
      PRIMARY KEY ("id"))`,
    `CREATE INDEX IF NOT EXISTS "action_steps_tenant_context_key_teacher_id_status"
      ON "action_steps" ("tenant", "contextKey", "teacherId", "status")`,
    `CREATE INDEX IF NOT EXISTS "action_steps_seq" ON "action_steps" ("seq")`,
    `CREATE INDEX IF NOT EXISTS "action_steps_tenant_context_key_teacher_id_set_at_id"
      ON "action_steps" ("tenant", "contextKey", "teacherId", "setAt", "id")`,
    `CREATE INDEX IF NOT EXISTS "action_steps_tenant_context_key_seq"
      ON "action_steps" ("tenant", "contextKey", "seq")`,
    `CREATE INDEX IF NOT EXISTS "action_steps_tenant_teacher_id_seq"
      ON "action_steps" ("tenant", "teacherId", "seq")`,
    `CREATE TABLE IF NOT EXISTS "sync_sequence" ("seq" SERIAL, PRIMARY KEY ("seq"))`,
    `CREATE TABLE IF NOT EXISTS "applied_changes" (
      "changeId" VARCHAR(64), "tenant" VARCHAR(64) NOT NULL, "userId" VARCHAR(255) NOT NULL,
      "createdAt" TIMESTAMP WITH TIME ZONE NOT NULL,
      PRIMARY KEY ("changeId"))`,
    `CREATE TABLE IF NOT EXISTS "lti_platforms" (
      "id" UUID, "issuer" VARCHAR(255) NOT NULL, "clientId" VARCHAR(255) NOT NULL,
      "name" TEXT NOT NULL, "authUrl" TEXT NOT NULL, "tokenUrl" TEXT NOT NULL, "jwksUrl" TEXT NOT NULL,
      "grantedScopes" TEXT, "serviceOrigins" TEXT,
      "createdAt" TIMESTAMP WITH TIME ZONE NOT NULL, "updatedAt" TIMESTAMP WITH TIME ZONE NOT NULL,
      PRIMARY KEY ("id"))`,
    `CREATE UNIQUE INDEX IF NOT EXISTS "lti_platforms_issuer_client_id"
      ON "lti_platforms" ("issuer", "clientId")`,
    `CREATE TABLE IF NOT EXISTS "lti_deployments" (
      "platformId" UUID NOT NULL, "deploymentId" VARCHAR(255) NOT NULL,
      "createdAt" TIMESTAMP WITH TIME ZONE NOT NULL,
      PRIMARY KEY ("platformId", "deploymentId"))`,
    `CREATE TABLE IF NOT EXISTS "lti_login_states" (
      "state" VARCHAR(64) NOT NULL, "nonce" VARCHAR(64) NOT NULL, "platformId" UUID NOT NULL,
      "relaunchQuery" TEXT NOT NULL, "expiresAt" TIMESTAMP WITH TIME ZONE NOT NULL,
      "createdAt" TIMESTAMP WITH TIME ZONE NOT NULL,
      PRIMARY KEY ("state"))`,
    `CREATE TABLE IF NOT EXISTS "lti_used_nonces" (
      "nonce" VARCHAR(255), "expiresAt" TIMESTAMP WITH TIME ZONE NOT NULL,
      PRIMARY KEY ("nonce"))`,
    `CREATE TABLE IF NOT EXISTS "lti_registration_tokens" (
      "tokenHash" VARCHAR(64) NOT NULL, "expiresAt" TIMESTAMP WITH TIME ZONE NOT NULL,
      "usedAt" TIMESTAMP WITH TIME ZONE, "createdAt" TIMESTAMP WITH TIME ZONE NOT NULL,
      PRIMARY KEY ("tokenHash"))`,
    `CREATE TABLE IF NOT EXISTS "lti_deep_link_requests" (
      "tokenHash" VARCHAR(64) NOT NULL, "request" JSON NOT NULL,
      "expiresAt" TIMESTAMP WITH TIME ZONE NOT NULL, "createdAt" TIMESTAMP WITH TIME ZONE NOT NULL,
      PRIMARY KEY ("tokenHash"))`,
    `CREATE TABLE IF NOT EXISTS "lti_resource_links" (
      "key" VARCHAR(64) NOT NULL, "tenant" VARCHAR(64) NOT NULL,
      "contextKey" VARCHAR(64) NOT NULL, "issuer" TEXT NOT NULL, "clientId" TEXT NOT NULL,
      "resourceLinkId" TEXT NOT NULL, "activity" VARCHAR(64) NOT NULL, "lineItemsUrl" TEXT,
      "lineItemUrl" TEXT, "agsScopes" JSON NOT NULL,
      "createdAt" TIMESTAMP WITH TIME ZONE NOT NULL, "updatedAt" TIMESTAMP WITH TIME ZONE NOT NULL,
      PRIMARY KEY ("key"))`,
    `CREATE INDEX IF NOT EXISTS "lti_resource_links_tenant_activity"
      ON "lti_resource_links" ("tenant", "activity")`,
    `CREATE TABLE IF NOT EXISTS "grade_jobs" (
      "id" UUID, "idempotencyKey" VARCHAR(255) NOT NULL UNIQUE,
      "linkKey" VARCHAR(64) NOT NULL, "contextKey" VARCHAR(64) NOT NULL, "userId" VARCHAR(255) NOT NULL,
      "score" JSON NOT NULL, "status" VARCHAR(10) NOT NULL, "attempts" INTEGER NOT NULL,
      "nextAttemptAt" TIMESTAMP WITH TIME ZONE NOT NULL, "lastError" TEXT,
      "createdAt" TIMESTAMP WITH TIME ZONE NOT NULL, "updatedAt" TIMESTAMP WITH TIME ZONE NOT NULL,
      PRIMARY KEY ("id"))`,
    `CREATE INDEX IF NOT EXISTS "grade_jobs_status_next_attempt_at"
      ON "grade_jobs" ("status", "nextAttemptAt")`,
    `CREATE INDEX IF NOT EXISTS "grade_jobs_context_key_status_updated_at_id"
      ON "grade_jobs" ("contextKey", "status", "updatedAt", "id")`,
    `CREATE TABLE IF NOT EXISTS "tool_key_rotations" (
      "id" UUID, "issuer" TEXT NOT NULL, "clientId" TEXT NOT NULL,
      "oldKid" VARCHAR(64) NOT NULL, "newKid" VARCHAR(64) NOT NULL,
      "switchAt" TIMESTAMP WITH TIME ZONE NOT NULL, "retireAt" TIMESTAMP WITH TIME ZONE NOT NULL,
      "state" VARCHAR(10) NOT NULL,
      "createdAt" TIMESTAMP WITH TIME ZONE NOT NULL, "updatedAt" TIMESTAMP WITH TIME ZONE NOT NULL,
      PRIMARY KEY ("id"))`,
    `CREATE TABLE IF NOT EXISTS "coaching_modules" (
      "tenant" VARCHAR(64) NOT NULL, "id" VARCHAR(48) NOT NULL, "version" INTEGER NOT NULL,
      "content" JSON NOT NULL, "createdBy" VARCHAR(255) NOT NULL,
      "createdAt" TIMESTAMP WITH TIME ZONE NOT NULL, "updatedAt" TIMESTAMP WITH TIME ZONE NOT NULL,
      PRIMARY KEY ("tenant", "id"))`,
    `CREATE TABLE IF NOT EXISTS "practice_rounds" (
      "id" VARCHAR(64), "tenant" VARCHAR(64) NOT NULL, "contextKey" VARCHAR(64) NOT NULL,
      "linkKey" VARCHAR(64) NOT NULL, "moduleId" VARCHAR(48) NOT NULL, "traineeId" VARCHAR(255) NOT NULL,
      "traineeName" TEXT NOT NULL, "roundNumber" INTEGER NOT NULL, "script" TEXT NOT NULL,
      "audioId" VARCHAR(64), "selfAssessment" JSON NOT NULL,
      "submittedAt" TIMESTAMP WITH TIME ZONE NOT NULL, "reviewed" BOOLEAN NOT NULL DEFAULT false,
      "praise" TEXT, "probe" TEXT, "nextStep" TEXT, "criteria" JSON, "coachId" VARCHAR(255),
      "coachName" TEXT, "givenAt" TIMESTAMP WITH TIME ZONE,
      "createdAt" TIMESTAMP WITH TIME ZONE NOT NULL,
      PRIMARY KEY ("id"))`,
    `CREATE INDEX IF NOT EXISTS "practice_rounds_tenant_context_key_reviewed_submitted_at_id"
      ON "practice_rounds" ("tenant", "contextKey", "reviewed", "submittedAt", "id")`,
    `CREATE UNIQUE INDEX IF NOT EXISTS "practice_rounds_tenant_link_key_trainee_id_round_number"
      ON "practice_rounds" ("tenant", "linkKey", "traineeId", "roundNumber")`,
    `CREATE INDEX IF NOT EXISTS "practice_rounds_tenant_context_key_trainee_id_submitted_at_id"
      ON "practice_rounds" ("tenant", "contextKey", "traineeId", "submittedAt", "id")`,
    `CREATE INDEX IF NOT EXISTS "practice_rounds_tenant_module_id"
      ON "practice_rounds" ("tenant", "moduleId")`,
    `CREATE INDEX IF NOT EXISTS "practice_rounds_tenant_trainee_id_given_at_id"
      ON "practice_rounds" ("tenant", "traineeId", "givenAt", "id")`,
    `CREATE TABLE IF NOT EXISTS "check_ins" (
      "id" VARCHAR(64), "tenant" VARCHAR(64) NOT NULL, "contextKey" VARCHAR(64) NOT NULL,
      "userId" VARCHAR(255) NOT NULL, "linkKey" VARCHAR(64), "moduleId" VARCHAR(48),
      "actionStepId" VARCHAR(64), "outcome" VARCHAR(10) NOT NULL, "note" TEXT NOT NULL,
      "at" TIMESTAMP WITH TIME ZONE NOT NULL, "createdAt" TIMESTAMP WITH TIME ZONE NOT NULL,
      PRIMARY KEY ("id"))`,
    `CREATE INDEX IF NOT EXISTS "check_ins_tenant_context_key_user_id_at_id"
      ON "check_ins" ("tenant", "contextKey", "userId", "at", "id")`,
    `CREATE INDEX IF NOT EXISTS "check_ins_tenant_module_id" ON "check_ins" ("tenant", "moduleId")`,
    `CREATE TABLE IF NOT EXISTS "reflections" (
      "id" VARCHAR(64), "tenant" VARCHAR(64) NOT NULL, "contextKey" VARCHAR(64) NOT NULL,
      "userId" VARCHAR(255) NOT NULL, "linkKey" VARCHAR(64), "moduleId" VARCHAR(48),
      "wentWell" TEXT NOT NULL, "change" TEXT NOT NULL, "next" TEXT NOT NULL,
      "writtenAt" TIMESTAMP WITH TIME ZONE NOT NULL, "createdAt" TIMESTAMP WITH TIME ZONE NOT NULL,
      PRIMARY KEY ("id"))`,
    `CREATE INDEX IF NOT EXISTS "reflections_tenant_context_key_user_id_written_at_id"
      ON "reflections" ("tenant", "contextKey", "userId", "writtenAt", "id")`,
    `CREATE INDEX IF NOT EXISTS "reflections_tenant_module_id" ON "reflections" ("tenant", "moduleId")`,
    `CREATE TABLE IF NOT EXISTS "practice_drafts" (
      "tenant" VARCHAR(64) NOT NULL, "userId" VARCHAR(255) NOT NULL, "linkKey" VARCHAR(64) NOT NULL,
      "content" JSON NOT NULL, "savedAt" TIMESTAMP WITH TIME ZONE NOT NULL,
      PRIMARY KEY ("tenant", "userId", "linkKey"))`,
    `CREATE TABLE IF NOT EXISTS "media_files" (
      "id" VARCHAR(64), "tenant" VARCHAR(64) NOT NULL, "contextKey" VARCHAR(64) NOT NULL,
      "ownerId" VARCHAR(255) NOT NULL, "purpose" VARCHAR(10) NOT NULL,
      "contentType" VARCHAR(64) NOT NULL, "size" INTEGER NOT NULL, "bytes" BYTEA NOT NULL,
      "createdAt" TIMESTAMP WITH TIME ZONE NOT NULL,
      PRIMARY KEY ("id"))`,
    `CREATE INDEX IF NOT EXISTS "media_files_tenant_owner_id" ON "media_files" ("tenant", "ownerId")`,
    `CREATE TABLE IF NOT EXISTS "rate_limits" (
      "key" VARCHAR(255), "points" INTEGER NOT NULL DEFAULT 0, "expire" BIGINT,
      PRIMARY KEY ("key"))`,
  ],
} as const;

/** Runs the baseline's statements in order, for this connection's dialect. */
export async function createBaselineSchema({ sequelize }: MigrationContext): Promise<void> {
  const dialect = sequelize.getDialect();
  if (dialect !== 'sqlite' && dialect !== 'postgres') {
    throw new Error(`The tool's schema is written for SQLite and PostgreSQL, not ${dialect}.`);
  }
  for (const statement of BASELINE_SCHEMA[dialect]) await sequelize.query(statement);
}

export const baseline: Migration = {
  name: '0001-baseline',
  up: ({ context }) => createBaselineSchema(context),
};
