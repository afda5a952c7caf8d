import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { createLogger } from '../../lti-tool/core/logger.ts';
import { createFsBlobStore } from '../../lti-tool/media/fs-blob-store.ts';
import { moveBlobsOut } from '../../lti-tool/media/move-blobs-out.ts';
/**
 * A database as the previous release (commit b876091) left it: its schema, replayed from the
 * statements that release ran (tests/fixtures/schema-b876091/), a row in every table written as
 * that release wrote them, and its four migrations recorded. Then what the upgraded tool must
 * find in it, and a dialect's schema described so two databases can be compared.
 */
import { readFileSync } from 'node:fs';
import { QueryTypes, type Sequelize } from 'sequelize';
import { expect } from 'vitest';
import type { Database } from '../../lti-tool/db/database.ts';
import { hashSecret } from '../../lti-tool/core/tokens.ts';
import { aModuleDefinition } from './practice.ts';

export const PREVIOUS_RELEASE_MIGRATIONS = [
  '0001-baseline',
  '0002-platform-service-origins',
  '0003-link-activity',
  '0004-session-lifetime',
];

const select = <T extends object>(sequelize: Sequelize, sql: string) =>
  sequelize.query<T>(sql, { type: QueryTypes.SELECT });

function dialectOf(sequelize: Sequelize): 'sqlite' | 'postgres' {
  const dialect = sequelize.getDialect();
  if (dialect !== 'sqlite' && dialect !== 'postgres') throw new Error(`no fixture for ${dialect}`);
  return dialect;
}

/**
 * The previous release's tables, empty. `migrations: 'recorded'` as that release left them (its
 * migrations table lists 0001–0004); `'none'`: as the tool left databases before it recorded
 * migrations (no migrations table), so every migration runs on them.
 */
export async function createPreviousReleaseSchema(
  sequelize: Sequelize,
  { migrations }: { migrations: 'recorded' | 'none' },
): Promise<void> {
  const fixture = new URL(`../fixtures/schema-b876091/${dialectOf(sequelize)}.sql`, import.meta.url);
  const statements = readFileSync(fixture, 'utf8')
    .split('\n')
    .filter((line) => line.startsWith('CREATE '))
    .filter((line) => migrations === 'recorded' || !line.includes('coaching_migrations'));
  for (const statement of statements) await sequelize.query(statement);
  if (migrations === 'recorded') {
    await sequelize.getQueryInterface().bulkInsert(
      'coaching_migrations',
      PREVIOUS_RELEASE_MIGRATIONS.map((name) => ({ name })),
    );
  }
}

const at = (day: number, minute = 0) => new Date(Date.UTC(2026, 10, day, 9, minute));
const TENANT = 't'.repeat(40);
const CONTEXT = 'c'.repeat(40);
const LINK = 'l'.repeat(40);
const PLATFORM_ID = '00000000-0000-4000-8000-0000000b8761';
const { id: MODULE_ID, ...MODULE_CONTENT } = aModuleDefinition('legacy-module');

/** Secrets whose hashes the old rows hold, and the ids to read the rows back by. */
export const PREVIOUS_RELEASE_DATA = {
  tenant: TENANT,
  contextKey: CONTEXT,
  linkKey: LINK,
  platformId: PLATFORM_ID,
  moduleId: MODULE_ID,
  sessionToken: `ses_${'s'.repeat(43)}`,
  deviceToken: `dev_${'d'.repeat(43)}`,
  deepLinkToken: `dlr_${'r'.repeat(43)}`,
  loginState: 'legacy-login-state',
  roundId: 'round-b876091',
  stepId: 'step-b876091',
  mediaBytes: Buffer.from('RIFF legacy recording bytes'),
};

/**
 * One row in every table, as the previous release wrote them (Sequelize's own escaping: JSON as
 * text, dates as 'YYYY-MM-DD HH:MM:SS.mmm +00:00'). Expiries lie a day ahead of now, so the
 * upgraded tool still accepts the session, device, login state and deep-linking request.
 */
