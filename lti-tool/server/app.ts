import { reenterRequest, requestLog } from '../http/request-log.ts';
import type { Metrics } from '../ops/metrics.ts';
import { OPS_PATHS, opsRoutes, requestTiming } from '../ops/ops-routes.ts';
import type { ReadinessDeps } from '../ops/readiness.ts';
import { FAVICON_PATHS, faviconRoutes } from '../http/favicon.ts';
import compression from 'compression';
import express, { type Router } from 'express';
import { API, MAX_BODY_BYTES } from '../../shared/protocol/api.ts';
import { PAIRING_LINK_PATH } from '../../shared/protocol/pairing-link.ts';
import { requirePrincipal } from '../api/auth.ts';
import { EXTENSION_ENDPOINTS, extensionCors } from '../http/cors.ts';
import { courseRoutes } from '../api/course.routes.ts';
import { draftRoutes } from '../api/draft.routes.ts';
import { extensionFeedbackRoutes } from '../api/extension-feedback.routes.ts';
import { cycleRoutes } from '../api/cycle.routes.ts';
import { historyRoutes } from '../api/history.routes.ts';
import { journalRoutes } from '../api/journal.routes.ts';
import { mediaRoutes } from '../api/media.routes.ts';
import { moduleImportRoutes, moduleRoutes } from '../api/module.routes.ts';
import { practiceRoutes } from '../api/practice.routes.ts';
import { programmeRoutes } from '../api/programme.routes.ts';
import { privacyRoutes } from '../api/privacy.routes.ts';
import { providerRoutes } from '../api/provider.routes.ts';
import { gradeRoutes } from '../api/grade.routes.ts';
import { sessionRoutes } from '../api/session.routes.ts';
import { sharingRoutes } from '../api/sharing.routes.ts';
import type { GradeService } from '../grades/grade-service.ts';
import { pairingRoutes } from '../api/pairing.routes.ts';
import { reminderRoutes } from '../api/reminders.routes.ts';
import { syncRoutes } from '../api/sync.routes.ts';
import type { ToolKeys } from '../lti/keys/tool-keys.ts';
import type { ModuleService } from '../modules/module-service.ts';
import type { PracticeService } from '../practice/practice-service.ts';
import type { ErasureService } from '../privacy/erasure-service.ts';
import type { ExportService } from '../privacy/export-service.ts';
import type { ProgrammeService } from '../programme/programme-service.ts';
import type { ReminderService } from '../reminders/reminder-service.ts';
import type { SharingService } from '../sharing/sharing-service.ts';
import type { RosterService } from '../roster/roster-service.ts';
import type { MediaService } from '../media/media-service.ts';
import type { StepService } from '../steps/step-service.ts';
import type { CycleService } from '../cycle/cycle-service.ts';
import type { AppConfig } from '../core/config.ts';
import type { DeviceStore } from '../core/devices.ts';
import type { SessionStore } from '../core/sessions.ts';
import { isDatabaseBusy } from '../db/sqlite-writer.ts';
import { errorHandler, notFound } from '../http/error-handler.ts';
import { html, messagePage, pageShell } from '../http/html.ts';
import type { Logger } from '../core/logger.ts';
import type { RateLimiters } from '../http/rate-limits.ts';
import { securityHeaders } from '../http/security-headers.ts';
import { servedFileRoutes, WEB_BUILD_DIR, type ServedFileName } from '../http/web-assets.ts';

export interface AppDeps {
  config: AppConfig;
  /** Page sessions (who a page's token is, and its refresh). */
  sessions: SessionStore;
  /** Paired extensions (who a device token is, and pairing). */
  devices: DeviceStore;
  lti: ToolKeys;
  /** Uploaded recordings and model files. */
  media: MediaService;
  /** A course's people, from the LMS's names-and-roles service and its launches. */
  roster: RosterService;
  /** Action steps: set by coaches (sync push), read by teachers and their extensions. */
  steps: StepService;
  /** The coach's weekly cycle: caseload, observations, coaching conversations. */
  cycle: CycleService;
  grades: GradeService;
  /** The module library: starter modules plus each institution's own. */
  modules: ModuleService;
  practice: PracticeService;
  /** A teacher's download of everything the tool holds about them (data rights). */
  exportData: ExportService;
  /** Provider admins' erasure requests (the operator runs them: npm run lti -- erase). */
  erasure: ErasureService;
  /** The programme view for provider admins and school leaders: activity, never content. */
  programme: ProgrammeService;
  now: () => Date;
  /** Teachers' shares of a round or a conversation with a named person (revocable). */
  sharing: SharingService;
  /** Coaches' digest emails and calendar feeds. */
  reminders: ReminderService;
  /** Everything under /lti that is ours: login, launch, registration, Canvas JSON. */
  launchRoutes: Router;
  logger: Logger;
  /** Login and pairing rate limits (rate-limits.ts). */
  limits: RateLimiters;
  /** The built-in demo LMS, mounted at /demo outside production. */
  demo: Router | null;
  /** The server-rendered pages' built stylesheets and scripts (web-assets.ts loadServedFiles). */
  servedFiles: Record<ServedFileName, string>;
  metrics: Metrics;
  readiness: ReadinessDeps;
}

/**
 * What anyone may call without signing in: an exact path, or `/prefix/*` for all under it.
 * Every other path, whatever routes are added later, needs a page session or a paired
 * extension's token (api/auth.ts), or it is answered 401.
 */
