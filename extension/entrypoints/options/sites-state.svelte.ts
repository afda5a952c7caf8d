import { browser } from 'wxt/browser';
import type { WxtStorageItem } from 'wxt/utils/storage';
import { originPatternFor, parseSiteInput, readAddedSites } from '../../features/site-access/added-sites.ts';
import { followValue } from '../../features/site-access/follow-value.ts';
import { readDisabledSites, withSiteEnabled } from '../../features/site-access/site-gate.ts';
import { DEFAULT_SITES, type SiteDefinition } from '../../features/site-access/sites.ts';
import { addedSitesItem, disabledSitesItem } from '../../storage.ts';

type ListItem = Pick<WxtStorageItem<string[], Record<string, unknown>>, 'getValue' | 'setValue' | 'watch'>;

interface PermissionsEvent {
  addListener(callback: () => void): void;
  removeListener(callback: () => void): void;
}

/** The part of `browser.permissions` the options page uses (a fake in tests). */
export interface HostPermissions {
  request(permissions: { origins: string[] }): Promise<boolean>;
  remove(permissions: { origins: string[] }): Promise<boolean>;
  contains(permissions: { origins: string[] }): Promise<boolean>;
  onAdded: PermissionsEvent;
  onRemoved: PermissionsEvent;
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
  /** Default sites whose access the browser withholds (the user took it away, or never gave it). */
  #withheld = $state<readonly string[]>([]);
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

  /**
   * True when the teacher wants the site but the browser does not let the extension run there:
   * Firefox lets users take any host permission away (and may not grant them at install), and
   * Chrome's "site access: on click" withholds them. Without this the overlay would just not appear.
   */
  isWithheld(id: string): boolean {
    return this.#withheld.includes(id);
  }

  /** Asks the browser again for a default site's hosts. Straight from the click (user gesture). */
  allow(id: string): Promise<void> {
    const site = this.sites.find((candidate) => candidate.id === id);
    if (!site) return Promise.resolve();
    return this.#permissions.request({ origins: [...site.hosts] }).then(
      async (granted) => {
        this.#message = granted
          ? `Allowed on ${site.name}. Reload its open tabs to see your step there.`
          : `The browser did not allow access to ${site.name}.`;
        await this.#checkAccess();
      },
      () => {
        this.#message = `The browser refused to ask for access to ${site.name}.`;
      },
    );
  }

  async #checkAccess(): Promise<void> {
    const withheld: string[] = [];
    for (const site of this.sites) {
      // An API that cannot answer (or a pattern it rejects) is not a reason to nag the teacher.
      const granted = await Promise.resolve()
        .then(() => this.#permissions.contains({ origins: [...site.hosts] }))
        .catch(() => true);
      if (!granted) withheld.push(site.id);
    }
    this.#withheld = withheld;
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
