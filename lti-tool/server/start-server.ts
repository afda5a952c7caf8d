import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createDatabase } from '../db/database.ts';
import { databaseOptions, openSequelize } from '../db/sequelize.ts';
import { loadOrCreateDemoKey } from '../demo-lms/keys.ts';
import { LMS_PROFILES } from '../demo-lms/lms-profiles.ts';
import { demoPlatformRouter, registerDemoPlatform } from '../demo-lms/platform.ts';
import { Router } from 'express';
import { ACTIVITIES } from '../activities/catalogue.ts';
import { createGradeService, type GradeService } from '../grades/grade-service.ts';
import { createAccessTokens } from '../lti/services/access-tokens.ts';
import { createAgsClient } from '../lti/services/ags-client.ts';
import { createKeyRotation, type KeyRotationService } from '../lti/keys/key-rotation.ts';
import { canvasConfiguration } from '../lti/registration/canvas-config.ts';
import { createDeepLinkingLaunch, deepLinkingRoutes } from '../lti/deep-linking/deep-linking-routes.ts';
import { dynamicRegistrationRoutes, registrationUrlFor } from '../lti/registration/dynamic-registration.ts';
import { cachedPlatforms } from '../lti/platforms/cached-platforms.ts';
import { oidcRoutes } from '../lti/launch/oidc-routes.ts';
import { createNamesRoles } from '../lti/services/names-roles.ts';
import { createPlatformHttp } from '../lti/services/platform-fetch.ts';
import { createPlatformKeyCache } from '../lti/keys/platform-keys.ts';
import { carryOverLegacyKeys } from '../lti/keys/legacy-keys.ts';
import { openLtijsKeyReader } from '../lti/keys/provider.ts';
import { createToolKeys, keysOpen } from '../lti/keys/tool-keys.ts';
import { registerNewPlatform, registerPlatform } from '../lti/registration/registration.ts';
import type { NewPlatform, PlatformRecord } from '../lti/platforms/platform-store.ts';
import type { CoachingModule } from '../../shared/domain/coaching/module.ts';
import { loadStarterModules } from '../modules/starter-library.ts';
import { createModuleCatalogue } from '../modules/module-catalogue.ts';
import { createModuleService } from '../modules/module-service.ts';
import { moduleIdOfActivity } from '../practice/module-activity.ts';
import { createPracticeService } from '../practice/practice-service.ts';
import { createErasureService, type ErasureService } from '../privacy/erasure-service.ts';
import { createExportService } from '../privacy/export-service.ts';
import { createRetentionService, type RetentionService } from '../privacy/retention-service.ts';
import { createProgrammeService } from '../programme/programme-service.ts';
import { createProgrammeSnapshots } from '../programme/programme-snapshots.ts';
import { createMetrics } from '../ops/metrics.ts';
import { openBlobStore } from '../media/open-blob-store.ts';
import { moveBlobsOut } from '../media/move-blobs-out.ts';
import { observedPlatformHttp } from '../ops/observed-platform-http.ts';
import { createRosterService } from '../roster/roster-service.ts';
import { createSharingService } from '../sharing/sharing-service.ts';
import { createStepService } from '../steps/step-service.ts';
import { createCycleService } from '../cycle/cycle-service.ts';
import { createCoachAgendaSource } from '../cycle/agenda.ts';
import { createMediaService, releaseBlobs } from '../media/media-service.ts';
import { createMailer, describeSmtp } from '../reminders/mailer.ts';
import type { CoachAgendaSource } from '../reminders/ports.ts';
import { createReminderService, type ReminderService } from '../reminders/reminder-service.ts';
import { registeredOriginsOf } from '../lti/services/platform-fetch.ts';
import { createApp } from './app.ts';
import { createRateLimiters } from '../http/rate-limits.ts';
import type { AppConfig } from '../core/config.ts';
import { createLaunchFailureHandler, createLaunchHandler } from '../lti/launch/launch-handler.ts';
import type { Logger } from '../core/logger.ts';
import type { Page } from '../web/bootstrap.ts';
import { loadPageAssets, loadServedFiles, type PageAssets } from '../http/web-assets.ts';

