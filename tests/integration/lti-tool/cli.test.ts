import { openBlobStore } from '../../../lti-tool/media/open-blob-store.ts';
import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCommand, UsageError, type CliContext } from '../../../lti-tool/cli/commands.ts';
import { createDatabase, type Database } from '../../../lti-tool/db/database.ts';
import { openSequelize } from '../../../lti-tool/db/sequelize.ts';
import { createToolKeys, type ToolKeys } from '../../../lti-tool/lti/keys/tool-keys.ts';
import { loadConfig } from '../../../lti-tool/core/config.ts';

const run = promisify(execFile);
const ROOT = path.resolve(import.meta.dirname, '../../..');
let dataDir: string;
let db: Database;
let lti: ToolKeys;
let output: string[];
let ctx: CliContext;

const moodle = [
  '--issuer',
  'https://moodle.school.example',
  '--client-id',
  'abc123',
  '--auth-url',
  'https://moodle.school.example/mod/lti/auth.php',
  '--token-url',
  'https://moodle.school.example/mod/lti/token.php',
  '--jwks-url',
  'https://moodle.school.example/mod/lti/certs.php',
  '--deployment-id',
  '7',
];

beforeAll(async () => {
  dataDir = mkdtempSync(path.join(tmpdir(), 'coaching-cli-'));
  const config = loadConfig({ DATA_DIR: dataDir, NODE_ENV: 'test', PUBLIC_URL: 'https://coach.example.org' });
  db = await createDatabase(await openSequelize(config));
  lti = createToolKeys({ store: db.toolKeys, secret: config.secret });
  output = [];
  ctx = {
    db,
    lti: async () => lti,
    publicUrl: config.publicUrl,
    blobs: () => openBlobStore(config),
    print: (line) => output.push(line),
  };
});
afterAll(async () => {
  await db?.close();
  rmSync(dataDir, { recursive: true, force: true });
});

async function usageError(argv: string[]): Promise<string> {
  const error = await runCommand(argv, ctx).catch((caught: unknown) => caught);
  expect(error).toBeInstanceOf(UsageError);
  return (error as Error).message;
}

