/**
 * Paging on PostgreSQL, in a database whose collation is not byte order (ICU en-US: "a" < "B",
 * "_" and "-" weighed differently): one trainee's history with many entries at the same instant
 * and ids of mixed case, and a roster of user ids of every shape. Following `next` must give
 * every item exactly once, in the order the database itself sorts them.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { API } from '../../../shared/protocol/api.ts';
import { PRACTICE_API } from '../../../shared/protocol/practice-api.ts';
import { api } from '../../harness/api-client.ts';
import { FakePlatform } from '../../harness/fake-platform.ts';
import {
  openSeedDatabase,
  seedTraineeHistory,
  walkPages,
  type SeedDatabase,
  type TraineeScope,
} from '../../harness/paging.ts';
import { startPostgres, type TestPostgres } from '../../harness/postgres.ts';
import { aStarterModule, launchModule } from '../../harness/practice.ts';
import { startTestServer, type TestServer } from '../../harness/tool-server.ts';

const MODULE = 'fixture-narrate';
let pg: TestPostgres;
let tool: TestServer;
let moodle: FakePlatform;
let seed: SeedDatabase;
let ann: TraineeScope;
const tokens: Record<string, string> = {};

/** Ids whose collation order differs from their byte order. */
function mixedIds() {
  const heads = ['a', 'B', 'b', 'A', '_a', '-b', 'Z', 'z'];
  let n = 0;
  return () => {
    n += 1;
    return `${heads[n % heads.length]}${String((n * 7919) % 100_000).padStart(5, '0')}-${n}`;
  };
}

beforeAll(async () => {
  pg = await startPostgres();
  const databaseUrl = await pg.createDatabase('paging', { icuLocale: 'en-US' });
  tool = await startTestServer({
    env: { DATABASE_URL: databaseUrl },
    starterModules: [aStarterModule(MODULE)],
  });
  moodle = await FakePlatform.start('moodle', 'pg-paging');
  await tool.registerPlatform(moodle.registration, [moodle.deploymentId]);
  const at = { course: 'pg-paging-course', link: 'pg-paging-link', module: MODULE };
  const trainee = await launchModule(moodle, tool.url, { userId: 'learner-ann', name: 'Ann', ...at });
  tokens.ann = trainee.sessionToken;
  tokens.coach = (
    await launchModule(moodle, tool.url, { userId: 'instructor-1', role: 'instructor', ...at })
  ).sessionToken;
  const linkKey = trainee.activity!.linkKey;

  seed = await openSeedDatabase(tool.config);
  // The premise: this database does not sort by bytes.
  const [collation] = await seed.sequelize.query(`SELECT ('a' < 'B') AS "lowerFirst"`);
  expect(collation).toEqual([{ lowerFirst: true }]);
  const link = (await seed.db.resourceLinks.get(linkKey))!;
  ann = {
    tenant: link.tenant,
    contextKey: link.contextKey,
    linkKey,
    moduleId: MODULE,
    userId: 'learner-ann',
    name: 'Ann',
    coachId: 'instructor-1',
  };
  await seedTraineeHistory(seed, ann, {
    checkIns: 400,
    rounds: 30,
    reflections: 40,
    steps: 8,
    tieEvery: 2,
    generalEvery: 5,
    criteria: 3,
    newId: mixedIds(),
  });
  const userIds = mixedIds();
  await seed.db.contexts.upsertMembers(
    link.contextKey,
    Array.from({ length: 300 }, (_, i) => ({
      userId: `${userIds()}.${i % 3 ? 'Smith' : 'smith'}`,
      name: `Member ${i}`,
      role: 'teacher' as const,
    })),
  );
}, 240_000);

afterAll(async () => {
  await seed?.close();
  await tool?.close();
  await moodle?.close();
  await pg?.stop();
});

async function inDatabaseOrder(sql: string): Promise<string[]> {
  const [rows] = await seed.sequelize.query(sql, {
    replacements: {
      tenant: ann.tenant,
      contextKey: ann.contextKey,
      userId: ann.userId,
      linkKey: ann.linkKey,
    },
  });
  return (rows as { id: string }[]).map((row) => row.id);
}

const ids = (items: unknown) => (items as { id: string }[]).map((item) => item.id);

describe('paging on PostgreSQL with a non-byte collation', () => {
  it("walks a trainee's history in the database's order, every entry once", async () => {
    const expected = await inDatabaseOrder(`
      SELECT id FROM (
        SELECT id, "setAt" AS at, 0 AS rank FROM action_steps
          WHERE tenant = :tenant AND "contextKey" = :contextKey AND "teacherId" = :userId
        UNION ALL SELECT id, "submittedAt", 1 FROM practice_rounds
          WHERE tenant = :tenant AND "contextKey" = :contextKey AND "traineeId" = :userId
        UNION ALL SELECT id, at, 2 FROM check_ins
          WHERE tenant = :tenant AND "contextKey" = :contextKey AND "userId" = :userId
        UNION ALL SELECT id, "writtenAt", 3 FROM reflections
          WHERE tenant = :tenant AND "contextKey" = :contextKey AND "userId" = :userId
      ) entries ORDER BY at DESC, rank DESC, id DESC`);
    expect(expected).toHaveLength(478);
    const pages = await walkPages(tool.url, PRACTICE_API.traineeHistory(ann.userId), tokens.coach!, {
      limit: 37,
    });
    expect(pages.every((page) => page.status === 200)).toBe(true);
    expect(pages).toHaveLength(Math.ceil(expected.length / 37));
    const seen = pages.flatMap((page) => {
      const body = page.body as Record<'steps' | 'rounds' | 'checkIns' | 'reflections', { id: string }[]>;
      // Within a page the API groups by list; the page as a whole is one window of the order.
      const window = new Set(
        [...body.steps, ...body.rounds, ...body.checkIns, ...body.reflections].map((e) => e.id),
      );
      return expected.filter((id) => window.has(id));
    });
    expect(seen).toEqual(expected);
  });

  it('walks the practice check-ins (this activity and general ones) in the database order', async () => {
    const expected = await inDatabaseOrder(`
      SELECT id FROM check_ins
        WHERE tenant = :tenant AND "contextKey" = :contextKey AND "userId" = :userId
          AND ("linkKey" = :linkKey OR "linkKey" IS NULL)
        ORDER BY at DESC, id DESC`);
    const pages = await walkPages(tool.url, PRACTICE_API.practiceCheckIns(ann.linkKey), tokens.ann!, {
      limit: 23,
    });
    expect(pages.flatMap((page) => ids(page.body.checkIns))).toEqual(expected);
  });

  it('walks the roster in the database order of user ids', async () => {
    const expected = await inDatabaseOrder(
      'SELECT "userId" AS id FROM coaching_members WHERE "contextKey" = :contextKey ORDER BY "userId"',
    );
    expect(expected.length).toBeGreaterThan(300);
    const pages = await walkPages(tool.url, API.roster, tokens.coach!, { limit: 50 });
    expect(pages.flatMap((page) => (page.body.members as { userId: string }[]).map((m) => m.userId))).toEqual(
      expected,
    );
  });

  it('refuses a cursor that is not one, or not for this list', async () => {
    const first = await api(tool.url, `${API.roster}?limit=5`, { token: tokens.coach });
    const elsewhere = await api(
      tool.url,
      `${PRACTICE_API.traineeHistory(ann.userId)}?after=${encodeURIComponent(first.body.next)}`,
      { token: tokens.coach },
    );
    expect(elsewhere.status).toBe(400);
    expect((await api(tool.url, `${API.roster}?limit=0`, { token: tokens.coach })).status).toBe(400);
  });
});
