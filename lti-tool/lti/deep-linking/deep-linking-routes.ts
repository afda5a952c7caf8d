import { randomBytes } from 'node:crypto';
import express, { Router, type Response } from 'express';
import * as v from 'valibot';
import {
  PHASES,
  PhaseSchema,
  THEMES,
  ThemeSchema,
  type Phase,
  type Theme,
} from '../../../shared/domain/coaching/module.ts';
import type { ModuleSummary } from '../../../shared/protocol/practice-api.ts';
import { findActivity, type Activity } from '../../activities/catalogue.ts';
import type { DeepLinkRequestStore } from './deep-link-request-store.ts';
import { asyncRoute } from '../../http/async-route.ts';
import { html, joinLines, messagePage, pageShell, type SafeHtml } from '../../http/html.ts';
import { allowFraming } from '../../http/security-headers.ts';
import { SERVED_FILES } from '../../http/web-assets.ts';
import { providerStrings } from '../../web/strings/provider.ts';
import { tenantKeyOf } from '../../core/link-keys.ts';
import {
  contentItemFor,
  deepLinkingResponse,
  moduleChoice,
  moduleContentItem,
  parseChoice,
  type DeepLinkingRequest,
} from './deep-linking.ts';

const RequestTokenSchema = v.pipe(v.string(), v.regex(/^dlr_[A-Za-z0-9_-]{20,100}$/));

const PickSchema = v.object({
  request: RequestTokenSchema,
  action: v.picklist(['add', 'cancel']),
  activity: v.optional(v.union([v.string(), v.pipe(v.array(v.string()), v.maxLength(200))])),
});

/** The picker's search: a bad or repeated field reads as "no filter", never as an error. */
const PickerQuerySchema = v.object({
  q: v.fallback(v.optional(v.pipe(v.string(), v.trim(), v.maxLength(100)), ''), ''),
  phase: v.fallback(v.optional(v.union([PhaseSchema, v.literal('')]), ''), ''),
  theme: v.fallback(v.optional(v.union([ThemeSchema, v.literal('')]), ''), ''),
});

/** What the provider searched for; the same shape the module source filters by. */
export interface PickerFilter {
  query: string;
  phase: Phase | '';
  theme: Theme | '';
}

export const NO_FILTER: PickerFilter = { query: '', phase: '', theme: '' };

/** Where modules come from: starter modules plus the institution's own (tenantKey from tenantKeyOf). */
export interface ModuleSource {
  listModules(tenantKey: string, filter: PickerFilter): Promise<ModuleSummary[]>;
  getModule(tenantKey: string, id: string): Promise<ModuleSummary | null>;
}

export interface DeepLinkingDeps {
  publicUrl: string;
  /** `peek` reads a request without answering it (the search form); `take` answers it once. */
  requests: Pick<DeepLinkRequestStore, 'take' | 'peek'>;
  catalogue: readonly Activity[];
  modules: ModuleSource;
  sign(platform: { issuer: string; clientId: string }, payload: Record<string, unknown>): Promise<string>;
  /** Who may frame the picker: the registered origins of the platform that asked. */
  framingOrigins(platform: { issuer: string; clientId: string }): Promise<readonly string[]>;
}

export const PICKER_PATH = '/lti/deep-linking/picker';
const { phases: PHASE_LABELS, themes: THEME_LABELS } = providerStrings;

const plural = (count: number, one: string, many: string) => `${count} ${count === 1 ? one : many}`;

const isFiltered = (filter: PickerFilter) =>
  filter.query !== '' || filter.phase !== '' || filter.theme !== '';

function options<T extends string>(values: readonly T[], labels: Record<T, string>, selected: string) {
  return values.map(
    (value) =>
      html`<option value="${value}"${value === selected && html` selected`}>${labels[value]}</option>`,
  );
}

function searchForm(token: string, filter: PickerFilter): SafeHtml {
  const clear =
    isFiltered(filter) &&
    html` <a href="${PICKER_PATH}?request=${encodeURIComponent(token)}">Clear search</a>`;
  return html`<form class="search" method="get" action="${PICKER_PATH}" role="search" aria-label="Search modules">
<input type="hidden" name="request" value="${token}">
<p class="field"><label for="picker-q">Search modules</label>
<input type="search" id="picker-q" name="q" value="${filter.query}" maxlength="100"></p>
<p class="field"><label for="picker-phase">Phase</label>
<select id="picker-phase" name="phase"><option value="">Any phase</option>${options(PHASES, PHASE_LABELS, filter.phase)}</select></p>
<p class="field"><label for="picker-theme">Theme</label>
<select id="picker-theme" name="theme"><option value="">Any theme</option>${options(THEMES, THEME_LABELS, filter.theme)}</select></p>
<p class="buttons"><button type="submit">Search</button>${clear}</p>
</form>`;
}

