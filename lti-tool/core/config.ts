import { s3LocationOf } from './s3-location.ts';
import { LOG_LEVELS, type LogLevel } from './logger.ts';
import { randomBytes } from 'node:crypto';
import { mkdirSync, readFileSync, writeFileSync, existsSync } from 'node:fs';
import path from 'node:path';
import * as v from 'valibot';
import { describeIssues } from '../../shared/domain/validation.ts';

/** How many, over how long: per client unless the name says otherwise. */
export interface RateLimit {
  points: number;
  durationS: number;
}

export interface RateLimitSettings {
  /** OIDC logins started (each stores a login state until its launch). */
  login: RateLimit;
  /** Pairing attempts that did not pair (a correct code gives its point back). */
  pairing: RateLimit;
  /** The same, for the whole deployment: a botnet gets no more guesses than this. */
  pairingEverywhere: RateLimit;
  /** Calendar feed requests with a token that is no feed's (a feed that exists gives its point back). */
  calendarFeed: RateLimit;
  /** Downloads of one's own data, per person (each reads all of it and its recordings). */
  dataExport: RateLimit;
}

/** Outgoing email (reminder digests): on only when SMTP_URL is set. */
export interface MailSettings {
  /** smtp://user:password@host:587 or smtps://…: holds a password, never logged. */
  smtpUrl: string;
  /** The From address, e.g. `Coaching <coaching@example.org>`. */
  from: string;
}

/** A positive whole number from an environment variable. */
const count = (name: string, least = 1) =>
  v.pipe(
    v.string(),
    v.transform(Number),
    v.integer(`${name} must be a whole number`),
    v.minValue(least, `${name} must be at least ${least}`),
  );