/** How often due digests are looked for: each is sent at the first tick of its period. */
const DIGEST_TICK_MS = 5 * 60 * 1000;
/** How often recordings past their retention are looked for (and once at start). */
const RETENTION_TICK_MS = 60 * 60 * 1000;

/** How long an idle connection is kept: longer than the balancers' in front of us. */
const KEEP_ALIVE_MS = 65_000;

export interface RunningServer {
  url: string;
  server: Server;
  /** Platform JWKS fetches so far: benchmarks report them per 1,000 launches. */
  platformKeyFetches(): number;
  /** The grade queue: tests drive it; the server also runs it every few seconds. */
  grades: GradeService;
  /** Tool key rotation, as `npm run lti -- keys rotate` schedules it. */
  toolKeys: KeyRotationService;
  /** Coaches' digests and feeds: tests send digests themselves; the server also does every 5 minutes. */
  reminders: ReminderService;
  /** Recordings past RECORDING_RETENTION_DAYS: tests apply it themselves; the server also does hourly. */
  retention: RetentionService;
  /** Erasure, as `npm run lti -- erase` runs it. */
  erasure: ErasureService;
  /** Issues a dynamic-registration URL, as `npm run lti -- registration-url` does. */
  registrationUrl(ttlMs: number): Promise<string>;
  /** As `npm run lti -- deployment add` does. */
  addDeployment(issuer: string, clientId: string, deploymentId: string): Promise<void>;
  /** Registers an LMS and its deployments, as `npm run lti -- platform add` does. */
  registerPlatform(platform: NewPlatform, deploymentIds: readonly string[]): Promise<void>;
  /** The stored registration, as `npm run lti -- platform list` shows it. */
  findPlatform(issuer: string, clientId: string): Promise<PlatformRecord | null>;
  close(): Promise<void>;
}

