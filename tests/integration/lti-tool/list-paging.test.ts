/**
 * Every list the API returns comes a page at a time (shared/protocol/paging.ts): one trainee
 * with 3,000 check-ins (and rounds, reflections, steps), a 600-person roster, 250 modules and
 * 150 failed scores, on the real server with SQLite. The long lists are seeded through the
 * tool's repositories on a second connection (tests/harness/paging.ts); a few check-ins go
 * through the API as well.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { API } from '../../../shared/protocol/api.ts';
import { PAGE_SIZES, type PageSize } from '../../../shared/protocol/paging.ts';
import { PRACTICE_API } from '../../../shared/protocol/practice-api.ts';
import { api } from '../../harness/api-client.ts';
import { testId } from '../../harness/builders.ts';
import { FakePlatform } from '../../harness/fake-platform.ts';
import {
  newestFirst,
  openSeedDatabase,
  seedTraineeHistory,
  walkPages,
  type SeedDatabase,
  type SeededEntry,
  type TraineeScope,
  type WalkedPage,
} from '../../harness/paging.ts';
import { aModuleDefinition, aStarterModule, launchModule } from '../../harness/practice.ts';
import { startTestServer, type TestServer } from '../../harness/tool-server.ts';

const MODULE = 'fixture-narrate';
const COURSE = 'course-paging';
const OWN_MODULES = 250;
const MEMBERS = 600;
const FAILED = 150;

let clock = new Date('2026-06-01T09:00:00.000Z');
let tool: TestServer;
let school: FakePlatform;
let seed: SeedDatabase;
const tokens: Record<string, string> = {};
let linkKey = '';
let ann: TraineeScope;
let annEntries: SeededEntry[] = [];
let benEntries: SeededEntry[] = [];
let stepSeqOrder: string[] = [];

async function launch(who: string, userId: string, role?: 'instructor' | 'admin', name?: string) {
  const bootstrap = await launchModule(school, tool.url, {
    userId,
    course: COURSE,
    link: 'link-paging',
    module: MODULE,
    ...(role ? { role } : {}),
    ...(name ? { name } : {}),
  });
  tokens[who] = bootstrap.sessionToken;
  return bootstrap;
}

beforeAll(async () => {
  tool = await startTestServer({
    now: () => clock,
    starterModules: [aStarterModule(MODULE), aStarterModule('fixture-second', { title: 'Second fixture' })],
  });
  school = await FakePlatform.start('moodle', 'paging-school');
  await tool.registerPlatform(school.registration, [school.deploymentId]);
  linkKey = (await launch('ann', 'learner-ann', undefined, 'Ann Ahmed')).activity!.linkKey;
  await launch('ben', 'learner-ben', undefined, 'Ben Brook');
  await launch('coach', 'instructor-1', 'instructor');
  await launch('provider', 'admin-1', 'admin');

  seed = await openSeedDatabase(tool.config);
  const link = (await seed.db.resourceLinks.get(linkKey))!;
  const scope = { tenant: link.tenant, contextKey: link.contextKey, linkKey, moduleId: MODULE };
  ann = { ...scope, userId: 'learner-ann', name: 'Ann Ahmed', coachId: 'instructor-1' };
  const ben = { ...scope, userId: 'learner-ben', name: 'Ben Brook', coachId: 'instructor-1' };
  const counts = { rounds: 40, reflections: 60, steps: 12, tieEvery: 7, generalEvery: 10, criteria: 3 };
  annEntries = await seedTraineeHistory(seed, ann, { ...counts, checkIns: 3000 });
  benEntries = await seedTraineeHistory(seed, ben, {
    checkIns: 30,
    rounds: 12,
    reflections: 12,
    steps: 2,
    criteria: 3,
  });
  // Steps come back from a pull in the order they last changed (set, or archived by the next).
  stepSeqOrder = [...annEntries, ...benEntries]
    .filter((entry) => entry.kind === 'step')
    .sort((a, b) => (a.at === b.at ? (a.id < b.id ? -1 : 1) : a.at < b.at ? -1 : 1))
    .map((entry) => entry.id);

  await seed.db.contexts.upsertMembers(
    link.contextKey,
    Array.from({ length: MEMBERS }, (_, i) => ({
      userId: `member-${String(i).padStart(4, '0')}`,
      name: `Member ${i}`,
      role: i % 20 === 0 ? ('coach' as const) : ('teacher' as const),
    })),
  );
  await seed.db.modules.saveAll(
    link.tenant,
    Array.from({ length: OWN_MODULES }, (_, i) =>
      aModuleDefinition(`own-module-${String(i).padStart(3, '0')}`, { title: `Own module ${i}` }),
    ),
    'admin-1',
  );
  for (let i = 0; i < FAILED; i += 1) {
    const key = `paging-failed-${i}`;
    await seed.db.gradeJobs.enqueue(
      {
        idempotencyKey: key,
        linkKey,
        contextKey: link.contextKey,
        requestId: null,
        userId: `failed-user-${String(i).padStart(3, '0')}`,
        score: {
          scoreGiven: i,
          scoreMaximum: 100,
          activityProgress: 'Completed',
          gradingProgress: 'FullyGraded',
          comment: null,
        },
      },
      seed.clock.tick(),
    );
    await seed.db.gradeJobs.markFailed((await seed.db.gradeJobs.byKey(key))!, 'The LMS refused the score.');
  }

  // A few through the API too, after everything seeded.
  clock = new Date(seed.clock.tick(60_000).getTime());
  for (let i = 0; i < 3; i += 1) {
    clock = new Date(clock.getTime() + 1000);
    const id = testId();
    const response = await api(tool.url, PRACTICE_API.checkIns, {
      token: tokens.ann,
      body: { id, linkKey, actionStepId: null, outcome: 'went-well', note: `From the page ${i}` },
    });
    expect(response.status).toBe(201);
    annEntries.unshift({ kind: 'check-in', id, at: clock.toISOString(), linkKey });
  }
}, 240_000);

afterAll(async () => {
  await seed?.close();
  await tool?.close();
  await school?.close();
});

const ids = (items: unknown) => (items as { id: string }[]).map((item) => item.id);
const ofKind = (entries: readonly SeededEntry[], kind: SeededEntry['kind']) =>
  entries.filter((entry) => entry.kind === kind).map((entry) => entry.id);

/** A history page's entries in the API's order, as seeded entries. */
function historyEntries(body: Record<string, unknown>): SeededEntry[] {
  const page = body as {
    steps: { id: string; setAt: string }[];
    rounds: { id: string; submittedAt: string }[];
    checkIns: { id: string; at: string }[];
    reflections: { id: string; writtenAt: string }[];
  };
  return newestFirst([
    ...page.steps.map((step) => ({ kind: 'step' as const, id: step.id, at: step.setAt })),
    ...page.rounds.map((round) => ({ kind: 'round' as const, id: round.id, at: round.submittedAt })),
    ...page.checkIns.map((checkIn) => ({ kind: 'check-in' as const, id: checkIn.id, at: checkIn.at })),
    ...page.reflections.map((entry) => ({ kind: 'reflection' as const, id: entry.id, at: entry.writtenAt })),
  ]);
}