export async function seedPreviousReleaseRows(sequelize: Sequelize): Promise<void> {
  const data = PREVIOUS_RELEASE_DATA;
  const later = new Date(Date.now() + 24 * 60 * 60 * 1000);
  const json = (value: unknown) => JSON.stringify(value);
  const stamps = { createdAt: at(1), updatedAt: at(2) };
  const rows: Record<string, Record<string, unknown>[]> = {
    coaching_contexts: [
      {
        key: CONTEXT,
        tenant: TENANT,
        lmsContextId: 'course-1',
        title: 'Early career teachers',
        membershipsUrl: 'https://lms.legacy.example/nrps',
        issuer: 'https://lms.legacy.example',
        clientId: 'legacy-client',
        ...stamps,
      },
    ],
    coaching_members: [
      { contextKey: CONTEXT, userId: 'learner-lee', name: 'Lee', role: 'teacher', ...stamps },
    ],
    coaching_sessions: [
      {
        tokenHash: hashSecret(data.sessionToken),
        tenant: TENANT,
        contextKey: CONTEXT,
        userId: 'learner-lee',
        name: 'Lee',
        role: 'teacher',
        linkKey: LINK,
        expiresAt: later,
        startedAt: new Date(),
        refreshedAt: null,
        createdAt: new Date(),
      },
    ],
    pairing_codes: [
      {
        codeHash: hashSecret('ABCD-EFGH'),
        tenant: TENANT,
        userId: 'learner-lee',
        name: 'Lee',
        expiresAt: at(1, 10),
        usedAt: at(1, 5),
        createdAt: at(1),
      },
    ],
    extension_devices: [
      {
        id: '00000000-0000-4000-8000-0000000de71c',
        tokenHash: hashSecret(data.deviceToken),
        tenant: TENANT,
        userId: 'learner-lee',
        label: 'Firefox on the school laptop',
        revokedAt: null,
        lastSeenAt: new Date(),
        createdAt: new Date(),
        updatedAt: new Date(),
      },
    ],
    action_steps: [
      {
        id: data.stepId,
        tenant: TENANT,
        contextKey: CONTEXT,
        teacherId: 'learner-lee',
        setBy: 'coach-kim',
        goal: 'Pupils start work promptly',
        title: 'Entry routine',
        what: 'Three steps on one slide.',
        successCriteria: json(['Fits on one slide', 'Countdown from 5']),
        whenToPractise: 'Period 3',
        why: 'A predictable start.',
        status: 'current',
        setAt: at(3),
        seq: 1,
        ...stamps,
      },
    ],
    sync_sequence: [{ seq: 1 }],
    applied_changes: [{ changeId: 'change-b876091', tenant: TENANT, userId: 'coach-kim', createdAt: at(3) }],
    lti_platforms: [
      {
        id: PLATFORM_ID,
        issuer: 'https://lms.legacy.example',
        clientId: 'legacy-client',
        name: 'Legacy LMS',
        authUrl: 'https://lms.legacy.example/auth',
        tokenUrl: 'https://lms.legacy.example/token',
        jwksUrl: 'https://lms.legacy.example/jwks',
        grantedScopes: 'https://purl.imsglobal.org/spec/lti-ags/scope/score',
        serviceOrigins: 'https://*.legacy.example https://files.legacy.example',
        ...stamps,
      },
    ],
    lti_deployments: [{ platformId: PLATFORM_ID, deploymentId: 'deployment-1', createdAt: at(1) }],
    lti_login_states: [
      {
        state: data.loginState,
        nonce: 'legacy-nonce',
        platformId: PLATFORM_ID,
        relaunchQuery: 'iss=https%3A%2F%2Flms.legacy.example',
        expiresAt: later,
        createdAt: new Date(),
      },
    ],
    lti_used_nonces: [{ nonce: 'used-nonce', expiresAt: later }],
    lti_registration_tokens: [
      { tokenHash: hashSecret('reg_legacy'), expiresAt: at(1, 30), usedAt: null, createdAt: at(1) },
    ],
    lti_deep_link_requests: [
      {
        tokenHash: hashSecret(data.deepLinkToken),
        request: json({
          issuer: 'https://lms.legacy.example',
          clientId: 'legacy-client',
          deploymentId: 'deployment-1',
          settings: {
            returnUrl: 'https://lms.legacy.example/return',
            acceptTypes: ['ltiResourceLink'],
            acceptMultiple: true,
            data: 'opaque',
          },
        }),
        expiresAt: later,
        createdAt: new Date(),
      },
    ],
    lti_resource_links: [
      {
        key: LINK,
        tenant: TENANT,
        contextKey: CONTEXT,
        issuer: 'https://lms.legacy.example',
        clientId: 'legacy-client',
        resourceLinkId: 'link-1',
        activity: `module:${MODULE_ID}`,
        lineItemsUrl: 'https://lms.legacy.example/lineitems',
        lineItemUrl: 'https://lms.legacy.example/lineitems/1',
        agsScopes: json(['https://purl.imsglobal.org/spec/lti-ags/scope/score']),
        ...stamps,
      },
    ],
    grade_jobs: [
      {
        id: '00000000-0000-4000-8000-0000000906b0',
        idempotencyKey: `round:${data.roundId}:submitted`,
        linkKey: LINK,
        contextKey: CONTEXT,
        userId: 'learner-lee',
        score: json({
          scoreGiven: null,
          scoreMaximum: 100,
          activityProgress: 'Submitted',
          gradingProgress: 'PendingManual',
          comment: null,
          sentTimestamp: '2026-11-04T09:00:00.000Z',
        }),
        status: 'sent',
        attempts: 1,
        nextAttemptAt: at(4),
        lastError: null,
        ...stamps,
      },
    ],
    tool_key_rotations: [
      {
        id: '00000000-0000-4000-8000-00000000ce75',
        issuer: 'https://lms.legacy.example',
        clientId: 'legacy-client',
        oldKid: 'kid-old',
        newKid: 'kid-new',
        switchAt: at(5),
        retireAt: at(6),
        state: 'published',
        ...stamps,
      },
    ],
    coaching_modules: [
      {
        tenant: TENANT,
        id: MODULE_ID,
        version: 3,
        content: json(MODULE_CONTENT),
        createdBy: 'provider-pat',
        ...stamps,
      },
    ],
    practice_rounds: [
      {
        id: data.roundId,
        tenant: TENANT,
        contextKey: CONTEXT,
        linkKey: LINK,
        moduleId: MODULE_ID,
        traineeId: 'learner-lee',
        traineeName: 'Lee',
        roundNumber: 1,
        script: 'I can see Sam has his book open.',
        audioId: 'media-b876091',
        selfAssessment: json(['secure', 'not-yet', 'secure']),
        submittedAt: at(4),
        reviewed: true,
        praise: 'Clear names.',
        probe: 'Who noticed?',
        nextStep: 'Slow down.',
        criteria: json(['secure', 'secure', 'secure']),
        coachId: 'coach-kim',
        coachName: 'Kim',
        givenAt: at(5),
        createdAt: at(4),
      },
    ],
    check_ins: [
      {
        id: 'check-in-b876091',
        tenant: TENANT,
        contextKey: CONTEXT,
        userId: 'learner-lee',
        linkKey: LINK,
        moduleId: MODULE_ID,
        actionStepId: data.stepId,
        outcome: 'went-well',
        note: 'Named two pupils',
        at: at(6),
        createdAt: at(6),
      },
    ],
    reflections: [
      {
        id: 'reflection-b876091',
        tenant: TENANT,
        contextKey: CONTEXT,
        userId: 'learner-lee',
        linkKey: null,
        moduleId: null,
        wentWell: 'Waited',
        change: 'Less talk',
        next: 'Try it in period 5',
        writtenAt: at(7),
        createdAt: at(7),
      },
    ],
    practice_drafts: [
      {
        tenant: TENANT,
        userId: 'learner-lee',
        linkKey: LINK,
        content: json({
          roundId: 'round-next',
          script: 'Half written',
          selfAssessment: [null, 'secure', null],
        }),
        savedAt: at(8),
      },
    ],
    media_files: [
      {
        id: 'media-b876091',
        tenant: TENANT,
        contextKey: CONTEXT,
        ownerId: 'learner-lee',
        purpose: 'rehearsal',
        contentType: 'audio/webm',
        size: data.mediaBytes.length,
        bytes: data.mediaBytes,
        createdAt: at(4),
      },
    ],
    rate_limits: [{ key: 'login:203.0.113.9', points: 3, expire: at(9).getTime() }],
  };
  for (const [table, values] of Object.entries(rows)) {
    await sequelize.getQueryInterface().bulkInsert(table, values);
  }
}

