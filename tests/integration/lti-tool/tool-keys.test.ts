import { mkdtempSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { createLocalJWKSet, exportJWK, importSPKI, jwtVerify } from 'jose';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { loadConfig } from '../../../lti-tool/core/config.ts';
import { createDatabase, type Database } from '../../../lti-tool/db/database.ts';
import { databaseOptions, openSequelize } from '../../../lti-tool/db/sequelize.ts';
import { createToolKeys } from '../../../lti-tool/lti/keys/tool-keys.ts';
import { startToolServerProcess } from '../../harness/tool-server-process.ts';
import { startTestServer, type TestServer } from '../../harness/tool-server.ts';

const MOODLE = {
  issuer: 'https://moodle.school.example',
  clientId: 'abc123',
  name: 'Oak Trust Moodle',
  authUrl: 'https://moodle.school.example/mod/lti/auth.php',
  tokenUrl: 'https://moodle.school.example/mod/lti/token.php',
  jwksUrl: 'https://moodle.school.example/mod/lti/certs.php',
};

const dirs: string[] = [];
const cleanups: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0)) await cleanup();
});
afterAll(() => {
  for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
});

function dataDir(): string {
  const dir = mkdtempSync(path.join(tmpdir(), 'coaching-keys-'));
  dirs.push(dir);
  return dir;
}

async function openDatabase(dir: string): Promise<Database> {
  const db = await createDatabase(await openSequelize({ dataDir: dir, databaseUrl: null }));
  cleanups.push(() => db.close());
  return db;
}

type Jwks = { keys: { kid: string; n: string; alg: string; use: string }[] };
const jwksOf = async (url: string) => (await (await fetch(`${url}/lti/keys`)).json()) as Jwks;

describe('the tool signing keys (our own table, not ltijs)', () => {
  it('keeps private keys sealed with the secret: no key in the table, and another secret cannot sign', async () => {
    const db = await openDatabase(dataDir());
    const keys = createToolKeys({ store: db.toolKeys, secret: 'a'.repeat(32) });
    await keys.registerPlatform(MOODLE);
    const stored = await db.toolKeys.signing(MOODLE);
    expect(stored?.sealedPrivateKey).toMatch(/^v1\./);
    expect(stored?.sealedPrivateKey).not.toContain('PRIVATE KEY');

    const jwt = await keys.signAsTool(MOODLE, { aud: MOODLE.issuer });
    const published = { keys: (await db.toolKeys.published()).map((k) => ({ ...k.publicJwk, kid: k.kid })) };
    await expect(
      jwtVerify(jwt, createLocalJWKSet(published), { audience: MOODLE.issuer }),
    ).resolves.toBeTruthy();

    const stolen = createToolKeys({ store: db.toolKeys, secret: 'b'.repeat(32) });
    await expect(stolen.signAsTool(MOODLE, { aud: MOODLE.issuer })).rejects.toThrow();
  });

  it('gives a platform one signing key however many registrations race', async () => {
    const db = await openDatabase(dataDir());
    const keys = createToolKeys({ store: db.toolKeys, secret: 'a'.repeat(32) });
    await Promise.all(Array.from({ length: 5 }, () => keys.registerPlatform(MOODLE)));
    expect(await db.toolKeys.published()).toHaveLength(1);
    expect((await db.toolKeys.signing(MOODLE))?.kid).toBe(await keys.toolKeyId(MOODLE));
  });

  it('lets two tools run in one process (no ltijs singleton), each publishing its own keys', async () => {
    const servers: TestServer[] = await Promise.all([startTestServer(), startTestServer()]);
    cleanups.push(async () => {
      await Promise.all(servers.map((server) => server.close()));
    });
    const before = await Promise.all(servers.map((server) => jwksOf(server.url)));
    await Promise.all(servers.map((server) => server.registerPlatform(MOODLE, ['1'])));
    const [first, second] = await Promise.all(servers.map((server) => jwksOf(server.url)));
    // Each gave the new platform a key of its own (the demo LMS has one already).
    expect(first?.keys).toHaveLength((before[0]?.keys.length ?? 0) + 1);
    expect(second?.keys).toHaveLength((before[1]?.keys.length ?? 0) + 1);
    const secondKids = new Set(second?.keys.map((key) => key.kid));
    expect(first?.keys.filter((key) => secondKids.has(key.kid))).toEqual([]);
    expect(first?.keys[0]).toMatchObject({ alg: 'RS256', use: 'sig' });
  });

  // ltijs makes a 4096-bit key, and the tool starts in a process of its own: more than the default 30 s
  // on a loaded two-core machine.
  it(
    'carries over the key ltijs made for a platform registered by an earlier release: same kid, same key',
    { timeout: 120_000 },
    async () => {
      const dir = dataDir();
      const config = loadConfig({ DATA_DIR: dir, NODE_ENV: 'test', PUBLIC_URL: 'https://coach.example.org' });
      // What an earlier release left: the platform in our registry, its key pair in ltijs's tables.
      const db = await createDatabase(await openSequelize(config));
      await db.platforms.upsert(MOODLE);
      await db.close();
      const require = createRequire(import.meta.url);
      const lti = require('ltijs').Provider;
      const SequelizePlugin = require('ltijs-sequelize');
      const { database, options } = databaseOptions(config);
      lti.setup(
        config.secret,
        { plugin: new SequelizePlugin(database, '', '', options) },
        { devMode: false },
      );
      await lti.deploy({ serverless: true, silent: true });
      const made = await lti.registerPlatform({
        url: MOODLE.issuer,
        name: MOODLE.name,
        clientId: MOODLE.clientId,
        authenticationEndpoint: MOODLE.authUrl,
        accesstokenEndpoint: MOODLE.tokenUrl,
        authConfig: { method: 'JWK_SET', key: MOODLE.jwksUrl },
      });
      const ltijsKid: string = await made.platformKid();
      const ltijsPublic = await exportJWK(await importSPKI(await made.platformPublicKey(), 'RS256'));
      await lti.close({ silent: true });

      // This release starts on that database (in a process of its own, as a deployment would).
      const tool = await startToolServerProcess({ DATA_DIR: dir });
      cleanups.push(() => tool.stop());
      const jwks = await jwksOf(tool.url);
      expect(jwks.keys.map((key) => key.kid)).toContain(ltijsKid);
      expect(jwks.keys.find((key) => key.kid === ltijsKid)?.n).toBe(ltijsPublic.n);

      const again = await openDatabase(dir);
      expect((await again.toolKeys.signing(MOODLE))?.kid).toBe(ltijsKid);
    },
  );
});
