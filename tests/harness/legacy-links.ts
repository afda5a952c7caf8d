/**
 * A database as the tool left it before migration 0003 (activities keyed by resource link and
 * what they launch): sessions without a pin, and an Open edX block whose two items (modules one
 * and two) shared one key, so one trainee's rounds, check-ins and reflections of both modules sat
 * under it, numbered together. Then what the upgraded tool must show for it.
 */
import type { JWTPayload } from 'jose';
import { QueryTypes, type CreationAttributes } from 'sequelize';
import { expect } from 'vitest';
import { defineModels, type GradeJobRow, type PracticeRoundRow } from '../../lti-tool/db/models.ts';
import { openSequelize } from '../../lti-tool/db/sequelize.ts';
import { hashSecret } from '../../lti-tool/core/tokens.ts';
import { contextKeyOf, legacyResourceLinkKey, tenantKeyOf } from '../../lti-tool/core/link-keys.ts';
import { PRACTICE_API } from '../../shared/protocol/practice-api.ts';
import { api } from './api-client.ts';
import { testId } from './builders.ts';
import { OPENEDX_COURSE, openEdxBlock, type FakePlatform } from './fake-platform.ts';
import { createPreviousReleaseSchema } from './legacy-release.ts';
import { aRound, twoFixtureModules } from './practice.ts';

const LTI = 'https://purl.imsglobal.org/spec/lti/claim/';
export const LEGACY_MODULES = twoFixtureModules();
/** The block with two items, and a block with one (whose key nothing should change). */
const SHARED = openEdxBlock('0003aaaaaaaaaaaaaaaaaaaaaaaaaaaa');
const SINGLE = openEdxBlock('0003bbbbbbbbbbbbbbbbbbbbbbbbbbbb');
/** A page's bearer token from before the upgrade (only its hash is stored). */
const OLD_PAGE_TOKEN = `ses_${'o'.repeat(43)}`;

export interface LegacyData {
  config: { dataDir: string; databaseUrl: string | null };
  /** The shared block's old key: kept by module two, the activity its row had. */
  sharedKey: string;
  ids: Record<'lee1' | 'lee2' | 'lee3' | 'mo1' | 'single1' | 'checkIn' | 'reflection' | 'draftRound', string>;
}