function choice(type: string, id: string, value: string, title: string, about: SafeHtml): SafeHtml {
  return html`<li class="choice"><input type="${type}" id="${id}" name="activity" value="${value}" aria-describedby="${id}-about">
<label for="${id}">${title}</label>
<div class="about" id="${id}-about">${about}</div></li>`;
}

function moduleCount(count: number, filter: PickerFilter): string {
  if (count > 0) {
    const match = count === 1 ? 'matches your search' : 'match your search';
    return `${plural(count, 'module', 'modules')} ${isFiltered(filter) ? match : 'available'}.`;
  }
  return isFiltered(filter)
    ? 'No modules match your search. Try other words, or clear the search.'
    : 'No modules match: none are available yet.';
}

/**
 * The instructor's or provider's picker: plain HTML, keyboard- and screen-reader-friendly,
 * no script needed. A GET search form re-renders it; the pick posts to /respond.
 */
export function renderPicker(
  token: string,
  request: DeepLinkingRequest,
  items: { activities: readonly Activity[]; modules: readonly ModuleSummary[] },
  filter: PickerFilter = NO_FILTER,
): string {
  const type = request.settings.acceptMultiple ? 'checkbox' : 'radio';
  const activities = joinLines(
    items.activities.map((activity) =>
      choice(
        type,
        `activity-${activity.id}`,
        activity.id,
        activity.title,
        html`<p>${activity.description}</p>`,
      ),
    ),
  );
  const modules = joinLines(
    items.modules.map((module) =>
      choice(
        type,
        `module-${module.id}`,
        moduleChoice(module.id),
        module.title,
        html`<p>${module.summary}</p>
<ul class="tags"><li>Phase: ${PHASE_LABELS[module.phase]}</li><li>Theme: ${THEME_LABELS[module.theme]}</li><li>${plural(module.criteriaCount, 'success criterion', 'success criteria')}</li></ul>`,
      ),
    ),
  );
  const how = request.settings.acceptMultiple
    ? 'Choose one or more activities, then select “Add to course”.'
    : 'Choose one activity, then select “Add to course”.';
  return pageShell({
    title: 'Add a coaching activity',
    head: html`<link rel="stylesheet" href="${SERVED_FILES.pickerCss.url}">`,
    body: html`<main><h1>Add a coaching activity</h1>
${searchForm(token, filter)}
<form method="post" action="/lti/deep-linking/respond">
<input type="hidden" name="request" value="${token}">
<p>${how}</p>
<fieldset><legend>Coaching activity</legend>
<ul class="choices">${activities}</ul>
</fieldset>
<fieldset aria-describedby="module-count"><legend>Practice modules</legend>
<p class="count" id="module-count">${moduleCount(items.modules.length, filter)}</p>
${items.modules.length > 0 && html`<ul class="choices">${modules}</ul>`}
</fieldset>
<p><button type="submit" name="action" value="add">Add to course</button>
<button type="submit" name="action" value="cancel">Cancel</button></p>
</form></main>`,
  });
}

/** The request's institution, as launches key it: (issuer, client_id, deployment_id). */
const tenantKeyOfRequest = (request: DeepLinkingRequest) =>
  tenantKeyOf({
    tenant: { issuer: request.issuer, clientId: request.clientId, deploymentId: request.deploymentId },
  });

/** Loads the modules for the request's institution and renders the picker. */
export async function pickerPage(
  deps: Pick<DeepLinkingDeps, 'catalogue' | 'modules'>,
  token: string,
  request: DeepLinkingRequest,
  filter: PickerFilter = NO_FILTER,
): Promise<string> {
  const modules = await deps.modules.listModules(tenantKeyOfRequest(request), filter);
  return renderPicker(token, request, { activities: deps.catalogue, modules }, filter);
}

/**
 * A deep-linking launch (an instructor adding an activity): keeps the request for the pick and
 * answers with the picker. The launch handler calls it once it has checked the role.
 */
export function createDeepLinkingLaunch(
  deps: Pick<DeepLinkingDeps, 'catalogue' | 'modules'> & { requests: Pick<DeepLinkRequestStore, 'open'> },
) {
  return async (request: DeepLinkingRequest, res: Response): Promise<void> => {
    const token = await deps.requests.open(request);
    res.setHeader('Cache-Control', 'no-store');
    res.status(200).send(await pickerPage(deps, token, request));
  };
}