/** Every row of the previous release is still there, unchanged; tables added since start empty. */
export function expectRowsKept(before: Record<string, object[]>, after: Record<string, object[]>): void {
  // Columns added since start empty (null) in the rows that were there; every other value is kept.
  const asBefore = (table: string) =>
    (after[table] ?? []).map((row, index) => {
      const old = (before[table]?.[index] ?? {}) as Record<string, unknown>;
      const added = Object.entries(row).filter(([column]) => !(column in old));
      return { ...Object.fromEntries(Object.entries(row).filter(([column]) => column in old)), added };
    });
  expect(Object.fromEntries(Object.keys(before).map((table) => [table, asBefore(table)]))).toEqual(
    Object.fromEntries(
      Object.entries(before).map(([table, rows]) => [
        table,
        rows.map((row) => ({
          ...row,
          added: expect.toSatisfy((added: [string, unknown][]) => added.every(([, value]) => value === null)),
        })),
      ]),
    ),
  );
  const added = Object.keys(after).filter((table) => !(table in before));
  expect(Object.fromEntries(added.map((table) => [table, after[table]]))).toEqual(
    Object.fromEntries(added.map((table) => [table, []])),
  );
}

/** Every row of every table but the migrations record (which upgrades add to), by table. */
export async function allRows(sequelize: Sequelize): Promise<Record<string, object[]>> {
  const rows: Record<string, object[]> = {};
  for (const table of await tableNames(sequelize)) {
    if (table === 'coaching_migrations') continue;
    rows[table] = await select(sequelize, `SELECT * FROM "${table}" ORDER BY 1`);
  }
  return rows;
}

