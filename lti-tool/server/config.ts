import { randomBytes } from 'node:crypto';
import { mkdirSync, readFileSync, writeFileSync, existsSync } from 'node:fs';
import path from 'node:path';
import * as v from 'valibot';
import { describeIssues } from '../../shared/domain/validation.ts';

const EnvSchema = v.object({
  PORT: v.optional(
    v.pipe(
      v.string(),
      v.transform(Number),
      v.integer('PORT must be a whole number'),
      v.minValue(0),
      v.maxValue(65535),
    ),
    '3000',
  ),
  PUBLIC_URL: v.optional(
    v.pipe(v.string(), v.url('PUBLIC_URL must be a full URL, like https://coach.example.org')),
  ),
  DEMO_LMS_URL: v.optional(
    v.pipe(v.string(), v.url('DEMO_LMS_URL must be a full URL, like http://127.0.0.1:3000')),
  ),
  DATA_DIR: v.optional(v.pipe(v.string(), v.nonEmpty()), './data'),
  DATABASE_URL: v.optional(
    v.pipe(v.string(), v.regex(/^postgres(ql)?:\/\//, 'DATABASE_URL must be a postgres:// URL')),
  ),
  NODE_ENV: v.optional(v.picklist(['development', 'production', 'test']), 'development'),
});

export interface AppConfig {
  readonly port: number;
  /** The origin LMSs and browsers reach the tool at, without a trailing slash. */
  readonly publicUrl: string;
  /**
   * Where browsers reach the demo LMS (outside production); PUBLIC_URL unless set to another
   * site, e.g. http://127.0.0.1:3000 beside http://localhost:3000, to try blocked third-party cookies.
   */
  readonly demoLmsUrl: string;
  readonly dataDir: string;
  readonly databaseUrl: string | null;
  readonly production: boolean;
  /** Signs ltijs cookies and tokens; created on first start, kept in DATA_DIR, never logged. */
  readonly secret: string;
}

export class ConfigError extends Error {
  override name = 'ConfigError';
}

/** Read the environment once, fail fast with a message that names the variable. */
export function loadConfig(env: NodeJS.ProcessEnv = process.env): AppConfig {
  const parsed = v.safeParse(EnvSchema, {
    PORT: env.PORT || undefined,
    PUBLIC_URL: env.PUBLIC_URL || undefined,
    DEMO_LMS_URL: env.DEMO_LMS_URL || undefined,
    DATA_DIR: env.DATA_DIR || undefined,
    DATABASE_URL: env.DATABASE_URL || undefined,
    NODE_ENV: env.NODE_ENV || undefined,
  });
  if (!parsed.success) throw new ConfigError(`Configuration error: ${describeIssues(parsed.issues)}`);
  const { PORT, PUBLIC_URL, DEMO_LMS_URL, DATA_DIR, DATABASE_URL, NODE_ENV } = parsed.output;
  const production = NODE_ENV === 'production';
  if (production && !PUBLIC_URL)
    throw new ConfigError('Configuration error: PUBLIC_URL is required in production');
  const dataDir = path.resolve(DATA_DIR);
  mkdirSync(dataDir, { recursive: true });
  const publicUrl = new URL(PUBLIC_URL ?? `http://localhost:${PORT}`).origin;
  return Object.freeze({
    port: PORT,
    publicUrl,
    demoLmsUrl: DEMO_LMS_URL ? new URL(DEMO_LMS_URL).origin : publicUrl,
    dataDir,
    databaseUrl: DATABASE_URL ?? null,
    production,
    secret: loadOrCreateSecret(dataDir),
  });
}

function loadOrCreateSecret(dataDir: string): string {
  const file = path.join(dataDir, 'secret.key');
  if (existsSync(file)) {
    const secret = readFileSync(file, 'utf8').trim();
    if (secret.length >= 32) return secret;
    throw new ConfigError(
      `Configuration error: ${file} is shorter than 32 characters; delete it to create a new one`,
    );
  }
  const secret = randomBytes(48).toString('base64url');
  writeFileSync(file, `${secret}\n`, { mode: 0o600 });
  return secret;
}