async function rosterOrder(): Promise<string[]> {
  const [rows] = await seed.sequelize.query(
    'SELECT "userId" FROM coaching_members WHERE "contextKey" = :contextKey ORDER BY "userId"',
    { replacements: { contextKey: ann.contextKey } },
  );
  return (rows as { userId: string }[]).map((row) => row.userId);
}

async function failedOrder(): Promise<string[]> {
  const [rows] = await seed.sequelize.query(
    `SELECT "userId" FROM grade_jobs WHERE "contextKey" = :contextKey AND status = 'failed'
     ORDER BY "updatedAt" DESC, id DESC`,
    { replacements: { contextKey: ann.contextKey } },
  );
  return (rows as { userId: string }[]).map((row) => row.userId);
}

const moduleOrder = () => [
  'fixture-narrate',
  'fixture-second',
  ...Array.from({ length: OWN_MODULES }, (_, i) => `own-module-${String(i).padStart(3, '0')}`),
];

interface ListCase {
  name: string;
  path: () => string;
  who: string;
  size: PageSize;
  /** The first page (the list's default size) stays under this many bytes of JSON. */
  bytes: number;
  /** The page's items, as ids, in the API's order. */
  pageIds: (body: Record<string, unknown>) => string[];
  expected: () => string[] | Promise<string[]>;
}

