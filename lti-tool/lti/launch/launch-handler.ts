import type { Response } from 'express';
import * as v from 'valibot';
import { ModuleIdSchema, type CoachingModule } from '../../../shared/domain/coaching/module.ts';
import type { ContextStore } from '../../core/contexts.ts';
import type { ResourceLinkStore } from '../../core/resource-links.ts';
import type { SessionStore } from '../../core/sessions.ts';
import { stableKey } from '../../core/tokens.ts';
import { contextKeyOf, tenantKeyOf } from '../../core/link-keys.ts';
import type { DeepLinkingSettings, LaunchContext } from './launch-context.ts';
import type { LaunchError, LaunchFailureReason } from './launch-error.ts';
import { moduleActivity, moduleIdOfActivity } from '../../practice/module-activity.ts';
import type { ModuleCatalogue } from '../../modules/module-catalogue.ts';
import { PROGRAMME_ACTIVITY } from '../../activities/catalogue.ts';
import { BOOTSTRAP_ELEMENT_ID, type BootstrapJson, type Page } from '../../web/bootstrap.ts';
import { html, joinLines, jsonScript, messagePage, pageShell } from '../../http/html.ts';
import { allowFraming } from '../../http/security-headers.ts';
import { createWriteMemo } from './write-memo.ts';
import type { Logger } from '../../core/logger.ts';
import type { PageAssets } from '../../http/web-assets.ts';

export function renderAppPage(assets: PageAssets, bootstrap: BootstrapJson, title: string): string {
  const styles = assets.css.map((href) => html`<link rel="stylesheet" href="${href}">`);
  const preloads = assets.preload.map((href) => html`<link rel="modulepreload" href="${href}">`);
  return pageShell({
    title,
    head: joinLines([...styles, ...preloads]),
    body: html`<main id="app"><noscript>This coaching page needs JavaScript.</noscript></main>
${jsonScript(BOOTSTRAP_ELEMENT_ID, bootstrap)}
<script type="module" src="${assets.script}"></script>`,
  });
}

/** A non-module link's activity; `module:…` is only ever stored for a module checked to exist. */
const catalogueActivity = (custom: string | undefined) =>
  custom === undefined || moduleIdOfActivity(custom) !== null ? 'action-step' : custom;

/** What the launch page is, by role and activity. */
function pageFor(
  launch: LaunchContext,
  module: CoachingModule | null,
  activity: string,
): { page: Page; title: string } {
  // Whoever opens it: the page asks the API, which admits provider admins and named leaders only.
  if (activity === PROGRAMME_ACTIVITY) return { page: 'programme', title: 'Programme view' };
  if (launch.role === 'provider-admin') return { page: 'provider', title: 'Coaching modules' };
  if (launch.role === 'teacher') {
    return module
      ? { page: 'practice', title: `Practice: ${module.title}` }
      : { page: 'teacher', title: 'Your action step' };
  }
  return { page: 'coach', title: module ? `Coaching: ${module.title}` : 'Coaching: set action steps' };
}

/** After ltijs validated the id_token: record the course and person, open a session, serve the page. */
/** What a launch records: the course and its people, the activity's link, and the page's session. */
export interface LaunchStores {
  contexts: Pick<ContextStore, 'upsert' | 'upsertMembers'>;
  resourceLinks: Pick<ResourceLinkStore, 'keyFor' | 'upsert'>;
  sessions: Pick<SessionStore, 'create'>;
}

/** Answers a deep-linking launch (the picker lives in lti/deep-linking, wired by the composition root). */
export type DeepLinkingLaunch = (
  request: LaunchContext['tenant'] & { settings: DeepLinkingSettings; byProvider: boolean },
  res: Response,
) => Promise<void>;