/** The composition root: builds every dependency once, then listens. */
export async function startServer(
  config: AppConfig,
  logger: Logger,
  options: {
    assets?: Record<Page, PageAssets>;
    now?: () => Date;
    /** Off in tests that drive the grade queue themselves. */
    backgroundJobs?: boolean;
    /**
     * Benchmarks run the tool with production settings against fake platforms on 127.0.0.1 over
     * http, which production refuses. Never set from configuration: only tests/bench passes it.
     */
    benchmarkPlatformsOnThisMachine?: boolean;
    /** The starter library (default: the one that ships); tests use small fixtures. */
    starterModules?: readonly CoachingModule[];
    /** What reminders read of the coaching cycle (default: the cycle's own); reminder tests pass theirs. */
    agenda?: CoachAgendaSource;
  } = {},
): Promise<RunningServer> {
  if (config.production) {
    // Sequelize makes an Error (and reads its stack) for every query; with source maps on (npm start
    // runs node --enable-source-maps), rewriting those stacks was 11 % of a launch's main-thread
    // time. Logs keep raw positions in dist/server/main.js; its .map file beside it maps them back.
    process.setSourceMapsEnabled(false);
  }
  const assets = options.assets ?? loadPageAssets();
  // The server-rendered pages' stylesheets and scripts: built once by npm run build:web, never here.
  const servedFiles = loadServedFiles();
  const now = options.now ?? (() => new Date());
  const db = await createDatabase(await openSequelize(config), now);
  const limits = createRateLimiters(config.rateLimits, db.rateLimitCounters);
  // The tool's signing keys are ours; keys an earlier release kept in ltijs come over once, one
  // tool process at a time, as our migrations do.
  const lti = createToolKeys({ store: db.toolKeys, secret: config.secret });
  await db.withSchemaLock(() =>
    carryOverLegacyKeys({
      platforms: db.platforms,
      store: db.toolKeys,
      keys: lti,
      openReader: () => openLtijsKeyReader({ secret: config.secret, database: databaseOptions(config) }),
      logger,
    }),
  );
  // Every call to a platform (keys, tokens, roster, grades, registration) goes through this.
  // Only a benchmark, in code, may let a production-mode tool call a platform on this machine.
  const metrics = createMetrics({
    gradeQueue: async () => {
      const { pending, oldestQueuedAt } = await db.gradeJobs.queueStats();
      const ageMs = oldestQueuedAt ? now().getTime() - oldestQueuedAt.getTime() : 0;
      return { pending, oldestAgeSeconds: Math.max(0, ageMs / 1000) };
    },
    pool: db.pool,
  });
  const platformHttp = observedPlatformHttp(
    createPlatformHttp({
      production: config.production && !options.benchmarkPlatformsOnThisMachine,
      logger,
    }),
    metrics,
  );
  const keys = createPlatformKeyCache({ http: platformHttp });
  const tokens = createAccessTokens({
    http: platformHttp,
    sign: (platform, payload) => lti.signAsTool(platform, payload),
  });
  const roster = createRosterService({
    contexts: db.contexts,
    source: createNamesRoles({ http: platformHttp, tokens, platforms: db.platforms }),
    logger,
  });
  const steps = createStepService({ steps: db.steps, courses: db.contexts });
  // Uploaded bytes live out of the database; any an earlier release kept in it move out first.
  const blobs = await openBlobStore(config);
  logger.info('uploads stored', { store: blobs.describe() });
  await moveBlobsOut(db.legacyMedia, blobs, logger);
  const media = createMediaService({
    media: db.media,
    blobs,
    quotaBytes: config.mediaQuotaBytes,
    coachingModelShownTo: (file, teacherId) =>
      db.cycle.showsModelRecording({ tenant: file.tenant, contextKey: file.contextKey }, file.id, teacherId),
  });
  const modules = createModuleCatalogue({
    starters: options.starterModules ?? loadStarterModules(),
    store: db.modules,
  });
  const moduleService = createModuleService({ catalogue: modules, store: db.modules });
  const cycle = createCycleService({
    store: db.cycle,
    steps: db.steps,
    courses: db.contexts,
    roster,
    modules,
    media: db.media,
    now,
  });
  const gradeDeps = {
    links: db.resourceLinks,
    jobs: db.gradeJobs,
    ags: createAgsClient({ http: platformHttp, tokens, platforms: db.platforms }),
    catalogue: ACTIVITIES,
    // A module's gradebook column is named after the module.
    titleFor: async (link: { tenant: string; activity: string }) => {
      const moduleId = moduleIdOfActivity(link.activity);
      return moduleId ? ((await modules.find(link.tenant, moduleId))?.title ?? null) : null;
    },
    now,
    logger,
  };
  const grades = createGradeService(gradeDeps);
  const practice = createPracticeService({
    rounds: db.rounds,
    checkIns: db.checkIns,
    reflections: db.reflections,
    drafts: db.drafts,
    history: db.history,
    usage: db.moduleUsage,
    links: db.resourceLinks,
    media: db.media,
    steps: db.steps,
    modules,
    grades,
    recordingRetentionDays: config.recordingRetentionDays,
  });
  const exportData = createExportService({ store: db.privacy, blobs, modules, now });
  const release = (keys: readonly string[]) => releaseBlobs({ media: db.media, blobs }, keys);
  const erasure = createErasureService({ store: db.privacy, releaseBlobs: release, now, logger });
  const retention = createRetentionService({
    store: db.privacy,
    releaseBlobs: release,
    retentionDays: config.recordingRetentionDays,
    now,
    logger,
  });
  const programmeSnapshots = createProgrammeSnapshots({
    store: db.programmeSnapshots,
    freshMs: config.programmeFreshMs,
    now,
    logger,
  });
  const programme = createProgrammeService({
    facts: db.programme,
    store: db.programme,
    snapshots: programmeSnapshots,
    moduleTitles: async (tenant, ids) => {
      const found = await Promise.all(ids.map((id) => modules.find(tenant, id)));
      return new Map(found.flatMap((module) => (module ? [[module.id, module.title] as const] : [])));
    },
    now,
  });
  const sharing = createSharingService({
    store: db.sharing,
    moduleOf: async (tenant, id) => {
      const module = await modules.find(tenant, id);
      return module ? { title: module.title, successCriteria: [...module.actionStep.successCriteria] } : null;
    },
    now,
  });
  const mailer = createMailer(config.mail);
  logger.info('reminder digests', {
    mail: config.mail ? describeSmtp(config.mail.smtpUrl) : 'off (SMTP_URL is not set)',
  });
  const reminders = createReminderService({
    store: db.reminders,
    // Tests may pass their own agenda (to drive the digest's counts directly).
    agenda: options.agenda ?? createCoachAgendaSource(db.cycle),
    mailer,
    courseTitle: async (contextKey) => (await db.contexts.get(contextKey))?.title ?? null,
    publicUrl: config.publicUrl,
    now,
    logger,
  });
  const stopping = new AbortController();
  /** The grade queue's timer, once started: close waits for its run to give back what it claimed. */
  let gradeRuns: { stopped(): Promise<void> } | null = null;
  /** The digest tick under way, if any: close waits for it, and a tick never overlaps the last. */
  let digests: Promise<void> | null = null;
  /** The retention run under way, if any: close waits for it, and runs never overlap. */
  let retained: Promise<void> | null = null;
  const toolKeys = createKeyRotation({ lti, platforms: db.platforms, rotations: db.keyRotations, now });
  await toolKeys.applyDue();
  if (options.backgroundJobs !== false) {
    gradeRuns = grades.start(stopping.signal);
    const timer = setInterval(() => {
      toolKeys.applyDue().catch((error: unknown) => logger.error('key rotation failed', { error }));
      // Expired sessions, login states and used nonces are only kept as long as they can matter.
      Promise.all([db.sessions.purgeExpired(), db.loginStates.purgeExpired()]).catch((error: unknown) =>
        logger.error('purge failed', { error }),
      );
    }, 60_000);
    timer.unref();
    stopping.signal.addEventListener('abort', () => clearInterval(timer), { once: true });
    const applyRetention = () => {
      retained ??= retention
        .applyDue()
        .then(
          () => undefined,
          (error: unknown) => logger.error('recording retention failed', { error }),
        )
        .finally(() => {
          retained = null;
        });
    };
    applyRetention();
    const retentionTimer = setInterval(applyRetention, RETENTION_TICK_MS);
    retentionTimer.unref();
    stopping.signal.addEventListener('abort', () => clearInterval(retentionTimer), { once: true });
    if (mailer) {
      const digestTimer = setInterval(() => {
        digests ??= reminders
          .sendDueDigests(now())
          .then(
            () => undefined,
            (error: unknown) => logger.error('reminder digests failed', { error }),
          )
          .finally(() => {
            digests = null;
          });
      }, DIGEST_TICK_MS);
      digestTimer.unref();
      stopping.signal.addEventListener('abort', () => clearInterval(digestTimer), { once: true });
    }
  }
  const launchRoutes = Router();
  const platforms = cachedPlatforms(db.platforms);
  launchRoutes.use(
    oidcRoutes({
      publicUrl: config.publicUrl,
      secret: config.secret,
      platforms,
      loginLimit: limits.login,
      loginStates: db.loginStates,
      keys,
      onLaunch: createLaunchHandler({
        db,
        onDeepLinking: createDeepLinkingLaunch({
          requests: db.deepLinkRequests,
          catalogue: ACTIVITIES,
          modules: modules.asModuleSource(),
        }),
        assets,
        publicUrl: config.publicUrl,
        extensionStoreUrl: config.extensionStoreUrl,
        logger,
        modules,
        count: metrics.launch,
      }),
      onFailure: createLaunchFailureHandler(logger, metrics.launch),
    }),
  );
  launchRoutes.use(
    dynamicRegistrationRoutes({
      publicUrl: config.publicUrl,
      http: platformHttp,
      tokens: db.registrationTokens,
      logger,
      register: async ({ deploymentId, ...platform }) => {
        await registerNewPlatform(
          { platforms: db.platforms, lti },
          platform,
          deploymentId ? [deploymentId] : [],
        );
      },
    }),
  );
  launchRoutes.get('/canvas.json', canvasConfiguration(config.publicUrl));
  launchRoutes.use(
    deepLinkingRoutes({
      publicUrl: config.publicUrl,
      requests: db.deepLinkRequests,
      catalogue: ACTIVITIES,
      modules: modules.asModuleSource(),
      sign: (platform, payload) => lti.signAsTool(platform, payload),
      framingOrigins: async ({ issuer, clientId }) => {
        const platform = await platforms.find(issuer, clientId);
        return platform ? registeredOriginsOf(platform) : [];
      },
    }),
  );

  let demo = null;
  if (config.demo) {
    const demoUrls = { platformUrl: config.demoLmsUrl, serviceUrl: `http://127.0.0.1:${config.port}` };
    await registerDemoPlatform({ platforms: db.platforms, lti }, demoUrls);
    demo = demoPlatformRouter({
      ...demoUrls,
      publicUrl: config.publicUrl,
      key: await loadOrCreateDemoKey(config.dataDir),
      toolJwksUrl: `http://127.0.0.1:${config.port}/lti/keys`,
      // Activities added by deep linking, and the gradebook, survive a restart of `npm start`.
      dataDir: config.dataDir,
      logger,
      profile: LMS_PROFILES[config.demoLmsAs],
    });
  }

  const app = createApp({
    config,
    sessions: db.sessions,
    devices: db.devices,
    lti,
    roster,
    steps,
    cycle,
    media,
    grades,
    modules: moduleService,
    practice,
    exportData,
    erasure,
    programme,
    now,
    sharing,
    reminders,
    launchRoutes,
    logger,
    demo,
    limits,
    servedFiles,
    metrics,
    readiness: {
      ping: db.ping,
      pendingMigrations: db.pendingMigrations,
      keysLoaded: () => keysOpen(db.toolKeys, lti),
      stopping: () => stopping.signal.aborted,
      logger,
    },
  });
  const server = await new Promise<Server>((resolve, reject) => {
    const listening = app.listen(config.port, () => resolve(listening));
    listening.once('error', reject);
  });
  // A balancer keeps idle connections to us open (AWS ALB and nginx 60 s; compose.yaml's Caddy 30 s):
  // we must not close one first, or a request it sends at that instant fails (a 502 for the user).
  server.keepAliveTimeout = KEEP_ALIVE_MS;
  server.headersTimeout = KEEP_ALIVE_MS + 1000;
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://localhost:${port}`,
    server,
    platformKeyFetches: () => keys.fetchCount,
    async registrationUrl(ttlMs) {
      const { token } = await db.registrationTokens.issue(ttlMs);
      return registrationUrlFor(config.publicUrl, token);
    },
    async addDeployment(issuer, clientId, deploymentId) {
      const platform = await db.platforms.find(issuer, clientId);
      if (!platform) throw new Error(`no platform ${issuer} ${clientId}`);
      await db.platforms.addDeployment(platform.id, deploymentId);
    },
    async registerPlatform(platform, deploymentIds) {
      await registerPlatform({ platforms: db.platforms, lti }, platform, deploymentIds);
    },
    findPlatform: (issuer, clientId) => db.platforms.find(issuer, clientId),
    grades,
    toolKeys,
    reminders,
    retention,
    erasure,
    /**
     * Stops gracefully: /readyz answers "stopping" and the timers stop; no new connections;
     * requests under way have SHUTDOWN_GRACE_MS to finish (each answer then closes its connection),
     * after which connections are cut; the grade queue finishes the score it is sending and gives
     * back the rest it claimed; then background work settles and the database closes.
     */
    async close() {
      stopping.abort();
      await new Promise<void>((resolve) => {
        const cut = setTimeout(() => server.closeAllConnections(), config.shutdownGraceMs);
        server.close(() => {
          clearTimeout(cut);
          resolve();
        });
        server.closeIdleConnections();
      });
      await gradeRuns?.stopped();
      await digests;
      await retained;
      // A view being refreshed behind a visit writes its snapshot before the database closes.
      await programmeSnapshots.settled();
      mailer?.close();
      await platformHttp.close();
      await db.close();
    },
  };
}