export const PUBLIC_PATHS = [
  // The tool's home page: the endpoints to register it with an LMS.
  '/',
  // For the platform the tool runs on: /metrics checks its own token (ops/ops-routes.ts).
  ...OPS_PATHS,
  // The icon browsers ask for on every page (http/favicon.ts).
  ...FAVICON_PATHS,
  // The built pages' scripts and styles.
  '/assets/*',
  // LTI: OIDC login, launch, JWKS, dynamic registration, Canvas JSON, deep linking. Platforms
  // and browsers mid-launch call these; each checks its own proof (state, id_token, tokens).
  '/lti/*',
  // The demo LMS (absent in production): a stand-in platform with its own tokens.
  '/demo/*',
  // Pairing an extension: the one-time code is the credential (rate-limited).
  API.pair,
  // What a pairing link is, for anyone who opens one: a static page (the code stays in the fragment).
  PAIRING_LINK_PATH,
  // A coach's calendar feed, fetched by calendar apps: the token in the path is the credential
  // (revocable, rate-limited; api/reminders.routes.ts).
  '/calendar/*',
] as const;

/** Wires routes to dependencies; builds nothing itself. */
export function createApp(deps: AppDeps): express.Express {
  const app = express();
  app.disable('x-powered-by');
  app.set('trust proxy', deps.config.production ? 1 : false);
  // First: every later line of the request, and its one-line summary, carry its id.
  app.use(requestLog(deps.logger));
  app.use(requestTiming(deps.metrics));
  // Stopping (SIGTERM): each answer under way closes its connection, so the process can end.
  app.use((_req, res, next) => {
    if (deps.readiness.stopping()) res.setHeader('Connection', 'close');
    next();
  });
  // Every page is framed by the tool only, unless its handler lets its platform (security-headers.ts).
  app.use(securityHeaders({ frameAncestors: deps.demo ? [new URL(deps.config.demoLmsUrl).origin] : [] }));
  // Pages and their scripts reach teachers' phones over school Wi-Fi: gzip them without needing a proxy.
  app.use(compression());
  // Before the gate: a preflight carries no token, and the extension reads its 401s too.
  app.use([...EXTENSION_ENDPOINTS], extensionCors());
  app.use(requirePrincipal(deps, PUBLIC_PATHS));

  app.use(
    opsRoutes({ readiness: deps.readiness, metrics: deps.metrics, metricsToken: deps.config.metricsToken }),
  );
  app.use(faviconRoutes());

  app.use('/assets', express.static(WEB_BUILD_DIR, { immutable: true, maxAge: '1y', index: false }));
  app.use(servedFileRoutes(deps.servedFiles, { demo: deps.demo !== null }));

  const api = express.Router();
  // Routes with bodies of their own (raw uploads, module files) come before the 64 kB JSON parser.
  api.use(mediaRoutes(deps));
  api.use(moduleImportRoutes(deps));
  api.use(express.json({ limit: MAX_BODY_BYTES }), reenterRequest);
  api.use(pairingRoutes(deps));
  api.use(syncRoutes(deps));
  api.use(courseRoutes(deps));
  api.use(gradeRoutes(deps));
  api.use(sessionRoutes(deps));
  api.use(moduleRoutes(deps));
  api.use(practiceRoutes(deps));
  api.use(historyRoutes(deps));
  api.use(cycleRoutes(deps));
  api.use(journalRoutes(deps));
  api.use(draftRoutes(deps));
  api.use(providerRoutes(deps));
  api.use(privacyRoutes(deps));
  api.use(programmeRoutes(deps));
  api.use(sharingRoutes(deps));
  api.use(extensionFeedbackRoutes(deps));
  api.use(reminderRoutes(deps));
  api.use('/api', notFound);
  app.use(api);

  app.use('/lti', deps.launchRoutes);
  app.get('/lti/keys', deps.lti.keys);
  if (deps.demo) app.use('/demo', deps.demo);

  app.get('/', (_req, res) => {
    const demoLink =
      deps.demo && html`<p><a href="/demo">Open the demo LMS</a> to try it as a coach or a teacher.</p>`;
    res.send(
      pageShell({
        title: 'Action step coaching (LTI tool)',
        body: html`<main><h1>Action step coaching</h1>
<p>An LTI 1.3 tool for instructional coaching. Add it to your LMS with these endpoints:</p>
<ul><li>OIDC login: <code>${deps.config.publicUrl}/lti/login</code></li>
<li>Launch (redirect URI): <code>${deps.config.publicUrl}/lti/launch</code></li>
<li>Public keys (JWKS): <code>${deps.config.publicUrl}/lti/keys</code></li></ul>${demoLink}</main>`,
      }),
    );
  });

  // A pairing link opened in a browser: the code is in the fragment, which never reaches us.
  app.get(PAIRING_LINK_PATH, (_req, res) => {
    res.setHeader('Cache-Control', 'no-store');
    res.send(
      messagePage({
        title: 'This is a pairing link for the browser extension',
        lines: [
          'It connects the Action Step Coach browser extension to your coaching account. Nothing happens by opening it here.',
          'Copy the whole address from the address bar, open the extension’s options page, and paste it into “Pairing link”.',
          'Each link works once and for 10 minutes. For a new one, open the action step activity in your course.',
        ],
      }),
    );
  });

  app.use(notFound);
  app.use(errorHandler(deps.logger, { isBusy: isDatabaseBusy }));
  return app;
}
