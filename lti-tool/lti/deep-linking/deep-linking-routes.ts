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
import { activitiesOffered, findActivity, type Activity } from '../../activities/catalogue.ts';
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

/** The picked values: one `activity` field, or several (checkboxes). */
const PickedSchema = v.optional(v.union([v.string(), v.pipe(v.array(v.string()), v.maxLength(200))]));

const PickSchema = v.object({
  request: RequestTokenSchema,
  action: v.picklist(['add', 'cancel']),
  activity: PickedSchema,
});

/**
 * The picker's search: a bad or repeated field reads as "no filter", never as an error. The
 * search submits the whole picker form, so what is ticked (`activity`) comes along and stays ticked;
 * `clear` asks for every module again.
 */
const PickerQuerySchema = v.object({
  q: v.fallback(v.optional(v.pipe(v.string(), v.trim(), v.maxLength(100)), ''), ''),
  phase: v.fallback(v.optional(v.union([PhaseSchema, v.literal('')]), ''), ''),
  theme: v.fallback(v.optional(v.union([ThemeSchema, v.literal('')]), ''), ''),
  activity: v.fallback(PickedSchema, undefined),
  clear: v.fallback(v.optional(v.literal('1')), undefined),
});

/** What the provider searched for; the same shape the module source filters by. */
export interface PickerFilter {
  query: string;
  phase: Phase | '';
  theme: Theme | '';
}

export const NO_FILTER: PickerFilter = { query: '', phase: '', theme: '' };

/** What the picker shows besides the modules: the search, what is ticked, and why a pick was refused. */
export interface PickerView {
  filter: PickerFilter;
  /** The ticked values (`action-step`, `module:<id>`), whether or not the search shows them. */
  picked: readonly string[];
  /** Why the last "Add to course" was refused (nothing was ticked). */
  error: string | null;
}

const EMPTY_VIEW: PickerView = { filter: NO_FILTER, picked: [], error: null };

const filterOf = (query: v.InferOutput<typeof PickerQuerySchema>): PickerFilter => ({
  query: query.q,
  phase: query.phase,
  theme: query.theme,
});

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

/**
 * The search, inside the picker's one form: its buttons submit the whole form to the picker
 * (GET), so the ticked choices travel with the search and come back ticked, with or without
 * JavaScript. Enter in the search box presses "Search", the form's first button.
 */
function searchFields(filter: PickerFilter): SafeHtml {
  const clear =
    isFiltered(filter) &&
    html` <button type="submit" class="secondary" formmethod="get" formaction="${PICKER_PATH}" name="clear" value="1">Clear search</button>`;
  return html`<div class="search" role="search" aria-label="Search modules">
<p class="field"><label for="picker-q">Search modules</label>
<input type="search" id="picker-q" name="q" value="${filter.query}" maxlength="100"></p>
<p class="field"><label for="picker-phase">Phase</label>
<select id="picker-phase" name="phase"><option value="">Any phase</option>${options(PHASES, PHASE_LABELS, filter.phase)}</select></p>
<p class="field"><label for="picker-theme">Theme</label>
<select id="picker-theme" name="theme"><option value="">Any theme</option>${options(THEMES, THEME_LABELS, filter.theme)}</select></p>
<p class="buttons"><button type="submit" class="secondary" formmethod="get" formaction="${PICKER_PATH}">Search</button>${clear}</p>
</div>`;
}

function choice(
  type: string,
  id: string,
  value: string,
  title: string,
  about: SafeHtml,
  checked: boolean,
): SafeHtml {
  return html`<li class="choice"><input type="${type}" id="${id}" name="activity" value="${value}" aria-describedby="${id}-about"${checked && html` checked`}>
<label for="${id}">${title}</label>
<div class="about" id="${id}-about">${about}</div></li>`;
}

