import type { Response } from 'express';
import type { Database } from '../db/database.ts';
import { stableKey } from '../db/tokens.ts';
import type { LaunchContext } from '../lti/launch-context.ts';
import type { LaunchFailure } from '../lti/provider.ts';
import { serializeBootstrap, type BootstrapJson, type Page } from '../web/bootstrap.ts';
import { escapeHtml, pageShell } from './html.ts';
import type { Logger } from './logger.ts';
import type { PageAssets } from './web-assets.ts';

/** Tenancy is (issuer, client_id, deployment_id): Canvas schools share one issuer. */
export function tenantKeyOf(launch: Pick<LaunchContext, 'tenant'>): string {
  return stableKey(launch.tenant.issuer, launch.tenant.clientId, launch.tenant.deploymentId);
}

export function renderAppPage(assets: PageAssets, bootstrap: BootstrapJson, title: string): string {
  const styles = assets.css.map((href) => `<link rel="stylesheet" href="${escapeHtml(href)}">`);
  const preloads = assets.preload.map((href) => `<link rel="modulepreload" href="${escapeHtml(href)}">`);
  return pageShell({
    title,
    head: [...styles, ...preloads].join('\n'),
    body: `<main id="app"><noscript>This coaching page needs JavaScript.</noscript></main>
<script type="application/json" id="bootstrap">${serializeBootstrap(bootstrap)}</script>
<script type="module" src="${escapeHtml(assets.script)}"></script>`,
  });
}

/** After ltijs validated the id_token: record the course and person, open a session, serve the page. */
export function createLaunchHandler(deps: {
  db: Database;
  assets: Record<Page, PageAssets>;
  publicUrl: string;
  logger: Logger;
}) {
  return async (launch: LaunchContext, res: Response): Promise<void> => {
    const tenant = tenantKeyOf(launch);
    const lmsContextId = launch.context?.id ?? `resource-link:${launch.resourceLink?.id ?? 'none'}`;
    const contextKey = stableKey(tenant, lmsContextId);
    await deps.db.contexts.upsert({
      key: contextKey,
      tenant,
      lmsContextId,
      title: launch.context?.title ?? null,
      membershipsUrl: launch.membershipsUrl,
      issuer: launch.tenant.issuer,
      clientId: launch.tenant.clientId,
    });
    if (launch.role === 'guest') {
      renderLaunchFailure(res, 403, 'No coaching role', [
        'You are signed in, but your role in this course does not include coaching activities.',
        'If you think this is wrong, ask your course administrator to check your role.',
      ]);
      return;
    }
    const page: Page = launch.role === 'teacher' ? 'teacher' : 'coach';
    await deps.db.contexts.upsertMembers(contextKey, [
      {
        userId: launch.user.id,
        name: launch.user.name ?? 'Unnamed participant',
        role: page === 'teacher' ? 'teacher' : 'coach',
      },
    ]);
    const sessionToken = await deps.db.sessions.create({
      tenant,
      contextKey,
      userId: launch.user.id,
      name: launch.user.name,
      role: launch.role,
    });
    deps.logger.info('launch', { tenant, contextKey, role: launch.role });
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
        },
        page === 'coach' ? 'Coaching: set action steps' : 'Your action step',
      ),
    );
  };
}

const FAILURES: Record<LaunchFailure, { status: number; title: string; lines: string[] }> = {
  'invalid-launch': {
    status: 401,
    title: 'This launch could not be verified',
    lines: [
      'The message from your learning platform was not valid or has expired, so nothing was opened.',
      'Go back to your course and open the activity again.',
    ],
  },
  'unregistered-platform': {
    status: 403,
    title: 'This learning platform is not registered',
    lines: [
      'Ask your platform administrator to register this tool (see the README: "Register with your LMS").',
    ],
  },
  'inactive-platform': {
    status: 403,
    title: 'This learning platform is not active yet',
    lines: ['An administrator must finish activating the registration before launches work.'],
  },
  'session-expired': {
    status: 401,
    title: 'Your session has ended',
    lines: ['Open the activity again from your course.'],
  },
};

export function renderLaunchFailure(res: Response, status: number, title: string, lines: string[]): void {
  res.setHeader('Cache-Control', 'no-store');
  res.status(status).send(
    pageShell({
      title,
      body: `<main><h1>${escapeHtml(title)}</h1>${lines.map((line) => `<p>${escapeHtml(line)}</p>`).join('')}</main>`,
    }),
  );
}

/** A clear page for the person, a log line for us; never ltijs's JSON or a stack trace. */
export function createLaunchFailureHandler(logger: Logger) {
  return (failure: LaunchFailure, res: Response, detail?: string): void => {
    logger.info('launch refused', { failure, detail });
    const page = FAILURES[failure];
    renderLaunchFailure(res, page.status, page.title, page.lines);
  };
}
