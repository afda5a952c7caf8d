import { ADDED_SITE_SCRIPT_PREFIX, originPatternFor, readAddedSites, scriptIdFor } from './added-sites.ts';

/** The built content script; the manifest's static registration uses the same file. */
const CONTENT_SCRIPT_FILE = 'content-scripts/lesson-plan.js';

interface RegisteredScript {
  id: string;
  matches?: string[];
}
interface ScriptRegistration {
  id: string;
  matches: string[];
  js: string[];
  runAt: 'document_idle';
  allFrames: false;
  persistAcrossSessions: true;
}

/** The parts of `browser.scripting` and `browser.permissions` this needs (fakes in tests). */
export interface SiteScriptApis {
  scripting: {
    getRegisteredContentScripts(): Promise<RegisteredScript[]>;
    registerContentScripts(scripts: ScriptRegistration[]): Promise<unknown>;
    unregisterContentScripts(filter: { ids: string[] }): Promise<unknown>;
  };
  permissions: {
    contains(permissions: { origins: string[] }): Promise<boolean>;
    onAdded: { addListener(listener: () => void): void };
    onRemoved: { addListener(listener: () => void): void };
  };
}

interface AddedSitesItem {
  getValue(): Promise<unknown>;
  watch(callback: (value: unknown) => void): () => void;
}

/**
 * Makes the registered content scripts match the added sites the teacher still has a host
 * permission for: one script per site (id `added-site:<host>`), top frame only, persisted.
 * Scripts for removed sites, or whose permission was revoked in the browser, are unregistered.
 * Other registrations (not ours) are left alone.
 */
export async function syncSiteScripts(apis: SiteScriptApis, value: unknown): Promise<void> {
  const registered = await apis.scripting.getRegisteredContentScripts();
  const ours = new Map(
    registered
      .filter((script) => script.id.startsWith(ADDED_SITE_SCRIPT_PREFIX))
      .map((script) => [script.id, script]),
  );
  const wanted: ScriptRegistration[] = [];
  for (const host of readAddedSites(value)) {
    const origin = originPatternFor(host);
    if (!(await apis.permissions.contains({ origins: [origin] }))) continue;
    wanted.push({
      id: scriptIdFor(host),
      matches: [origin],
      js: [CONTENT_SCRIPT_FILE],
      runAt: 'document_idle',
      allFrames: false,
      persistAcrossSessions: true,
    });
  }
  const wantedIds = new Set(wanted.map((script) => script.id));
  const stale = [...ours.keys()].filter((id) => !wantedIds.has(id));
  if (stale.length > 0) await apis.scripting.unregisterContentScripts({ ids: stale });
  const missing = wanted.filter((script) => !ours.has(script.id));
  if (missing.length > 0) await apis.scripting.registerContentScripts(missing);
}

/**
 * Background wiring: re-sync at start-up (registrations can be lost, e.g. after an update or in
 * browsers that do not persist them), whenever the list changes, and whenever a host permission
 * is granted or revoked. Runs are queued so two syncs never race on the same ids.
 */
export function startSiteScripts(
  apis: SiteScriptApis,
  item: AddedSitesItem,
  onError: (error: unknown) => void,
): () => Promise<void> {
  let queue = Promise.resolve();
  const sync = () => {
    queue = queue.then(async () => syncSiteScripts(apis, await item.getValue())).catch(onError);
    return queue;
  };
  item.watch(() => void sync());
  apis.permissions.onAdded.addListener(() => void sync());
  apis.permissions.onRemoved.addListener(() => void sync());
  void sync();
  return sync;
}