const LISTS: ListCase[] = [
  {
    name: 'practice rounds',
    path: () => PRACTICE_API.practiceRounds(linkKey),
    who: 'ann',
    size: PAGE_SIZES.rounds,
    bytes: 8_000,
    pageIds: (body) => ids(body.rounds),
    expected: () => ofKind(annEntries, 'round'),
  },
  {
    name: 'practice check-ins',
    path: () => PRACTICE_API.practiceCheckIns(linkKey),
    who: 'ann',
    size: PAGE_SIZES.checkIns,
    bytes: 6_000,
    pageIds: (body) => ids(body.checkIns),
    expected: () => ofKind(annEntries, 'check-in'),
  },
  {
    name: 'practice reflections',
    path: () => PRACTICE_API.practiceReflections(linkKey),
    who: 'ann',
    size: PAGE_SIZES.reflections,
    bytes: 4_000,
    pageIds: (body) => ids(body.reflections),
    expected: () => ofKind(annEntries, 'reflection'),
  },
  {
    name: 'trainee history',
    path: () => PRACTICE_API.traineeHistory('learner-ann'),
    who: 'coach',
    size: PAGE_SIZES.history,
    bytes: 24_000,
    pageIds: (body) => historyEntries(body).map((entry) => entry.id),
    expected: () => annEntries.map((entry) => entry.id),
  },
  {
    name: 'roster',
    path: () => API.roster,
    who: 'coach',
    size: PAGE_SIZES.roster,
    bytes: 24_000,
    pageIds: (body) => (body.members as { userId: string }[]).map((member) => member.userId),
    expected: rosterOrder,
  },
  {
    name: 'module library',
    path: () => PRACTICE_API.modules,
    who: 'coach',
    size: PAGE_SIZES.modules,
    bytes: 24_000,
    pageIds: (body) => ids(body.modules),
    expected: moduleOrder,
  },
  {
    name: 'provider activity',
    path: () => PRACTICE_API.providerActivity,
    who: 'provider',
    size: PAGE_SIZES.providerActivity,
    bytes: 12_000,
    pageIds: (body) => (body.modules as { moduleId: string }[]).map((row) => row.moduleId),
    expected: moduleOrder,
  },
  {
    name: 'failed scores',
    path: () => API.failedGrades,
    who: 'coach',
    size: PAGE_SIZES.failedGrades,
    bytes: 4_000,
    pageIds: (body) => (body.failed as { userId: string }[]).map((job) => job.userId),
    expected: failedOrder,
  },
  {
    name: 'review queue',
    path: () => PRACTICE_API.reviewQueue,
    who: 'coach',
    size: PAGE_SIZES.reviewQueue,
    bytes: 24_000,
    pageIds: (body) => (body.items as { roundId: string }[]).map((item) => item.roundId),
    expected: () =>
      [...annEntries, ...benEntries]
        .filter((entry) => entry.kind === 'round')
        .sort((a, b) => (a.at === b.at ? (a.id < b.id ? -1 : 1) : a.at < b.at ? -1 : 1))
        .map((entry) => entry.id),
  },
];

const walkedIds = (list: ListCase, pages: WalkedPage[]) => pages.flatMap((page) => list.pageIds(page.body));

