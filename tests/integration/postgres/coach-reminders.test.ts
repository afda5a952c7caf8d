import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createDatabase, type Database } from '../../../lti-tool/db/database.ts';
import { openSequelize } from '../../../lti-tool/db/sequelize.ts';
import { startPostgres, type TestPostgres } from '../../harness/postgres.ts';

let pg: TestPostgres;
let dataDir: string;
/** Two tool processes' connections to one database. */
let one: Database;
let two: Database;

beforeAll(async () => {
  pg = await startPostgres();
  dataDir = mkdtempSync(path.join(tmpdir(), 'coaching-pg-reminders-'));
  const url = await pg.createDatabase('reminders');
  one = await createDatabase(await openSequelize({ dataDir, databaseUrl: url }));
  two = await createDatabase(await openSequelize({ dataDir, databaseUrl: url }));
});
afterAll(async () => {
  await one?.close();
  await two?.close();
  await pg?.stop();
  rmSync(dataDir, { recursive: true, force: true });
});

const COACH = { tenant: 'tenant-1', contextKey: 'course-1', coachId: 'coach-1' };

describe('coach reminders on PostgreSQL', () => {
  it('one claim of a period wins across processes; a released claim can be made again', async () => {
    const optedIn = new Date('2026-01-05T10:00:00.000Z');
    await one.reminders.save(COACH, { email: 'coach@school.test', digest: 'daily', lastDigestAt: optedIn });
    expect(await two.reminders.subscribers()).toEqual([
      { ...COACH, email: 'coach@school.test', digest: 'daily', lastDigestAt: optedIn },
    ]);

    const periodStart = new Date('2026-01-06T00:00:00.000Z');
    const at = new Date('2026-01-06T00:05:00.000Z');
    const claims = await Promise.all(
      [one, two, one, two].map((db) => db.reminders.claimDigest(COACH, 'daily', periodStart, at)),
    );
    expect(claims.filter(Boolean)).toHaveLength(1);
    expect((await one.reminders.get(COACH))?.lastDigestAt).toEqual(at);

    await two.reminders.releaseDigest(COACH, at, optedIn);
    expect((await one.reminders.get(COACH))?.lastDigestAt).toEqual(optedIn);
    expect(await one.reminders.claimDigest(COACH, 'daily', periodStart, at)).toBe(true);
    // A claim for a frequency the coach no longer has is no claim.
    expect(await two.reminders.claimDigest(COACH, 'weekly', new Date('2026-02-01T00:00:00.000Z'), at)).toBe(
      false,
    );
  });

  it('finds a coach by their feed token hash until it is replaced or removed', async () => {
    await one.reminders.setFeedTokenHash(COACH, 'a'.repeat(64));
    expect(await two.reminders.coachOfFeed('a'.repeat(64))).toEqual(COACH);
    await two.reminders.setFeedTokenHash(COACH, 'b'.repeat(64));
    expect(await one.reminders.coachOfFeed('a'.repeat(64))).toBeNull();
    expect((await one.reminders.get(COACH))?.hasFeed).toBe(true);
    await one.reminders.setFeedTokenHash(COACH, null);
    expect(await two.reminders.coachOfFeed('b'.repeat(64))).toBeNull();
    expect((await two.reminders.get(COACH))?.hasFeed).toBe(false);
  });
});