function sendExpired(res: Response): void {
  res.setHeader('Cache-Control', 'no-store');
  // A message, no data and no action: any LMS frame may show it.
  allowFraming(res, 'anyone');
  res.status(400).send(
    messagePage({
      title: 'This selection has expired',
      lines: ['Start adding the activity again from your course.'],
    }),
  );
}

function sendToPlatform(res: Response, returnUrl: string, jwt: string, framedBy: readonly string[]): void {
  // This one page may post to the platform: the global CSP allows only our own origin.
  res.setHeader(
    'Content-Security-Policy',
    `default-src 'self'; script-src 'self'; form-action 'self' ${new URL(returnUrl).origin}; frame-ancestors 'self'; base-uri 'none'`,
  );
  allowFraming(res, framedBy);
  res.setHeader('Cache-Control', 'no-store');
  res.send(
    pageShell({
      title: 'Returning to your course…',
      body: html`<main><h1>Returning to your course…</h1>
<form method="post" action="${returnUrl}"><input type="hidden" name="JWT" value="${jwt}">
<button type="submit">Continue</button></form></main>
<script src="${SERVED_FILES.ltiAutosubmit.url}"></script>`,
    }),
  );
}

/** The content items for the picked values, or null when any value names nothing this tenant has. */
async function contentItemsFor(
  deps: DeepLinkingDeps,
  request: DeepLinkingRequest,
  values: readonly string[],
): Promise<Record<string, unknown>[] | null> {
  const launchUrl = `${deps.publicUrl}/lti/launch`;
  const tenantKey = tenantKeyOfRequest(request);
  const items: Record<string, unknown>[] = [];
  for (const value of new Set(values)) {
    const picked = parseChoice(value);
    if (!picked) return null;
    if (picked.kind === 'module') {
      // Re-checked at answer time: the module may have gone, or belong to another institution.
      const module = await deps.modules.getModule(tenantKey, picked.moduleId);
      if (!module) return null;
      items.push(moduleContentItem(module, launchUrl));
    } else {
      const activity = findActivity(picked.activityId, deps.catalogue);
      if (!activity) return null;
      items.push(contentItemFor(activity, launchUrl));
    }
  }
  return items;
}

/** Serves the picker's search and answers the platform with a signed LtiDeepLinkingResponse. */
export function deepLinkingRoutes(deps: DeepLinkingDeps): Router {
  const router = Router();
  router.use('/deep-linking', express.urlencoded({ extended: false, limit: '16kb' }));

  // Viewing (and searching) leaves the request open: only /respond answers it.
  router.get(
    '/deep-linking/picker',
    asyncRoute(async (req, res) => {
      const token = v.safeParse(RequestTokenSchema, req.query.request);
      const request = token.success ? await deps.requests.peek(token.output) : null;
      if (!token.success || !request) {
        sendExpired(res);
        return;
      }
      const query = v.parse(PickerQuerySchema, req.query);
      const filter: PickerFilter = { query: query.q, phase: query.phase, theme: query.theme };
      res.setHeader('Cache-Control', 'no-store');
      allowFraming(res, await deps.framingOrigins(request));
      res.send(await pickerPage(deps, token.output, request, filter));
    }),
  );

  router.post(
    '/deep-linking/respond',
    asyncRoute(async (req, res) => {
      const pick = v.safeParse(PickSchema, req.body);
      const request = pick.success ? await deps.requests.take(pick.output.request) : null;
      if (!pick.success || !request) {
        sendExpired(res);
        return;
      }
      const chosen = [pick.output.activity ?? []].flat();
      const nonce = randomBytes(16).toString('base64url');
      let outcome: { items: Record<string, unknown>[] } | { error: string };
      const items =
        pick.output.action === 'add' && chosen.length > 0
          ? await contentItemsFor(deps, request, chosen)
          : null;
      if (pick.output.action === 'cancel') {
        outcome = { error: 'The instructor cancelled adding an activity.' };
      } else if (!items) {
        outcome = { error: 'No activity was chosen.' };
      } else if (!request.settings.acceptTypes.includes('ltiResourceLink')) {
        outcome = { error: 'This platform does not accept LTI resource links here.' };
      } else {
        outcome = { items: request.settings.acceptMultiple ? items : items.slice(0, 1) };
      }
      const payload = deepLinkingResponse(request, outcome, nonce);
      const jwt = await deps.sign(request, {
        ...payload,
        iat: Math.floor(Date.now() / 1000),
        exp: Math.floor(Date.now() / 1000) + 300,
      });
      sendToPlatform(res, request.settings.returnUrl, jwt, await deps.framingOrigins(request));
    }),
  );

  return router;
}