export async function seedLegacyDatabase(
  config: { dataDir: string; databaseUrl: string | null },
  platform: FakePlatform,
): Promise<LegacyData> {
  const tenant = tenantKeyOf({
    tenant: { issuer: platform.issuer, clientId: platform.clientId, deploymentId: platform.deploymentId },
  });
  const contextKey = contextKeyOf(tenant, OPENEDX_COURSE);
  const sequelize = await openSequelize(config);
  await createPreviousReleaseSchema(sequelize, { migrations: 'none' });
  const models = defineModels(sequelize);
  // The one column 0003 adds: as before it, sessions have no pin (and nothing records a migration).
  if ('linkKey' in (await sequelize.getQueryInterface().describeTable('coaching_sessions'))) {
    await sequelize.getQueryInterface().removeColumn('coaching_sessions', 'linkKey');
  }
  const ids: LegacyData['ids'] = {
    lee1: testId(),
    lee2: testId(),
    lee3: testId(),
    mo1: testId(),
    single1: testId(),
    checkIn: testId(),
    reflection: testId(),
    draftRound: testId(),
  };
  await models.Context.create({
    key: contextKey,
    tenant,
    lmsContextId: OPENEDX_COURSE,
    title: 'Early career teachers - FakeX',
    membershipsUrl: null,
    issuer: platform.issuer,
    clientId: platform.clientId,
  });
  const link = {
    tenant,
    contextKey,
    issuer: platform.issuer,
    clientId: platform.clientId,
    lineItemsUrl: null,
    agsScopes: [],
  };
  // Item 2 was launched last: the shared key's row says module two.
  await models.ResourceLink.create({
    ...link,
    key: legacyResourceLinkKey(tenant, SHARED),
    resourceLinkId: SHARED,
    activity: 'module:fixture-two',
    lineItemUrl: 'https://lms.example/block/lineitem',
  });
  await models.ResourceLink.create({
    ...link,
    key: legacyResourceLinkKey(tenant, SINGLE),
    resourceLinkId: SINGLE,
    activity: 'module:fixture-one',
    lineItemUrl: null,
  });
  const LEGACY_ROUND_COLUMNS = [
    'id',
    'tenant',
    'contextKey',
    'linkKey',
    'moduleId',
    'traineeId',
    'traineeName',
    'roundNumber',
    'script',
    'audioId',
    'selfAssessment',
    'submittedAt',
    'reviewed',
    'praise',
    'probe',
    'nextStep',
    'criteria',
    'coachId',
    'coachName',
    'givenAt',
    'createdAt',
  ] as const;
  const round = (
    id: string,
    at: string,
    traineeId: string,
    moduleId: string,
    roundNumber: number,
  ): CreationAttributes<PracticeRoundRow> => ({
    id,
    tenant,
    contextKey,
    linkKey: legacyResourceLinkKey(tenant, at),
    moduleId,
    traineeId,
    traineeName: traineeId,
    roundNumber,
    script: `Round ${roundNumber} of ${traineeId}`,
    audioId: null,
    selfAssessment: moduleId === 'fixture-one' ? ['secure', 'secure', 'not-yet'] : ['secure', 'not-yet'],
    submittedAt: new Date(Date.UTC(2026, 0, 10, 9, roundNumber)),
  });
  await models.PracticeRound.bulkCreate(
    [
      {
        ...round(ids.lee1, SHARED, 'learner-lee', 'fixture-one', 1),
        reviewed: true,
        praise: 'Clear names.',
        probe: 'Who noticed?',
        nextStep: 'Slow down.',
        criteria: ['secure', 'secure', 'secure'],
        coachId: 'instructor-coach',
        coachName: 'Coach',
        givenAt: new Date(Date.UTC(2026, 0, 11)),
      },
      round(ids.lee2, SHARED, 'learner-lee', 'fixture-two', 2),
      round(ids.lee3, SHARED, 'learner-lee', 'fixture-one', 3),
      round(ids.mo1, SHARED, 'learner-mo', 'fixture-two', 1),
      round(ids.single1, SINGLE, 'learner-lee', 'fixture-one', 1),
    ],
    // Only the columns a database of that release had (later migrations add the others).
    { fields: [...LEGACY_ROUND_COLUMNS], returning: false },
  );
  const where = { tenant, contextKey, userId: 'learner-lee', linkKey: legacyResourceLinkKey(tenant, SHARED) };
  await models.CheckIn.create({
    ...where,
    id: ids.checkIn,
    moduleId: 'fixture-one',
    actionStepId: null,
    outcome: 'went-well',
    note: 'Named two pupils',
    at: new Date(Date.UTC(2026, 0, 12)),
  });
  await models.Reflection.create({
    ...where,
    id: ids.reflection,
    moduleId: 'fixture-two',
    wentWell: 'Waited',
    change: '',
    next: '',
    writtenAt: new Date(Date.UTC(2026, 0, 12)),
  });
  await models.PracticeDraft.create({
    tenant,
    userId: 'learner-lee',
    linkKey: legacyResourceLinkKey(tenant, SHARED),
    content: { roundId: ids.draftRound, script: 'Half written', selfAssessment: [null, null] },
    savedAt: new Date(Date.UTC(2026, 0, 13)),
  });
  const job = (
    roundId: string,
    event: string,
    status: GradeJobRow['status'],
  ): CreationAttributes<GradeJobRow> => ({
    id: testId(),
    idempotencyKey: `round:${roundId}:${event}`,
    linkKey: legacyResourceLinkKey(tenant, SHARED),
    contextKey,
    userId: 'learner-lee',
    score: {
      scoreGiven: null,
      scoreMaximum: 100,
      activityProgress: 'Submitted',
      gradingProgress: 'PendingManual',
      comment: null,
    },
    status,
    attempts: 0,
    nextAttemptAt: new Date(Date.UTC(2026, 0, 10)),
    lastError: null,
  });
  await models.GradeJob.bulkCreate(
    [
      job(ids.lee1, 'submitted', 'sent'),
      job(ids.lee1, 'reviewed', 'pending'),
      job(ids.lee2, 'submitted', 'sent'),
    ],
    // The columns of that release (grade_jobs.requestId came with migration 0014), none read back.
    {
      returning: false,
      fields: [
        'id',
        'idempotencyKey',
        'linkKey',
        'contextKey',
        'userId',
        'score',
        'status',
        'attempts',
        'nextAttemptAt',
        'lastError',
        'createdAt',
        'updatedAt',
      ],
    },
  );
  await sequelize.query(
    `INSERT INTO coaching_sessions ("tokenHash", "tenant", "contextKey", "userId", "name", "role", "expiresAt", "createdAt")
     VALUES (:hash, :tenant, :contextKey, 'learner-lee', 'Lee', 'teacher', :expiresAt, :now)`,
    {
      replacements: {
        hash: hashSecret(OLD_PAGE_TOKEN),
        tenant,
        contextKey,
        expiresAt: new Date(Date.now() + 60 * 60 * 1000),
        now: new Date(),
      },
    },
  );
  await sequelize.close();
  return { config, ids, sharedKey: legacyResourceLinkKey(tenant, SHARED) };
}