describe.each(LISTS)('$name', (list) => {
  it('answers a first page of the default size, under its byte budget, with a next', async () => {
    const expected = await list.expected();
    expect(expected.length).toBeGreaterThan(list.size.default);
    const response = await api(tool.url, list.path(), { token: tokens[list.who] });
    expect(response.status).toBe(200);
    expect(list.pageIds(response.body)).toEqual(expected.slice(0, list.size.default));
    expect(Buffer.byteLength(JSON.stringify(response.body))).toBeLessThan(list.bytes);
    expect(response.body.next).toMatch(/^[A-Za-z0-9_-]+$/);
  });

  it('returns every item exactly once, in order, when `next` is followed to the end', async () => {
    const expected = await list.expected();
    // At least three pages, each full but the last.
    const limit = Math.min(list.size.max, Math.ceil(expected.length / 3));
    const pages = await walkPages(tool.url, list.path(), tokens[list.who]!, { limit });
    expect(pages.every((page) => page.status === 200)).toBe(true);
    expect(pages).toHaveLength(Math.ceil(expected.length / limit));
    expect(pages.slice(0, -1).every((page) => list.pageIds(page.body).length === limit)).toBe(true);
    expect(pages.at(-1)!.body.next).toBeNull();
    // Opaque to clients: base64url, nothing a client could read or build.
    for (const page of pages.slice(0, -1)) expect(page.body.next).toMatch(/^[A-Za-z0-9_-]+$/);
    expect(walkedIds(list, pages)).toEqual(expected);
  });

  it('refuses a malformed cursor, and the cursor of another list (400)', async () => {
    const other = LISTS.find((candidate) => candidate !== list && candidate.who === list.who) ?? LISTS[0]!;
    const foreign = (await api(tool.url, other.path(), { token: tokens[other.who] })).body.next as string;
    const path = list.path();
    for (const after of ['not a cursor', 'AAAA', 'eyJ4Ijox', foreign, 'x'.repeat(600)]) {
      const response = await api(tool.url, `${path}?after=${encodeURIComponent(after)}`, {
        token: tokens[list.who],
      });
      expect(response.status, after).toBe(400);
      expect(response.body.error.message).toMatch(/after is not a position in this list/);
    }
  });

  it('enforces its limit: 1 to the maximum, anything else is a 400', async () => {
    const path = list.path();
    for (const limit of ['0', '-1', '1.5', 'ten', String(list.size.max + 1), '10000']) {
      const response = await api(tool.url, `${path}?limit=${limit}`, { token: tokens[list.who] });
      expect(response.status, limit).toBe(400);
      expect(response.body.error.message).toContain(
        `limit must be a whole number from 1 to ${list.size.max}`,
      );
    }
    const one = await api(tool.url, `${path}?limit=1`, { token: tokens[list.who] });
    expect(list.pageIds(one.body)).toHaveLength(1);
    const most = await api(tool.url, `${path}?limit=${list.size.max}`, { token: tokens[list.who] });
    const total = (await list.expected()).length;
    expect(list.pageIds(most.body)).toHaveLength(Math.min(total, list.size.max));
    expect(most.body.next === null).toBe(total <= list.size.max);
  });
});

describe('cursors belong to their person and search', () => {
  it("refuses one trainee's cursor on another trainee's lists", async () => {
    const annHistory = (
      await api(tool.url, PRACTICE_API.traineeHistory('learner-ann'), { token: tokens.coach })
    ).body.next;
    const onBen = await api(
      tool.url,
      `${PRACTICE_API.traineeHistory('learner-ben')}?after=${encodeURIComponent(annHistory)}`,
      { token: tokens.coach },
    );
    expect(onBen.status).toBe(400);
    const annCheckIns = (await api(tool.url, PRACTICE_API.practiceCheckIns(linkKey), { token: tokens.ann }))
      .body.next;
    const asBen = await api(
      tool.url,
      `${PRACTICE_API.practiceCheckIns(linkKey)}?after=${encodeURIComponent(annCheckIns)}`,
      { token: tokens.ben },
    );
    expect(asBen.status).toBe(400);
  });

  it('refuses a library cursor made for another search', async () => {
    const search = `${PRACTICE_API.modules}?query=Own`;
    const first = await api(tool.url, `${search}&limit=5`, { token: tokens.coach });
    expect(first.body.modules).toHaveLength(5);
    const same = await api(tool.url, `${search}&limit=5&after=${encodeURIComponent(first.body.next)}`, {
      token: tokens.coach,
    });
    expect(same.status).toBe(200);
    expect(ids(same.body.modules)).toEqual(ids(first.body.modules).map((_, i) => `own-module-00${i + 5}`));
    const unfiltered = await api(
      tool.url,
      `${PRACTICE_API.modules}?after=${encodeURIComponent(first.body.next)}`,
      {
        token: tokens.coach,
      },
    );
    expect(unfiltered.status).toBe(400);
  });
});