describe('npm run lti -- …', () => {
  it('platform add registers the platform and its deployment', async () => {
    await runCommand(['platform', 'add', ...moodle, '--name', 'Oak Trust Moodle'], ctx);
    const platform = await db.platforms.find('https://moodle.school.example', 'abc123');
    expect(platform?.name).toBe('Oak Trust Moodle');
    expect(await db.platforms.hasDeployment(platform!.id, '7')).toBe(true);
  });

  it('platform list shows issuer, client id and deployments', async () => {
    output = [];
    await runCommand(['platform', 'list'], ctx);
    expect(output.join('\n')).toMatch(
      /issuer: https:\/\/moodle\.school\.example\n {2}client id: abc123\n {2}deployments: 7/,
    );
  });

  it('deployment add adds a deployment to a known platform only', async () => {
    await runCommand(
      [
        'deployment',
        'add',
        '--issuer',
        'https://moodle.school.example',
        '--client-id',
        'abc123',
        '--deployment-id',
        '8',
      ],
      ctx,
    );
    const platform = await db.platforms.find('https://moodle.school.example', 'abc123');
    expect(await db.platforms.hasDeployment(platform!.id, '8')).toBe(true);
    expect(
      await usageError([
        'deployment',
        'add',
        '--issuer',
        'https://other.example',
        '--client-id',
        'x',
        '--deployment-id',
        '1',
      ]),
    ).toMatch(/No platform is registered/);
  });

  it('registration-url issues a single-use URL on the public address', async () => {
    output = [];
    await runCommand(['registration-url', '--ttl-minutes', '30'], ctx);
    const url = new URL(output[0]!);
    expect(url.origin + url.pathname).toBe('https://coach.example.org/lti/register');
    const token = url.searchParams.get('rt')!;
    expect(await db.registrationTokens.redeem(token)).toBe(true);
    expect(await db.registrationTokens.redeem(token)).toBe(false);
  });

  it('keys rotate schedules a rotation for every platform, with the overlap given', async () => {
    output = [];
    await runCommand(['keys', 'rotate', '--overlap-hours', '2'], ctx);
    expect(output.join('\n')).toMatch(
      /https:\/\/moodle\.school\.example \(client abc123\): new key \w+ published now; signing switches at/,
    );
    expect(await usageError(['keys', 'rotate', '--overlap-hours', 'soon'])).toMatch(
      /--overlap-hours must be a number/,
    );
  });

  it('explains bad flags and unknown commands', async () => {
    expect(await usageError(['platform', 'add', '--issuer', 'not-a-url'])).toMatch(
      /--issuer must be a full URL[\s\S]*--client-id is required/,
    );
    expect(await usageError(['platform', 'add', ...moodle, '--colour', 'blue'])).toMatch(
      /Unknown option '--colour'/,
    );
    expect(await usageError(['registration-url', '--ttl-minutes', 'soon'])).toMatch(
      /--ttl-minutes must be a whole number/,
    );
    expect(await usageError(['frobnicate'])).toMatch(/Unknown command "frobnicate"/);
  });

  it('platform add takes the origins of services elsewhere, wildcards too, and shows where it will call', async () => {
    const canvas = [
      '--issuer',
      'https://canvas.instructure.com',
      '--client-id',
      '10000000000042',
      '--auth-url',
      'https://sso.canvaslms.com/api/lti/authorize_redirect',
      '--token-url',
      'https://sso.canvaslms.com/login/oauth2/token',
      '--jwks-url',
      'https://sso.canvaslms.com/api/lti/security/jwks',
      '--deployment-id',
      '12:abc',
    ];
    output = [];
    await runCommand(
      [
        'platform',
        'add',
        ...canvas,
        '--service-origin',
        'https://canvas.oak.example',
        '--service-origin',
        'https://*.oak.example',
      ],
      ctx,
    );
    const platform = await db.platforms.find('https://canvas.instructure.com', '10000000000042');
    expect(platform?.serviceOrigins).toEqual(['https://canvas.oak.example', 'https://*.oak.example']);
    // Hosted Canvas calls the school's own *.instructure.com without being told.
    const called = output.join('\n');
    expect(called).toContain('called only on: https://canvas.instructure.com, https://sso.canvaslms.com');
    expect(called).toContain('https://*.oak.example');
    expect(called).toContain('https://*.instructure.com');
    output = [];
    await runCommand(['platform', 'list'], ctx);
    expect(output.join('\n')).toContain(
      'services called on: https://canvas.instructure.com, https://sso.canvaslms.com',
    );

    expect(
      await usageError(['platform', 'add', ...canvas, '--service-origin', 'https://oak.example/lti']),
    ).toMatch(/--service-origin "https:\/\/oak\.example\/lti" is not an origin/);
    expect(
      await usageError(['platform', 'add', ...canvas, '--service-origin', 'http://oak.example']),
    ).toMatch(/must be https/);
    expect(await usageError(['platform', 'add', ...canvas, '--service-origin', 'https://*.example'])).toMatch(
      /at least two labels/,
    );
    // A refused flag changed nothing.
    expect(
      (await db.platforms.find('https://canvas.instructure.com', '10000000000042'))?.serviceOrigins,
    ).toEqual(['https://canvas.oak.example', 'https://*.oak.example']);
  });

  it('platform remove stops trusting the platform', async () => {
    await runCommand(
      ['platform', 'remove', '--issuer', 'https://moodle.school.example', '--client-id', 'abc123'],
      ctx,
    );
    expect(await db.platforms.find('https://moodle.school.example', 'abc123')).toBeNull();
    expect(
      await usageError([
        'platform',
        'remove',
        '--issuer',
        'https://moodle.school.example',
        '--client-id',
        'abc123',
      ]),
    ).toMatch(/No platform/);
  });

  it('exits 1 with the message on bad input and 0 on success, as a process', async () => {
    const env = { ...process.env, DATA_DIR: mkdtempSync(path.join(tmpdir(), 'coaching-cli-proc-')) };
    const cli = ['--import', 'tsx', 'lti-tool/cli/main.ts'];
    const bad = await run('node', [...cli, 'platform', 'add'], { cwd: ROOT, env }).catch(
      (error: { code: number; stderr: string }) => error,
    );
    expect((bad as { code: number }).code).toBe(1);
    expect((bad as { stderr: string }).stderr).toMatch(/--issuer is required/);
    const good = await run('node', [...cli, 'platform', 'list'], { cwd: ROOT, env });
    expect(good.stdout).toMatch(/No platforms registered/);
    rmSync(env.DATA_DIR, { recursive: true, force: true });
  });
});
