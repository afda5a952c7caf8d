import { browser } from 'wxt/browser';
import type { WxtStorageItem } from 'wxt/utils/storage';
import { originPatternFor, parseSiteInput, readAddedSites } from '../../features/site-access/added-sites.ts';
import { followValue } from '../../features/site-access/follow-value.ts';
import { accessTo, type Access } from '../../features/site-access/granted-access.ts';
import { readDisabledSites, withSiteEnabled } from '../../features/site-access/site-gate.ts';
import { DEFAULT_SITES, type SiteDefinition } from '../../features/site-access/sites.ts';
import { addedSitesItem, disabledSitesItem } from '../../storage.ts';

type ListItem = Pick<WxtStorageItem<string[], Record<string, unknown>>, 'getValue' | 'setValue' | 'watch'>;

interface PermissionsEvent {
  addListener(callback: () => void): void;
  removeListener(callback: () => void): void;
}

/**
 * The part of `browser.permissions` the options page uses (a fake in tests). No `contains`: it
 * answers false for the default sites in Chromium while the overlay runs there (granted-access.ts).
 */
export interface HostPermissions {
  request(permissions: { origins: string[] }): Promise<boolean>;
  remove(permissions: { origins: string[] }): Promise<boolean>;
  getAll(): Promise<{ origins?: string[] }>;
  onAdded: PermissionsEvent;
  onRemoved: PermissionsEvent;
}

/**
 * Whether the overlay can run on a site the teacher wants: `granted` (the browser runs it there),
 * `partial` (on some of its addresses), `withheld` (nowhere), `unknown` (the browser would not say),
 * or `checking` (not asked yet).
 */
export type SiteAccess = Access | 'unknown' | 'checking';

/** The browser lets the extension run on none, or only part, of the site. */
function isShort(access: SiteAccess): boolean {
  return access === 'withheld' || access === 'partial';
}

/**
 * The options page's mirror of the per-site switches and the teacher's own sites; storage stays
 * the source of truth, and the background registers content scripts from it.
 */
export class SitesState {
  readonly sites: readonly SiteDefinition[] = DEFAULT_SITES;
  /** What the teacher is typing in "Add a site". */
  draft = $state('');
  #disabled = $state<readonly string[]>([]);
  #added = $state<readonly string[]>([]);
  /**
   * The origins the browser has granted (`permissions.getAll()`), from which every site's access is
   * derived; null before the first answer, 'unknown' when the browser gave none.
   */
  #granted = $state<readonly string[] | 'unknown' | null>(null);
  /** Answers to older checks that arrive after a newer one are dropped. */
  #checks = 0;
  #error = $state<string | undefined>(undefined);
  #message = $state('');
  readonly #disabledItem: ListItem;
  readonly #addedItem: ListItem;
  readonly #permissions: HostPermissions;

  constructor(deps: { disabled?: ListItem; added?: ListItem; permissions?: HostPermissions } = {}) {
    this.#disabledItem = deps.disabled ?? disabledSitesItem;
    this.#addedItem = deps.added ?? addedSitesItem;
    this.#permissions = deps.permissions ?? browser.permissions;
  }

  get added(): readonly string[] {
    return this.#added;
  }

  /** Why the typed site was not added, shown next to the field. */
  get error(): string | undefined {
    return this.#error;
  }

  /** The last outcome, announced politely. */
  get message(): string {
    return this.#message;
  }

  isEnabled(id: string): boolean {
    return !this.#disabled.includes(id);
  }

  /** Whether the browser runs the overlay on a default site (whether or not the teacher switched it off). */
  access(id: string): SiteAccess {
    const site = this.sites.find((candidate) => candidate.id === id);
    return site ? this.#accessTo(site.hosts) : 'unknown';
  }

  /** The same for a site the teacher added. */
  addedAccess(host: string): SiteAccess {
    return this.#accessTo([originPatternFor(host)]);
  }