async function tableNames(sequelize: Sequelize): Promise<string[]> {
  const rows =
    dialectOf(sequelize) === 'sqlite'
      ? await select<{ name: string }>(
          sequelize,
          "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name",
        )
      : await select<{ name: string }>(
          sequelize,
          "SELECT tablename AS name FROM pg_tables WHERE schemaname = 'public' ORDER BY tablename",
        );
  return rows.map((row) => row.name);
}

/**
 * The schema as the database reports it, in a form two databases can be compared by: per table,
 * its columns in order (name, declared type, nullability, default, key), its indexes (name,
 * uniqueness, columns) and, on PostgreSQL, its constraints and sequences. Formatting of the
 * statements that made it does not count; everything they made does.
 */
export async function describeSchema(sequelize: Sequelize): Promise<Record<string, unknown>> {
  const described: Record<string, unknown> = {};
  if (dialectOf(sequelize) === 'sqlite') {
    for (const table of await tableNames(sequelize)) {
      const indexes = await select<{ name: string; unique: number; origin: string; partial: number }>(
        sequelize,
        `PRAGMA index_list("${table}")`,
      );
      described[table] = {
        columns: await select(sequelize, `PRAGMA table_xinfo("${table}")`),
        foreignKeys: await select(sequelize, `PRAGMA foreign_key_list("${table}")`),
        indexes: await Promise.all(
          [...indexes]
            .sort((a, b) => a.name.localeCompare(b.name))
            .map(async ({ name, unique, origin, partial }) => ({
              name,
              unique,
              origin,
              partial,
              columns: await select(sequelize, `PRAGMA index_xinfo("${name}")`),
            })),
        ),
      };
    }
    return described;
  }
  described.columns = await select(
    sequelize,
    `SELECT table_name, ordinal_position, column_name, data_type, character_maximum_length,
       is_nullable, column_default
     FROM information_schema.columns WHERE table_schema = 'public'
     ORDER BY table_name, ordinal_position`,
  );
  described.constraints = await select(
    sequelize,
    `SELECT conrelid::regclass::text AS table_name, conname, contype, pg_get_constraintdef(oid) AS definition
     FROM pg_constraint WHERE connamespace = 'public'::regnamespace ORDER BY 1, 2`,
  );
  described.indexes = await select(
    sequelize,
    "SELECT tablename, indexname, indexdef FROM pg_indexes WHERE schemaname = 'public' ORDER BY 1, 2",
  );
  described.sequences = await select(
    sequelize,
    `SELECT s.sequencename, s.data_type, s.start_value, s.increment_by, s.max_value, s.cycle,
       owner.relname AS owned_by_table, a.attname AS owned_by_column
     FROM pg_sequences s
     JOIN pg_class seq ON seq.relname = s.sequencename
     LEFT JOIN pg_depend d ON d.objid = seq.oid AND d.deptype = 'a'
     LEFT JOIN pg_class owner ON owner.oid = d.refobjid
     LEFT JOIN pg_attribute a ON a.attrelid = d.refobjid AND a.attnum = d.refobjsubid
     WHERE s.schemaname = 'public' ORDER BY 1`,
  );
  return described;
}