describe('the practice response', () => {
  it('holds the first page of each list, bounded, and its lists page on to every item once', async () => {
    const response = await api(tool.url, PRACTICE_API.practice(linkKey), { token: tokens.ann });
    expect(response.status).toBe(200);
    const body = response.body;
    expect(Buffer.byteLength(JSON.stringify(body))).toBeLessThan(24_000);
    expect(body.rounds).toHaveLength(PAGE_SIZES.rounds.default);
    expect(body.checkIns).toHaveLength(PAGE_SIZES.checkIns.default);
    expect(body.reflections).toHaveLength(PAGE_SIZES.reflections.default);
    for (const [field, path, kind] of [
      ['rounds', PRACTICE_API.practiceRounds(linkKey), 'round'],
      ['checkIns', PRACTICE_API.practiceCheckIns(linkKey), 'check-in'],
      ['reflections', PRACTICE_API.practiceReflections(linkKey), 'reflection'],
    ] as const) {
      const rest = await walkPages(tool.url, path, tokens.ann!, {
        first: body.next[field],
        limit: PAGE_SIZES[field].max,
      });
      const all = [...ids(body[field]), ...rest.flatMap((page) => ids(page.body[field]))];
      expect(all, field).toEqual(ofKind(annEntries, kind));
    }
  });
});

describe("a trainee's history", () => {
  it('gives each page the earlier steps its entries belong to, and its trainee', async () => {
    const first = await api(tool.url, `${PRACTICE_API.traineeHistory('learner-ann')}?limit=50`, {
      token: tokens.coach,
    });
    expect(first.body.trainee).toEqual({ userId: 'learner-ann', name: 'Ann Ahmed' });
    const oldest = historyEntries(first.body).at(-1)!;
    const inEffect = annEntries.filter((entry) => entry.kind === 'step' && entry.at <= oldest.at)[0]!;
    const onPage = ids(first.body.steps);
    const earlier = ids(first.body.earlierSteps);
    expect([...onPage, ...earlier]).toContain(inEffect.id);
    expect(earlier.every((id) => !onPage.includes(id))).toBe(true);
    const named = (first.body.checkIns as { actionStepId: string | null }[]).flatMap((checkIn) =>
      checkIn.actionStepId ? [checkIn.actionStepId] : [],
    );
    expect(named.every((id) => onPage.includes(id) || earlier.includes(id))).toBe(true);
  });
});

describe('sync pull', () => {
  it('says when there is more, and a client that keeps pulling gets every step once, in order', async () => {
    const seen: string[] = [];
    let since = '0';
    let pulls = 0;
    for (;;) {
      const response = await api(tool.url, `${API.syncPull}?since=${since}&limit=5`, { token: tokens.coach });
      expect(response.status).toBe(200);
      expect(response.body.steps.length).toBeLessThanOrEqual(5);
      seen.push(...ids(response.body.steps));
      since = response.body.cursor;
      pulls += 1;
      if (!response.body.more) break;
      expect(response.body.steps).toHaveLength(5);
    }
    expect(seen).toEqual(stepSeqOrder);
    expect(pulls).toBe(Math.ceil(stepSeqOrder.length / 5));
  });

  it('gives a teacher only their own steps, paged in SQL, with `more` true while they have more', async () => {
    const response = await api(tool.url, `${API.syncPull}?since=0&limit=1`, { token: tokens.ben });
    expect(response.status).toBe(200);
    expect(response.body.steps).toHaveLength(1);
    expect(response.body.steps[0].teacherId).toBe('learner-ben');
    expect(response.body.more).toBe(true);
  });

  it('enforces its limit', async () => {
    for (const limit of ['0', String(PAGE_SIZES.syncPull.max + 1), '10000', 'x']) {
      const response = await api(tool.url, `${API.syncPull}?since=0&limit=${limit}`, { token: tokens.coach });
      expect(response.status, limit).toBe(400);
    }
  });
});

describe('provider activity', () => {
  it('counts each module of a page over all its use, not only what is on some page', async () => {
    const response = await api(tool.url, `${PRACTICE_API.providerActivity}?limit=1`, {
      token: tokens.provider,
    });
    expect(response.body.modules).toHaveLength(1);
    expect(response.body.next).toMatch(/^[A-Za-z0-9_-]+$/);
    const [row] = response.body.modules;
    const onLink = (entries: SeededEntry[], kind: SeededEntry['kind']) =>
      entries.filter((entry) => entry.kind === kind && entry.linkKey !== null).length;
    expect(row).toEqual({
      moduleId: MODULE,
      title: 'Narrate the positive',
      courses: 1,
      trainees: 2,
      rounds: 52,
      reviewed: 0,
      checkIns: onLink(annEntries, 'check-in') + onLink(benEntries, 'check-in'),
      reflections: onLink(annEntries, 'reflection') + onLink(benEntries, 'reflection'),
    });
  });
});