const itemOf =
  (block: string, module: string) =>
  (claims: JWTPayload): JWTPayload => ({
    ...claims,
    [`${LTI}resource_link`]: { id: block },
    [`${LTI}custom`]: { activity: 'module', module },
  });

/**
 * On the upgraded tool (started on the seeded database, `platform` registered): each module's
 * page shows that module's old work, numbered 1..n, and the next round follows on; the draft
 * and the block with one module keep working; a page opened before the upgrade acts on nothing.
 */
export async function expectLegacyWorkKept(toolUrl: string, platform: FakePlatform, seeded: LegacyData) {
  const { ids } = seeded;
  const launch = async (userId: string, block: string, module: string) => {
    const outcome = await platform.launch(toolUrl, { userId, claims: itemOf(block, module) });
    expect(outcome.bootstrap?.page, outcome.html.slice(0, 300)).toBe('practice');
    return { token: outcome.bootstrap!.sessionToken, linkKey: outcome.bootstrap!.activity!.linkKey };
  };
  const practice = async (page: { token: string; linkKey: string }) => {
    const answer = await api(toolUrl, PRACTICE_API.practice(page.linkKey), { token: page.token });
    expect(answer.status).toBe(200);
    return answer.body;
  };
  const numbered = (rounds: { id: string; roundNumber: number }[]) =>
    rounds.map((round) => [round.id, round.roundNumber]);

  const one = await launch('learner-lee', SHARED, 'fixture-one');
  const onOne = await practice(one);
  expect(onOne.module.id).toBe('fixture-one');
  // Newest first, as the practice page pages them.
  expect(numbered(onOne.rounds)).toEqual([
    [ids.lee3, 2],
    [ids.lee1, 1],
  ]);
  expect(onOne.rounds[1].feedback).toMatchObject({ praise: 'Clear names.' });
  expect(onOne.checkIns.map((entry: { id: string }) => entry.id)).toEqual([ids.checkIn]);
  expect(onOne.reflections).toEqual([]);

  const two = await launch('learner-lee', SHARED, 'fixture-two');
  // Its old key: this device's unsent draft and recording (IndexedDB, by link key) are still found.
  expect(two.linkKey).toBe(seeded.sharedKey);
  expect(one.linkKey).not.toBe(seeded.sharedKey);
  const onTwo = await practice(two);
  expect(onTwo.module.id).toBe('fixture-two');
  expect(numbered(onTwo.rounds)).toEqual([[ids.lee2, 1]]);
  expect(onTwo.checkIns).toEqual([]);
  expect(onTwo.reflections.map((entry: { id: string }) => entry.id)).toEqual([ids.reflection]);
  const draft = await api(toolUrl, PRACTICE_API.draft(two.linkKey), { token: two.token });
  expect(draft.body.draft?.content).toMatchObject({ roundId: ids.draftRound, script: 'Half written' });

  const next = await api(toolUrl, PRACTICE_API.rounds, { token: one.token, body: aRound(one.linkKey) });
  expect(next.status).toBe(201);
  expect(next.body.round).toMatchObject({ moduleId: 'fixture-one', roundNumber: 3 });

  expect(numbered((await practice(await launch('learner-mo', SHARED, 'fixture-two'))).rounds)).toEqual([
    [ids.mo1, 1],
  ]);
  const single = await launch('learner-lee', SINGLE, 'fixture-one');
  expect(numbered((await practice(single)).rounds)).toEqual([[ids.single1, 1]]);

  const oldPage = await api(toolUrl, PRACTICE_API.practice(two.linkKey), { token: OLD_PAGE_TOKEN });
  expect(oldPage.status).toBe(403);

  // The grade jobs of the moved rounds moved with them.
  const sequelize = await openSequelize(seeded.config);
  try {
    const jobs = await sequelize.query<{ idempotencyKey: string; linkKey: string }>(
      'SELECT "idempotencyKey", "linkKey" FROM grade_jobs ORDER BY "idempotencyKey"',
      { type: QueryTypes.SELECT },
    );
    expect(Object.fromEntries(jobs.map((row) => [row.idempotencyKey, row.linkKey]))).toMatchObject({
      [`round:${ids.lee1}:submitted`]: one.linkKey,
      [`round:${ids.lee1}:reviewed`]: one.linkKey,
      [`round:${ids.lee2}:submitted`]: two.linkKey,
    });
  } finally {
    await sequelize.close();
  }
}