/** The upgraded tool reads every kind of old row through its repositories, typed as before. */
export async function expectPreviousReleaseDataRead(db: Database): Promise<void> {
  const data = PREVIOUS_RELEASE_DATA;
  const scope = { tenant: TENANT, contextKey: CONTEXT };

  expect(await db.platforms.find('https://lms.legacy.example', 'legacy-client')).toMatchObject({
    id: PLATFORM_ID,
    name: 'Legacy LMS',
    grantedScopes: 'https://purl.imsglobal.org/spec/lti-ags/scope/score',
    serviceOrigins: ['https://*.legacy.example', 'https://files.legacy.example'],
  });
  expect(await db.platforms.hasDeployment(PLATFORM_ID, 'deployment-1')).toBe(true);
  expect(await db.contexts.get(CONTEXT)).toMatchObject({
    lmsContextId: 'course-1',
    title: 'Early career teachers',
  });
  expect(await db.contexts.members(CONTEXT, { limit: 10, afterUserId: null })).toEqual({
    items: [{ userId: 'learner-lee', name: 'Lee', role: 'teacher' }],
    more: false,
  });
  expect(await db.sessions.find(data.sessionToken)).toEqual({
    kind: 'session',
    ...scope,
    userId: 'learner-lee',
    name: 'Lee',
    role: 'teacher',
    linkKey: LINK,
  });
  expect(await db.devices.find(data.deviceToken)).toMatchObject({ tenant: TENANT, userId: 'learner-lee' });
  expect(await db.steps.current({ ...scope, teacherId: 'learner-lee' })).toMatchObject({
    id: data.stepId,
    successCriteria: ['Fits on one slide', 'Countdown from 5'],
    setAt: at(3).toISOString(),
  });
  expect(await db.steps.pull(scope, 0, 10)).toMatchObject({ cursor: '1', more: false });
  expect(await db.loginStates.peek(data.loginState)).toMatchObject({
    nonce: 'legacy-nonce',
    platformId: PLATFORM_ID,
  });
  expect(await db.deepLinkRequests.peek(data.deepLinkToken)).toMatchObject({
    deploymentId: 'deployment-1',
    settings: { acceptTypes: ['ltiResourceLink'], data: 'opaque' },
  });
  expect(await db.resourceLinks.get(LINK)).toMatchObject({
    activity: `module:${MODULE_ID}`,
    agsScopes: ['https://purl.imsglobal.org/spec/lti-ags/scope/score'],
  });
  expect(await db.gradeJobs.byKey(`round:${data.roundId}:submitted`)).toMatchObject({
    status: 'sent',
    attempts: 1,
    score: { scoreMaximum: 100, sentTimestamp: '2026-11-04T09:00:00.000Z' },
  });
  expect(await db.gradeJobs.lastSentTimestamp(LINK, 'learner-lee')).toBe('2026-11-04T09:00:00.000Z');
  expect(await db.keyRotations.dueToSwitch(at(5))).toEqual([
    expect.objectContaining({ oldKid: 'kid-old', newKid: 'kid-new', switchAt: at(5), retireAt: at(6) }),
  ]);
  expect(await db.modules.get(TENANT, MODULE_ID)).toMatchObject({
    id: MODULE_ID,
    version: 3,
    title: MODULE_CONTENT.title,
    updatedAt: at(2).toISOString(),
  });
  expect(await db.rounds.get(data.roundId)).toMatchObject({
    roundNumber: 1,
    selfAssessment: ['secure', 'not-yet', 'secure'],
    submittedAt: at(4).toISOString(),
    feedback: {
      praise: 'Clear names.',
      criteria: ['secure', 'secure', 'secure'],
      givenAt: at(5).toISOString(),
    },
  });
  const page = { limit: 10, before: null };
  const mine = { ...scope, userId: 'learner-lee' };
  expect((await db.checkIns.page(mine, page)).items).toEqual([
    {
      id: 'check-in-b876091',
      actionStepId: data.stepId,
      outcome: 'went-well',
      note: 'Named two pupils',
      at: at(6).toISOString(),
    },
  ]);
  expect((await db.reflections.page(mine, page)).items).toEqual([
    {
      id: 'reflection-b876091',
      wentWell: 'Waited',
      change: 'Less talk',
      next: 'Try it in period 5',
      writtenAt: at(7).toISOString(),
    },
  ]);
  expect(await db.drafts.get({ tenant: TENANT, userId: 'learner-lee', linkKey: LINK })).toEqual({
    content: { roundId: 'round-next', script: 'Half written', selfAssessment: [null, 'secure', null] },
    savedAt: at(8).toISOString(),
  });
  expect(await db.media.info('media-b876091')).toMatchObject({
    size: data.mediaBytes.length,
    createdAt: at(4).toISOString(),
  });
  // The bytes the previous release kept in the row move out to the blob store, once.
  const blobs = await createFsBlobStore(mkdtempSync(path.join(tmpdir(), 'legacy-blobs-')));
  const silent = createLogger({ silent: true });
  expect(await moveBlobsOut(db.legacyMedia, blobs, silent)).toBe(1);
  expect(await moveBlobsOut(db.legacyMedia, blobs, silent)).toBe(0);
  const key = await db.media.blobKeyOf('media-b876091');
  const stored = await blobs.get(key!);
  expect(Buffer.concat((await stored!.toArray()) as Buffer[])).toEqual(data.mediaBytes);
}