export function createLaunchHandler(deps: {
  db: LaunchStores;
  onDeepLinking: DeepLinkingLaunch;
  assets: Record<Page, PageAssets>;
  publicUrl: string;
  /** Linked from the teacher page as "Install the browser extension"; null when unset. */
  extensionStoreUrl: string | null;
  logger: Logger;
  modules: ModuleCatalogue;
  /** Counts launches by outcome (ops/metrics.ts). */
  count?: (outcome: string) => void;
}) {
  const memo = createWriteMemo();
  return async (launch: LaunchContext, res: Response): Promise<void> => {
    const tenant = tenantKeyOf(launch);
    const lmsContextId = launch.context?.id ?? `resource-link:${launch.resourceLink?.id ?? 'none'}`;
    const contextKey = contextKeyOf(tenant, lmsContextId);
    const context = {
      key: contextKey,
      tenant,
      lmsContextId,
      title: launch.context?.title ?? null,
      membershipsUrl: launch.membershipsUrl,
      issuer: launch.tenant.issuer,
      clientId: launch.tenant.clientId,
    };
    await memo.write(`context:${contextKey}`, context, () => deps.db.contexts.upsert(context));
    // A practice module activity (custom activity=module, module=<id>): the module must still exist.
    let module: CoachingModule | null = null;
    if (launch.resourceLink && launch.custom.activity === 'module') {
      const id = v.safeParse(ModuleIdSchema, launch.custom.module);
      module = id.success ? await deps.modules.find(tenant, id.output) : null;
      if (!module) {
        deps.logger.info('launch of a missing module', { tenant, module: launch.custom.module ?? null });
        renderLaunchFailure(res, 200, "This activity's module is no longer available", [
          'The practice module this activity was made from has been removed or renamed.',
          'Ask your course instructor to add the activity again from the list of modules.',
        ]);
        return;
      }
    }
    // The activity is the resource link AND what this launch asked for: two items sharing one
    // resource link id (Open edX block) are two activities, never each other's.
    const activity = module ? moduleActivity(module.id) : catalogueActivity(launch.custom.activity);
    const linkKey = launch.resourceLink
      ? await deps.db.resourceLinks.keyFor(tenant, launch.resourceLink.id, activity)
      : null;
    if (launch.resourceLink && linkKey) {
      const link = {
        key: linkKey,
        tenant,
        contextKey,
        issuer: launch.tenant.issuer,
        clientId: launch.tenant.clientId,
        resourceLinkId: launch.resourceLink.id,
        activity,
        lineItemsUrl: launch.grades?.lineItemsUrl ?? null,
        lineItemUrl: launch.grades?.lineItemUrl ?? null,
        agsScopes: launch.grades?.scopes ?? [],
      };
      await memo.write(`link:${link.key}`, link, () => deps.db.resourceLinks.upsert(link));
    }
    // A leader's role in the course holding the programme view may be anything (even one we do not
    // know): the view's API admits only those a provider admin named.
    if (launch.role === 'guest' && activity !== PROGRAMME_ACTIVITY) {
      // A valid launch with no role we know: least privilege, explained, not an error.
      renderLaunchFailure(res, 200, 'No coaching role', [
        'You are signed in, but your role in this course does not include coaching activities.',
        'If you think this is wrong, ask your course administrator to check your role.',
      ]);
      return;
    }
    if (launch.deepLinking) {
      if (launch.role !== 'coach' && launch.role !== 'provider-admin') {
        renderLaunchFailure(res, 200, 'Only instructors can add activities', [
          'Adding a coaching activity to a course needs an instructor or administrator role.',
        ]);
        return;
      }
      await deps.onDeepLinking(
        { ...launch.tenant, settings: launch.deepLinking, byProvider: launch.role === 'provider-admin' },
        res,
      );
      return;
    }
    const { page, title } = pageFor(launch, module, activity);
    const member = {
      userId: launch.user.id,
      name: launch.user.name ?? 'Unnamed participant',
      role: launch.role === 'teacher' ? ('teacher' as const) : ('coach' as const),
      sourcedId: launch.user.sourcedId,
    };
    // A leader opening the programme view is not one of the course's teachers or coaches.
    if (page !== 'programme') {
      await memo.write(`member:${contextKey}:${member.userId}`, member, () =>
        deps.db.contexts.upsertMembers(contextKey, [member]),
      );
    }
    const sessionToken = await deps.db.sessions.create({
      tenant,
      contextKey,
      userId: launch.user.id,
      name: launch.user.name,
      role: launch.role,
      // The page may act only on the activity it was launched for (PracticeService.moduleLink).
      linkKey,
    });
    deps.logger.info('launch', { tenant, contextKey, role: launch.role, page });
    deps.count?.('ok');
    res.setHeader('Cache-Control', 'no-store');
    res.status(200).send(
      renderAppPage(
        deps.assets[page],
        {
          page,
          sessionToken,
          publicUrl: deps.publicUrl,
          storageKey: stableKey(contextKey, launch.user.id).slice(0, 16),
          user: { name: launch.user.name },
          context: { title: launch.context?.title ?? null },
          ...(page === 'teacher' ? { extensionStoreUrl: deps.extensionStoreUrl } : {}),
          activity:
            launch.resourceLink && linkKey
              ? {
                  linkKey,
                  moduleId: module?.id ?? null,
                  title: module?.title ?? launch.resourceLink.title ?? null,
                }
              : null,
        },
        title,
      ),
    );
  };
}

