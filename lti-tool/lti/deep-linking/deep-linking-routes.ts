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
import { escapeHtml, messagePage, pageShell } from '../../http/html.ts';
import { allowFraming } from '../../http/security-headers.ts';
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
const PICKER_CSS_PATH = '/lti/deep-linking/picker.css';

export const PHASE_LABELS: Record<Phase, string> = {
  'early-years': 'Early years',
  primary: 'Primary',
  secondary: 'Secondary',
  'further-education': 'Further education',
  'all-phases': 'All phases',
};

export const THEME_LABELS: Record<Theme, string> = {
  'routines-and-behaviour': 'Routines and behaviour',
  'explanation-and-modelling': 'Explanation and modelling',
  'questioning-and-checking': 'Questioning and checking',
  feedback: 'Feedback',
  'adaptive-teaching': 'Adaptive teaching',
};

/** The tool's own pages allow stylesheets only from our origin, so the picker's is a route. */
const PICKER_CSS = `body { font: 16px/1.5 system-ui, sans-serif; margin: 0; color: #1b1b1b; background: #fff; }
main { padding: 1rem; max-width: 48rem; margin: 0 auto; }
h1 { font-size: 1.5rem; margin: 0 0 1rem; }
p, label, li, legend { overflow-wrap: anywhere; }
.search { display: flex; flex-wrap: wrap; gap: 0.5rem 1rem; align-items: flex-end; margin: 0 0 1rem; }
.field { display: flex; flex-direction: column; flex: 1 1 12rem; min-width: 0; margin: 0; }
.field input, .field select { font: inherit; padding: 0.4rem; max-width: 100%; border: 1px solid #5f6670; border-radius: 4px; }
.search .buttons { flex: 0 0 auto; margin: 0; }
fieldset { border: 1px solid #8a8f98; border-radius: 6px; margin: 0 0 1rem; padding: 0.5rem 1rem; min-width: 0; }
legend { font-weight: 700; padding: 0 0.25rem; }
.count { margin: 0.25rem 0; color: #3b3f45; }
.choices { list-style: none; margin: 0; padding: 0; }
.choice { display: grid; grid-template-columns: auto 1fr; gap: 0 0.6rem; padding: 0.6rem 0; }
.choice + .choice { border-top: 1px solid #d5d9e0; }
.choice input { width: 1.25rem; height: 1.25rem; margin: 0.15rem 0 0; }
.choice label { font-weight: 600; }
.about { grid-column: 2; }
.about p { margin: 0.1rem 0; }
.tags { list-style: none; display: flex; flex-wrap: wrap; gap: 0.3rem; padding: 0; margin: 0.3rem 0 0; }
.tags li { background: #eef1f6; color: #1b1b1b; border-radius: 4px; padding: 0 0.4rem; font-size: 0.875rem; }
button { font: inherit; min-height: 44px; padding: 0.5rem 1rem; margin: 0 0.5rem 0.5rem 0; }
a { color: #1a3d7c; }
:focus-visible { outline: 3px solid #1a3d7c; outline-offset: 2px; }
`;

const plural = (count: number, one: string, many: string) => `${count} ${count === 1 ? one : many}`;

const isFiltered = (filter: PickerFilter) =>
  filter.query !== '' || filter.phase !== '' || filter.theme !== '';

function options<T extends string>(values: readonly T[], labels: Record<T, string>, selected: string) {
  return values
    .map(
      (value) =>
        `<option value="${escapeHtml(value)}"${value === selected ? ' selected' : ''}>${escapeHtml(labels[value])}</option>`,
    )
    .join('');
}

function searchForm(token: string, filter: PickerFilter): string {
  const clear = isFiltered(filter)
    ? ` <a href="${PICKER_PATH}?request=${encodeURIComponent(token)}">Clear search</a>`
    : '';
  return `<form class="search" method="get" action="${PICKER_PATH}" role="search" aria-label="Search modules">
<input type="hidden" name="request" value="${escapeHtml(token)}">
<p class="field"><label for="picker-q">Search modules</label>
<input type="search" id="picker-q" name="q" value="${escapeHtml(filter.query)}" maxlength="100"></p>
<p class="field"><label for="picker-phase">Phase</label>
<select id="picker-phase" name="phase"><option value="">Any phase</option>${options(PHASES, PHASE_LABELS, filter.phase)}</select></p>
<p class="field"><label for="picker-theme">Theme</label>
<select id="picker-theme" name="theme"><option value="">Any theme</option>${options(THEMES, THEME_LABELS, filter.theme)}</select></p>
<p class="buttons"><button type="submit">Search</button>${clear}</p>
</form>`;
}

function choice(type: string, id: string, value: string, title: string, about: string): string {
  return `<li class="choice"><input type="${type}" id="${escapeHtml(id)}" name="activity" value="${escapeHtml(value)}" aria-describedby="${escapeHtml(id)}-about">
<label for="${escapeHtml(id)}">${escapeHtml(title)}</label>
<div class="about" id="${escapeHtml(id)}-about">${about}</div></li>`;
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
  const activities = items.activities
    .map((activity) =>
      choice(
        type,
        `activity-${activity.id}`,
        activity.id,
        activity.title,
        `<p>${escapeHtml(activity.description)}</p>`,
      ),
    )
    .join('\n');
  const modules = items.modules
    .map((module) =>
      choice(
        type,
        `module-${module.id}`,
        moduleChoice(module.id),
        module.title,
        `<p>${escapeHtml(module.summary)}</p>
<ul class="tags"><li>Phase: ${escapeHtml(PHASE_LABELS[module.phase])}</li><li>Theme: ${escapeHtml(THEME_LABELS[module.theme])}</li><li>${plural(module.criteriaCount, 'success criterion', 'success criteria')}</li></ul>`,
      ),
    )
    .join('\n');
  const how = request.settings.acceptMultiple
    ? 'Choose one or more activities, then select “Add to course”.'
    : 'Choose one activity, then select “Add to course”.';
  return pageShell({
    title: 'Add a coaching activity',
    head: `<link rel="stylesheet" href="${PICKER_CSS_PATH}">`,
    body: `<main><h1>Add a coaching activity</h1>
${searchForm(token, filter)}
<form method="post" action="/lti/deep-linking/respond">
<input type="hidden" name="request" value="${escapeHtml(token)}">
<p>${escapeHtml(how)}</p>
<fieldset><legend>Coaching activity</legend>
<ul class="choices">${activities}</ul>
</fieldset>
<fieldset aria-describedby="module-count"><legend>Practice modules</legend>
<p class="count" id="module-count">${escapeHtml(moduleCount(items.modules.length, filter))}</p>
${items.modules.length > 0 ? `<ul class="choices">${modules}</ul>` : ''}
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
      body: `<main><h1>Returning to your course…</h1>
<form method="post" action="${escapeHtml(returnUrl)}"><input type="hidden" name="JWT" value="${escapeHtml(jwt)}">
<button type="submit">Continue</button></form></main>
<script src="/lti/autosubmit.js"></script>`,
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

  router.get('/autosubmit.js', (_req, res) => {
    res.type('application/javascript').send('document.forms[0].submit();\n');
  });

  router.get('/deep-linking/picker.css', (_req, res) => {
    res.type('text/css').setHeader('Cache-Control', 'public, max-age=3600');
    res.send(PICKER_CSS);
  });

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