/** `name@host`, or `Display name <name@host>`: the address part must be an email address. */
const isMailbox = (value: string) => {
  const match = /^[^<>\r\n]*<([^<>\s]+)>$/.exec(value.trim());
  return v.is(v.pipe(v.string(), v.email()), match ? match[1] : value.trim());
};

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
  DATA_DIR: v.optional(v.pipe(v.string(), v.nonEmpty()), '../server/data'),
  DATABASE_URL: v.optional(
    v.pipe(v.string(), v.regex(/^postgres(ql)?:\/\//, 'DATABASE_URL must be a postgres:// URL')),
  ),
  NODE_ENV: v.optional(v.picklist(['development', 'production', 'test']), 'development'),
  DEMO: v.optional(v.picklist(['0', '1'], 'DEMO must be 1 (serve the demo LMS) or 0')),
  DEMO_LMS_AS: v.optional(
    v.picklist(['moodle', 'canvas', 'openedx'], 'DEMO_LMS_AS must be moodle, canvas or openedx'),
    'moodle',
  ),
  LOGIN_RATE_LIMIT: v.optional(count('LOGIN_RATE_LIMIT'), '300'),
  PAIRING_RATE_LIMIT: v.optional(count('PAIRING_RATE_LIMIT'), '60'),
  PAIRING_GLOBAL_RATE_LIMIT: v.optional(count('PAIRING_GLOBAL_RATE_LIMIT'), '600'),
  CALENDAR_FEED_RATE_LIMIT: v.optional(count('CALENDAR_FEED_RATE_LIMIT'), '60'),
  DATA_EXPORT_RATE_LIMIT: v.optional(count('DATA_EXPORT_RATE_LIMIT'), '10'),
  RECORDING_RETENTION_DAYS: v.optional(
    v.pipe(
      count('RECORDING_RETENTION_DAYS'),
      v.maxValue(36_500, 'RECORDING_RETENTION_DAYS must be at most 36500 (100 years)'),
    ),
    '365',
  ),
  PROGRAMME_FRESH_SECONDS: v.optional(
    v.pipe(
      count('PROGRAMME_FRESH_SECONDS', 0),
      v.maxValue(86_400, 'PROGRAMME_FRESH_SECONDS must be at most 86400 (a day)'),
    ),
    '300',
  ),
  MEDIA_STORE: v.optional(
    v.pipe(
      v.string(),
      v.check(
        (value) => s3LocationOf(value) !== null,
        'MEDIA_STORE must be s3://bucket or s3://bucket/prefix (unset: files under DATA_DIR/media)',
      ),
    ),
  ),
  S3_FORCE_PATH_STYLE: v.optional(v.picklist(['0', '1'], 'S3_FORCE_PATH_STYLE must be 1 or 0'), '0'),
  // The message never repeats the value: it is a credential.
  METRICS_TOKEN: v.optional(
    v.pipe(v.string(), v.minLength(16, 'METRICS_TOKEN must be at least 16 characters (it guards /metrics)')),
  ),
  SHUTDOWN_GRACE_MS: v.optional(
    v.pipe(
      count('SHUTDOWN_GRACE_MS', 0),
      v.maxValue(600_000, 'SHUTDOWN_GRACE_MS must be at most 600000 (10 minutes)'),
    ),
    '10000',
  ),
  LOG_LEVEL: v.optional(v.picklist(LOG_LEVELS, `LOG_LEVEL must be one of ${LOG_LEVELS.join(', ')}`), 'info'),
  // The messages never repeat the value: SMTP_URL holds a password.
  SMTP_URL: v.optional(
    v.pipe(
      v.string(),
      v.regex(/^smtps?:\/\//i, 'SMTP_URL must start with smtp:// or smtps://'),
      v.url('SMTP_URL must be a URL, like smtp://user:password@mail.example.org:587'),
    ),
  ),
  MAIL_FROM: v.optional(
    v.pipe(
      v.string(),
      v.check(isMailbox, 'MAIL_FROM must be an email address, like Coaching <coaching@example.org>'),
    ),
  ),
  EXTENSION_STORE_URL: v.optional(
    v.pipe(
      v.string(),
      v.regex(/^https:\/\//i, 'EXTENSION_STORE_URL must start with https://'),
      v.url('EXTENSION_STORE_URL must be a full URL, like https://chromewebstore.google.com/detail/…'),
    ),
  ),
  MEDIA_QUOTA_MB: v.optional(
    v.pipe(
      v.string(),
      v.transform(Number),
      v.number('MEDIA_QUOTA_MB must be a number of megabytes'),
      v.minValue(1, 'MEDIA_QUOTA_MB must be at least 1'),
      v.maxValue(1024 * 1024, 'MEDIA_QUOTA_MB is too large'),
    ),
    '500',
  ),
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
  /**
   * Serve the built-in demo LMS at /demo: anyone who can reach it launches as a coach, a teacher
   * or a provider admin. On when PUBLIC_URL is this machine (localhost) or DEMO=1, never in production.
   */
  readonly demo: boolean;
  /** Which LMS the demo LMS behaves as: its launches' claims and roles, its gradebook's rules. */
  readonly demoLmsAs: 'moodle' | 'canvas' | 'openedx';
  /** Per client: logins a minute, failed pairings in 10 minutes; pairings a minute everywhere. */
  readonly rateLimits: RateLimitSettings;
  /** What one person may keep in uploads (recordings, model files) at one institution. */
  readonly mediaQuotaBytes: number;
  /** Days a rehearsal recording is kept; then the periodic job deletes it (privacy/retention-service.ts). */
  readonly recordingRetentionDays: number;
  /**
   * How long a computed programme view is answered with as it is (then refreshed behind the next
   * visit); 0: computed on every visit (lti-tool/programme/programme-snapshots.ts).
   */
  readonly programmeFreshMs: number;
  /**
   * Where uploads' bytes go: null for files under DATA_DIR/media, or an S3 bucket and prefix
   * (region, endpoint and credentials from the usual AWS variables).
   */
  readonly mediaStore: { bucket: string; prefix: string; forcePathStyle: boolean } | null;
  /** Bearer token for /metrics; null: /metrics is off (404). */
  readonly metricsToken: string | null;
  /** On SIGTERM, how long requests under way may take to finish before connections are cut. */
  readonly shutdownGraceMs: number;
  readonly logLevel: LogLevel;
  /** SMTP for the coaches' digest emails; null (digests off) when SMTP_URL is unset. */
  readonly mail: MailSettings | null;
  /**
   * Where teachers install the browser extension (a browser store listing), linked from the
   * teacher page; null when unset, and the page says how to install it from the README instead.
   */
  readonly extensionStoreUrl: string | null;
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
    DEMO: env.DEMO || undefined,
    DEMO_LMS_AS: env.DEMO_LMS_AS || undefined,
    MEDIA_QUOTA_MB: env.MEDIA_QUOTA_MB || undefined,
    LOGIN_RATE_LIMIT: env.LOGIN_RATE_LIMIT || undefined,
    PAIRING_RATE_LIMIT: env.PAIRING_RATE_LIMIT || undefined,
    PAIRING_GLOBAL_RATE_LIMIT: env.PAIRING_GLOBAL_RATE_LIMIT || undefined,
    CALENDAR_FEED_RATE_LIMIT: env.CALENDAR_FEED_RATE_LIMIT || undefined,
    DATA_EXPORT_RATE_LIMIT: env.DATA_EXPORT_RATE_LIMIT || undefined,
    RECORDING_RETENTION_DAYS: env.RECORDING_RETENTION_DAYS || undefined,
    PROGRAMME_FRESH_SECONDS: env.PROGRAMME_FRESH_SECONDS || undefined,
    MEDIA_STORE: env.MEDIA_STORE?.trim() || undefined,
    S3_FORCE_PATH_STYLE: env.S3_FORCE_PATH_STYLE || undefined,
    METRICS_TOKEN: env.METRICS_TOKEN || undefined,
    SHUTDOWN_GRACE_MS: env.SHUTDOWN_GRACE_MS || undefined,
    LOG_LEVEL: env.LOG_LEVEL || undefined,
    SMTP_URL: env.SMTP_URL || undefined,
    MAIL_FROM: env.MAIL_FROM || undefined,
    EXTENSION_STORE_URL: env.EXTENSION_STORE_URL?.trim() || undefined,
  });
  if (!parsed.success) throw new ConfigError(`Configuration error: ${describeIssues(parsed.issues)}`);
  const { PORT, PUBLIC_URL, DEMO_LMS_URL, DATA_DIR, DATABASE_URL, NODE_ENV, DEMO, MEDIA_QUOTA_MB } =
    parsed.output;
  const rateLimits: RateLimitSettings = {
    login: { points: parsed.output.LOGIN_RATE_LIMIT, durationS: 60 },
    pairing: { points: parsed.output.PAIRING_RATE_LIMIT, durationS: 10 * 60 },
    pairingEverywhere: { points: parsed.output.PAIRING_GLOBAL_RATE_LIMIT, durationS: 60 },
    calendarFeed: { points: parsed.output.CALENDAR_FEED_RATE_LIMIT, durationS: 10 * 60 },
    dataExport: { points: parsed.output.DATA_EXPORT_RATE_LIMIT, durationS: 60 * 60 },
  };
  const { SMTP_URL, MAIL_FROM } = parsed.output;
  if (SMTP_URL && !MAIL_FROM)
    throw new ConfigError('Configuration error: MAIL_FROM is required when SMTP_URL is set');
  const production = NODE_ENV === 'production';
  if (production && !PUBLIC_URL)
    throw new ConfigError('Configuration error: PUBLIC_URL is required in production');
  if (production && DEMO === '1')
    throw new ConfigError(
      'Configuration error: DEMO=1 cannot be used in production (the demo LMS is open to anyone)',
    );
  const dataDir = path.resolve(DATA_DIR);
  // Only the tool's user reads what is in it: the database, the secret, the demo's key.
  mkdirSync(dataDir, { recursive: true, mode: 0o700 });
  const publicUrl = new URL(PUBLIC_URL ?? `http://localhost:${PORT}`).origin;
  return Object.freeze({
    port: PORT,
    publicUrl,
    demoLmsUrl: DEMO_LMS_URL ? new URL(DEMO_LMS_URL).origin : publicUrl,
    dataDir,
    databaseUrl: DATABASE_URL ?? null,
    production,
    demo: !production && (DEMO === '1' || (DEMO === undefined && isThisMachine(publicUrl))),
    demoLmsAs: parsed.output.DEMO_LMS_AS,
    rateLimits,
    mediaQuotaBytes: Math.round(MEDIA_QUOTA_MB * 1024 * 1024),
    recordingRetentionDays: parsed.output.RECORDING_RETENTION_DAYS,
    programmeFreshMs: parsed.output.PROGRAMME_FRESH_SECONDS * 1000,
    mediaStore: parsed.output.MEDIA_STORE
      ? {
          ...s3LocationOf(parsed.output.MEDIA_STORE)!,
          forcePathStyle: parsed.output.S3_FORCE_PATH_STYLE === '1',
        }
      : null,
    metricsToken: parsed.output.METRICS_TOKEN ?? null,
    shutdownGraceMs: parsed.output.SHUTDOWN_GRACE_MS,
    logLevel: parsed.output.LOG_LEVEL,
    mail: SMTP_URL && MAIL_FROM ? { smtpUrl: SMTP_URL, from: MAIL_FROM.trim() } : null,
    extensionStoreUrl: parsed.output.EXTENSION_STORE_URL
      ? new URL(parsed.output.EXTENSION_STORE_URL).href
      : null,
    secret: loadOrCreateSecret(dataDir),
  });
}

const isThisMachine = (origin: string) =>
  ['localhost', '127.0.0.1', '[::1]'].includes(new URL(origin).hostname);

/** What an operator should know at start: settings that are allowed but risky. */
export function startupWarnings(config: AppConfig): string[] {
  const warnings: string[] = [];
  if (config.demo && !isThisMachine(config.publicUrl)) {
    warnings.push(
      `DEMO=1: the demo LMS at ${config.publicUrl}/demo lets anyone launch as a coach, teacher or provider admin. Remove DEMO for real use.`,
    );
  }
  if (!config.production && !isThisMachine(config.publicUrl)) {
    warnings.push(
      `NODE_ENV is not "production" but PUBLIC_URL is ${config.publicUrl}: set NODE_ENV=production for real use (https-only platform calls, no demo).`,
    );
  }
  return warnings;
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