function moduleAbout(module: ModuleSummary): SafeHtml {
  return html`<p>${module.summary}</p>
<ul class="tags"><li>Phase: ${PHASE_LABELS[module.phase]}</li><li>Theme: ${THEME_LABELS[module.theme]}</li><li>${plural(module.criteriaCount, 'success criterion', 'success criteria')}</li></ul>`;
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

/** What the page says when "Add to course" is pressed with nothing ticked (here and in picker.js). */
export function emptyPickMessage(acceptMultiple: boolean): string {
  return acceptMultiple
    ? 'Choose at least one activity or module to add, or select “Cancel”.'
    : 'Choose an activity or module to add, or select “Cancel”.';
}

/** The ticked values as the picker keeps them: each once, and only one when the platform takes one. */
function keptPicks(picked: readonly string[], acceptMultiple: boolean): string[] {
  const unique = [...new Set(picked)];
  return acceptMultiple ? unique : unique.slice(0, 1);
}

/**
 * The instructor's or provider's picker: plain HTML, keyboard- and screen-reader-friendly, and
 * working without script. One form: its search re-renders the picker with the ticks kept (a
 * ticked module the search hides is listed under "Also chosen", still ticked, and still sent);
 * "Add to course" and "Cancel" post to /respond. /lti/deep-linking/picker.js adds the live
 * "3 selected" count and refuses an empty pick before it leaves the page.
 */
export function renderPicker(
  token: string,
  request: DeepLinkingRequest,
  items: {
    activities: readonly Activity[];
    modules: readonly ModuleSummary[];
    /** Ticked modules the search does not show. */
    held?: readonly ModuleSummary[];
  },
  view: Partial<PickerView> = {},
): string {
  const { filter, picked, error } = { ...EMPTY_VIEW, ...view };
  const multiple = request.settings.acceptMultiple;
  const type = multiple ? 'checkbox' : 'radio';
  const ticked = new Set(keptPicks(picked, multiple));
  const listed = new Set(items.modules.map((module) => module.id));
  const held = (items.held ?? []).filter(
    (module) => !listed.has(module.id) && ticked.has(moduleChoice(module.id)),
  );
  const activities = joinLines(
    items.activities.map((activity) =>
      choice(
        type,
        `activity-${activity.id}`,
        activity.id,
        activity.title,
        html`<p>${activity.description}</p>`,
        ticked.has(activity.id),
      ),
    ),
  );
  const moduleChoices = (modules: readonly ModuleSummary[]) =>
    joinLines(
      modules.map((module) =>
        choice(
          type,
          `module-${module.id}`,
          moduleChoice(module.id),
          module.title,
          moduleAbout(module),
          ticked.has(moduleChoice(module.id)),
        ),
      ),
    );
  const how = multiple
    ? 'Choose one or more activities, then select “Add to course”. What you tick stays chosen when you search.'
    : 'Choose one activity, then select “Add to course”. Your choice stays chosen when you search.';
  const heldSection =
    held.length > 0 &&
    html`<fieldset class="held" aria-describedby="held-note"><legend>Also chosen</legend>
<p class="count" id="held-note">Chosen before this search. They are added too, unless you untick them.</p>
<ul class="choices">${moduleChoices(held)}</ul>
</fieldset>`;
  return pageShell({
    title: error ? 'Error: Add a coaching activity' : 'Add a coaching activity',
    head: html`<link rel="stylesheet" href="${SERVED_FILES.pickerCss.url}">`,
    body: html`<main><h1>Add a coaching activity</h1>
<p>${how}</p>
<form class="picker" method="post" action="/lti/deep-linking/respond" data-empty-message="${emptyPickMessage(multiple)}">
<input type="hidden" name="request" value="${token}">
${searchFields(filter)}
<p class="error" id="pick-error" role="alert">${error}</p>
${heldSection}
<fieldset><legend>Coaching activity</legend>
<ul class="choices">${activities}</ul>
</fieldset>
<fieldset aria-describedby="module-count"><legend>Practice modules</legend>
<p class="count" id="module-count">${moduleCount(items.modules.length, filter)}</p>
${items.modules.length > 0 && html`<ul class="choices">${moduleChoices(items.modules)}</ul>`}
</fieldset>
<div class="actions">
<p class="selected" id="selected-count" role="status" hidden></p>
<p class="buttons"><button type="submit" class="primary" name="action" value="add">Add to course</button>
<button type="submit" class="secondary" name="action" value="cancel">Cancel</button></p>
</div>
</form></main>
<script src="${SERVED_FILES.pickerScript.url}"></script>`,
  });
}

/** The request's institution, as launches key it: (issuer, client_id, deployment_id). */
const tenantKeyOfRequest = (request: DeepLinkingRequest) =>
  tenantKeyOf({
    tenant: { issuer: request.issuer, clientId: request.clientId, deploymentId: request.deploymentId },
  });

/**
 * Loads the modules for the request's institution and renders the picker, with the ticked
 * modules the search hides looked up (for this institution) so they stay on the page.
 */
export async function pickerPage(
  deps: Pick<DeepLinkingDeps, 'catalogue' | 'modules'>,
  token: string,
  request: DeepLinkingRequest,
  view: Partial<PickerView> = {},
): Promise<string> {
  const { filter, picked } = { ...EMPTY_VIEW, ...view };
  const tenantKey = tenantKeyOfRequest(request);
  const modules = await deps.modules.listModules(tenantKey, filter);
  const listed = new Set(modules.map((module) => module.id));
  const held: ModuleSummary[] = [];
  for (const value of keptPicks(picked, request.settings.acceptMultiple)) {
    const choice = parseChoice(value);
    if (choice?.kind !== 'module' || listed.has(choice.moduleId)) continue;
    // A value naming nothing this institution has (gone, or forged) is dropped, not shown.
    const module = await deps.modules.getModule(tenantKey, choice.moduleId);
    if (module) held.push(module);
  }
  const activities = activitiesOffered(deps.catalogue, request.byProvider === true);
  return renderPicker(token, request, { activities, modules, held }, view);
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
      const activity = findActivity(
        picked.activityId,
        activitiesOffered(deps.catalogue, request.byProvider === true),
      );
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
      res.setHeader('Cache-Control', 'no-store');
      allowFraming(res, await deps.framingOrigins(request));
      res.send(
        await pickerPage(deps, token.output, request, {
          filter: query.clear ? NO_FILTER : filterOf(query),
          picked: [query.activity ?? []].flat(),
        }),
      );
    }),
  );

  router.post(
    '/deep-linking/respond',
    asyncRoute(async (req, res) => {
      const pick = v.safeParse(PickSchema, req.body);
      // Peeked first: a pick refused on the page leaves the request open for the next try.
      const open = pick.success ? await deps.requests.peek(pick.output.request) : null;
      if (!pick.success || !open) {
        sendExpired(res);
        return;
      }
      const chosen = [pick.output.activity ?? []].flat();
      if (pick.output.action === 'add' && chosen.length === 0) {
        // Nothing ticked is the instructor's slip, not an answer for the LMS: ask again, here.
        res.setHeader('Cache-Control', 'no-store');
        allowFraming(res, await deps.framingOrigins(open));
        res.status(422).send(
          await pickerPage(deps, pick.output.request, open, {
            filter: filterOf(v.parse(PickerQuerySchema, req.body)),
            error: emptyPickMessage(open.settings.acceptMultiple),
          }),
        );
        return;
      }
      const request = await deps.requests.take(pick.output.request);
      if (!request) {
        sendExpired(res);
        return;
      }
      const nonce = randomBytes(16).toString('base64url');
      let outcome: { items: Record<string, unknown>[] } | { error: string };
      const items = pick.output.action === 'add' ? await contentItemsFor(deps, request, chosen) : null;
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
