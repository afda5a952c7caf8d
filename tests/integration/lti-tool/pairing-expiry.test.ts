import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { DomainError } from '../../../shared/domain/errors.ts';
import { createDatabase, type Database } from '../../../lti-tool/db/database.ts';
import { PAIRING_CODE_TTL_MS } from '../../../lti-tool/db/repositories/devices.ts';
import { SESSION_TTL_MS } from '../../../lti-tool/core/sessions.ts';
import { openSequelize } from '../../../lti-tool/db/sequelize.ts';

let dataDir: string;
let db: Database;
let now: Date;

beforeEach(async () => {
  dataDir = mkdtempSync(path.join(tmpdir(), 'coaching-db-'));
  now = new Date('2026-11-22T09:00:00Z');
  db = await createDatabase(await openSequelize({ dataDir, databaseUrl: null }), () => now);
});
afterEach(async () => {
  await db.close();
  rmSync(dataDir, { recursive: true, force: true });
});

const teacher = { tenant: 't1', userId: 'teacher-1', name: 'Sam Okafor' };

async function rejection(promise: Promise<unknown>): Promise<DomainError> {
  const error = await promise.then(
    () => null,
    (caught: unknown) => caught,
  );
  expect(error).toBeInstanceOf(DomainError);
  return error as DomainError;
}

describe('pairing code expiry (real SQLite, injected clock)', () => {
  it('works until 10 minutes have passed, then is refused like an unknown code and pairs nothing', async () => {
    const { code } = await db.devices.createPairingCode(teacher);
    now = new Date(now.getTime() + PAIRING_CODE_TTL_MS + 1000);
    const error = await rejection(db.devices.redeem(code, 'Chrome'));
    expect(error.code).toBe('not-found');
    expect(error.message).toMatch(/may have expired/);
  });

  it('still works just before it expires', async () => {
    const { code } = await db.devices.createPairingCode(teacher);
    now = new Date(now.getTime() + PAIRING_CODE_TTL_MS - 1000);
    const paired = await db.devices.redeem(code, 'Chrome');
    expect(paired.teacherName).toBe('Sam Okafor');
    expect(await db.devices.find(paired.deviceToken)).toMatchObject({ kind: 'device', userId: 'teacher-1' });
  });
});

describe('sessions', () => {
  it('expire after their time to live', async () => {
    const token = await db.sessions.create({ ...teacher, contextKey: 'c1', role: 'teacher' });
    expect(await db.sessions.find(token)).not.toBeNull();
    now = new Date(now.getTime() + SESSION_TTL_MS + 1);
    expect(await db.sessions.find(token)).toBeNull();
  });

  it('store only a hash of the token', async () => {
    const token = await db.sessions.create({ ...teacher, contextKey: 'c1', role: 'teacher' });
    const sqlite = await openSequelize({ dataDir, databaseUrl: null });
    const [rows] = await sqlite.query('SELECT tokenHash FROM coaching_sessions');
    await sqlite.close();
    expect(JSON.stringify(rows)).not.toContain(token);
    expect(rows).toHaveLength(1);
  });
});

describe('housekeeping', () => {
  it('purges expired sessions and login states, keeping live ones', async () => {
    const live = await db.sessions.create({ ...teacher, contextKey: 'c1', role: 'teacher' });
    await db.loginStates.create({
      state: 'c-expiring-state-0000000000',
      nonce: 'n',
      platformId: 'p',
      relaunchQuery: '',
    });
    now = new Date(now.getTime() + 11 * 60 * 1000);
    const fresh = await db.sessions.create({ ...teacher, contextKey: 'c1', role: 'teacher' });
    now = new Date(now.getTime() + SESSION_TTL_MS - 60_000);
    expect(await db.sessions.purgeExpired()).toBe(1);
    await db.loginStates.purgeExpired();
    expect(await db.sessions.find(live)).toBeNull();
    expect(await db.sessions.find(fresh)).not.toBeNull();
    const sqlite = await openSequelize({ dataDir, databaseUrl: null });
    const [rows] = await sqlite.query('SELECT COUNT(*) AS n FROM lti_login_states');
    await sqlite.close();
    expect(Number((rows as { n: number }[])[0]?.n)).toBe(0);
  });
});