  #accessTo(patterns: readonly string[]): SiteAccess {
    if (this.#granted === null) return 'checking';
    if (this.#granted === 'unknown') return 'unknown';
    return accessTo(patterns, this.#granted);
  }

  /**
   * True when the teacher wants the site but the browser does not let the extension run on all of
   * it: Chromium's "site access: on click" or "on specific sites", or access taken away in Firefox's
   * add-ons manager. Without this the overlay would just not appear. An unknown answer is not a
   * reason to nag the teacher.
   */
  isWithheld(id: string): boolean {
    return isShort(this.access(id));
  }

  /** The same for a site the teacher added. */
  isAddedWithheld(host: string): boolean {
    return isShort(this.addedAccess(host));
  }

  /** Asks the browser again for a default site's hosts. Straight from the click (user gesture). */
  allow(id: string): Promise<void> {
    const site = this.sites.find((candidate) => candidate.id === id);
    if (!site) return Promise.resolve();
    return this.#ask([...site.hosts], site.name);
  }

  /** Default sites the teacher has on but the browser blocks, wholly or in part. */
  get blocked(): readonly SiteDefinition[] {
    return this.sites.filter((site) => this.isEnabled(site.id) && this.isWithheld(site.id));
  }

  /**
   * Asks for every blocked site at once: one prompt, not one per site, for a browser set to run
   * the extension only on click. Straight from the click (user gesture).
   */
  allowAll(): Promise<void> {
    const blocked = this.blocked;
    if (blocked.length === 0) return Promise.resolve();
    return this.#ask(
      blocked.flatMap((site) => site.hosts),
      blocked.length === 1 ? blocked[0]!.name : `all ${blocked.length} sites`,
    );
  }

  /** Asks the browser again for an added site's host. Straight from the click (user gesture). */
  allowAdded(host: string): Promise<void> {
    return this.#ask([originPatternFor(host)], host);
  }

  #ask(origins: string[], name: string): Promise<void> {
    return this.#permissions.request({ origins }).then(
      async (granted) => {
        this.#message = granted
          ? `Allowed on ${name}. Reload any open tabs there to see your step.`
          : `The browser did not allow access to ${name}.`;
        await this.#checkAccess();
      },
      () => {
        this.#message = `The browser refused to ask for access to ${name}.`;
      },
    );
  }

  async #checkAccess(): Promise<void> {
    const check = ++this.#checks;
    const granted = await Promise.resolve()
      .then(() => this.#permissions.getAll())
      .then(
        (all) => all.origins ?? [],
        () => 'unknown' as const,
      );
    if (check === this.#checks) this.#granted = granted;
  }

  async setEnabled(id: string, enabled: boolean): Promise<void> {
    const next = withSiteEnabled(await this.#disabledItem.getValue(), id, enabled);
    this.#disabled = next;
    await this.#disabledItem.setValue(next);
  }

  /**
   * Validates the typed site, then asks the browser for `https://<host>/*`. Call it straight
   * from the click or submit: the permission prompt needs that user gesture, so nothing is
   * awaited before `permissions.request`.
   */
  add(): Promise<void> {
    const parsed = parseSiteInput(this.draft);
    if (!parsed.ok) {
      this.#error = parsed.message;
      this.#message = '';
      return Promise.resolve();
    }
    this.#error = undefined;
    const { host } = parsed;
    return this.#permissions.request({ origins: [originPatternFor(host)] }).then(
      async (granted) => {
        if (!granted) {
          this.#message = `Not added: the browser did not allow access to ${host}.`;
          return;
        }
        const next = readAddedSites([...readAddedSites(await this.#addedItem.getValue()), host]);
        this.#added = next;
        await this.#addedItem.setValue(next);
        this.draft = '';
        this.#message = `Added ${host}. Reload its open tabs to see your step there.`;
        await this.#checkAccess();
      },
      () => {
        this.#message = `Not added: the browser refused to ask for access to ${host}.`;
      },
    );
  }

  /** Forgets the site: its content script is unregistered by the background, its permission dropped here. */
  async remove(host: string): Promise<void> {
    const next = readAddedSites(await this.#addedItem.getValue()).filter((added) => added !== host);
    this.#added = next;
    await this.#addedItem.setValue(next);
    await this.#permissions.remove({ origins: [originPatternFor(host)] }).catch(() => false);
    this.#message = `Removed ${host}.`;
  }

  connect(signal: AbortSignal): void {
    if (signal.aborted) return;
    void followValue(this.#disabledItem, (value) => (this.#disabled = [...readDisabledSites(value)]), signal);
    void followValue(this.#addedItem, (value) => (this.#added = readAddedSites(value)), signal);
    // Access can change elsewhere (the add-ons manager, the toolbar's site access menu).
    const recheck = () => void this.#checkAccess();
    try {
      this.#permissions.onAdded.addListener(recheck);
      this.#permissions.onRemoved.addListener(recheck);
      signal.addEventListener(
        'abort',
        () => {
          this.#permissions.onAdded.removeListener(recheck);
          this.#permissions.onRemoved.removeListener(recheck);
        },
        { once: true },
      );
    } catch {
      // No change events here: access is still checked on every visit to the page.
    }
    recheck();
  }
}