/** Token problems all read the same to a person; the reference code tells support which one. */
const UNVERIFIED = {
  status: 401,
  title: 'This launch could not be verified',
  lines: ['Open the activity again from your course.'],
};

const FAILURE_PAGES: Record<LaunchFailureReason, { status: number; title: string; lines: string[] }> = {
  'bad-request': {
    status: 400,
    title: 'This launch request was incomplete',
    lines: ['Go back to your course and open the activity again.'],
  },
  'unregistered-platform': {
    status: 403,
    title: 'This learning platform is not registered',
    lines: [
      'Ask your platform administrator to register this tool (see the README: "Register with your LMS").',
    ],
  },
  'unregistered-deployment': {
    status: 403,
    title: 'This deployment of the tool is not registered',
    lines: [
      'The tool was added to your platform, but this deployment has not been registered with the tool yet.',
      'Ask your administrator to add the deployment ID (npm run lti -- deployment add).',
    ],
  },
  'state-cookie-missing': {
    status: 401,
    title: 'Your browser blocked this launch inside the course page',
    lines: ['Open the activity in a new window to continue; nothing else is needed.'],
  },
  'state-mismatch': {
    status: 401,
    title: 'This launch could not be verified',
    lines: [
      "It did not start from this tool's login, or it took too long. Open the activity again from your course.",
    ],
  },
  'not-a-jwt': UNVERIFIED,
  'bad-algorithm': UNVERIFIED,
  'unknown-key': UNVERIFIED,
  'bad-signature': UNVERIFIED,
  'bad-audience': UNVERIFIED,
  'bad-time': {
    status: 401,
    title: 'This launch has expired',
    lines: [
      'Open the activity again from your course. If it keeps happening, check the clocks of the servers.',
    ],
  },
  'nonce-mismatch': UNVERIFIED,
  'nonce-replayed': {
    status: 401,
    title: 'This launch was already used',
    lines: ['Each launch works once. Open the activity again from your course.'],
  },
  'rate-limited': {
    status: 429,
    title: 'Too many launches from your network just now',
    lines: ['Wait a minute, then open the activity again from your course.'],
  },
  'bad-claims': {
    status: 400,
    title: 'The learning platform sent an incomplete launch',
    lines: ["Ask your platform administrator to check the tool's configuration."],
  },
};

export function renderLaunchFailure(
  res: Response,
  status: number,
  title: string,
  lines: string[],
  extra: { reason?: string; relaunchUrl?: string | null } = {},
): void {
  const relaunch =
    extra.relaunchUrl &&
    html`<p><a href="${extra.relaunchUrl}" target="_blank" rel="noopener">Open in a new window</a></p>`;
  const reference = extra.reason && html`<p class="reference">Reference: <code>${extra.reason}</code></p>`;
  res.setHeader('Cache-Control', 'no-store');
  // No data and no action but a new window: any LMS frame may show why its launch failed.
  allowFraming(res, 'anyone');
  res.status(status).send(messagePage({ title, lines, inside: html`${relaunch}${reference}` }));
}

/** A clear page for the person (with a reference for support), a log line for us; never a stack trace. */
export function createLaunchFailureHandler(logger: Logger, count?: (outcome: string) => void) {
  return (error: LaunchError, res: Response): void => {
    logger.info('launch refused', { reason: error.reason, detail: error.message });
    count?.(error.reason);
    const page = FAILURE_PAGES[error.reason];
    renderLaunchFailure(res, page.status, page.title, page.lines, {
      reason: error.reason,
      relaunchUrl: error.relaunchUrl,
    });
  };
}
