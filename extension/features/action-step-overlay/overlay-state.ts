import { browser } from 'wxt/browser';
import type { ActionStep } from '../../../shared/domain/coaching/action-step.ts';
import type { ExtensionRequest } from '../../../shared/protocol/messages.ts';
import {
  overlayCollapsedValue,
  overlayPositionsValue,
  pairHintDismissedValue,
  stepRevisionValue,
} from '../site-access/content-storage.ts';
import {
  clampPosition,
  createPositionStore,
  nudge,
  type Point,
  type PositionStore,
  type Size,
} from './position.ts';
import { readStepReply } from './step-reply.ts';

interface Flag {
  getValue(): Promise<boolean>;
  setValue(value: boolean): Promise<void>;
}
interface Watchable {
  watch(onChange: () => void): () => void;
}
/** Hostnames, as kept in storage.local (validated here: storage outlives this code). */
interface SiteList {
  getValue(): Promise<unknown>;
  setValue(value: string[]): Promise<void>;
}
/** Sites the teacher dismissed the pairing hint on; a handful in practice, capped all the same. */
const MAX_DISMISSED_SITES = 200;
/** Sends one request to the background; the reply is checked by `readStepReply`, so it is unknown here. */
export type OverlaySend = (request: ExtensionRequest) => Promise<unknown>;

const sendToBackground: OverlaySend = (request) => browser.runtime.sendMessage(request);

/**
 * The overlay's step (asked of the background, never read from IndexedDB or the page), whether
 * the teacher has it open (card) or closed (pill; the keyboard shortcut toggles it too), and
 * where they dragged it on this site. With no step and no pairing, the "Connect to see your
 * action step" hint, until the teacher dismisses it on this site. Plain fields and one change
 * callback, no framework: this runs inside every lesson-planning page (see overlay-view.ts).
 */
export class OverlayState {
  #step: ActionStep | null = null;
  #loaded = false;
  #unpaired = false;
  /** Null until read, and read only once the hint could show. */
  #hintDismissed: boolean | null = null;
  #readingDismissals = false;
  #expanded = true;
  #touched = false;
  /** Null: the default corner. Otherwise where the teacher put it (clamped when shown). */
  #position: Point | null = null;
  readonly #listeners = new Set<() => void>();
  #moved = false;
  #drag: { dx: number; dy: number } | null = null;
  #issued = 0;
  #applied = 0;
  readonly #send: OverlaySend;
  readonly #collapsed: Flag;
  readonly #revision: Watchable;
  readonly #positions: PositionStore;
  readonly #dismissals: SiteList;
  readonly #site: string;

  constructor(
    deps: {
      send?: OverlaySend;
      collapsed?: Flag;
      revision?: Watchable;
      /** Positions are remembered per site; defaults to this page's hostname. */
      positions?: PositionStore;
      /** Hostnames where the pairing hint was dismissed. */
      dismissedHints?: SiteList;
      /** This page's site for the hint's dismissal; defaults to its hostname. */
      site?: string;
    } = {},
  ) {
    this.#send = deps.send ?? sendToBackground;
    this.#collapsed = deps.collapsed ?? overlayCollapsedValue;
    this.#revision = deps.revision ?? stepRevisionValue;
    this.#site = deps.site ?? location.hostname;
    this.#positions = deps.positions ?? createPositionStore(overlayPositionsValue, this.#site);
    this.#dismissals = deps.dismissedHints ?? pairHintDismissedValue;
  }

  /** Calls `listener` after every change to what is shown; returns the unsubscribe. */
  subscribe(listener: () => void): () => void {
    this.#listeners.add(listener);
    return () => this.#listeners.delete(listener);
  }

  #changed(): void {
    for (const listener of this.#listeners) listener();
  }

  get position(): Point | null {
    return this.#position;
  }

  /** Where the overlay is drawn: the remembered position, kept inside the viewport. */
  placement(size: Size, viewport: Size): Point | null {
    return this.#position && clampPosition(this.#position, size, viewport);
  }

  /** Pointer down on the handle; `origin` is the overlay's current top-left corner. */
  startDrag(pointer: Point, origin: Point): void {
    this.#drag = { dx: pointer.x - origin.x, dy: pointer.y - origin.y };
  }

  dragTo(pointer: Point, size: Size, viewport: Size): void {
    if (!this.#drag) return;
    this.#place({ x: pointer.x - this.#drag.dx, y: pointer.y - this.#drag.dy }, size, viewport);
  }

  endDrag(): void {
    if (!this.#drag) return;
    this.#drag = null;
    if (this.#position) void this.#positions.save(this.#position);
  }

  /** Arrow keys on the handle. Returns false for keys it does not handle, so they are left alone. */
  moveByKey(key: string, large: boolean, origin: Point, size: Size, viewport: Size): boolean {
    const next = nudge(origin, key, large);
    if (!next) return false;
    this.#place(next, size, viewport);
    if (this.#position) void this.#positions.save(this.#position);
    return true;
  }

  #place(point: Point, size: Size, viewport: Size): void {
    this.#moved = true;
    this.#position = clampPosition(point, size, viewport);
    this.#changed();
  }

  get step(): ActionStep | null {
    return this.#step;
  }

  /** True once the background answered at least once. */
  get loaded(): boolean {
    return this.#loaded;
  }

  get expanded(): boolean {
    return this.#expanded;
  }

  /**
   * "Connect to see your action step": only while the extension is neither paired nor holding a
   * step of its own, and not on a site where the teacher dismissed it.
   */
  get showsPairHint(): boolean {
    return this.#loaded && this.#unpaired && this.#step === null && this.#hintDismissed === false;
  }

  /** Hides the hint on this site, now and on every later visit. */
  async dismissPairHint(): Promise<void> {
    this.#hintDismissed = true;
    this.#changed();
    const sites = await this.#dismissedSites();
    if (sites.includes(this.#site)) return;
    await this.#dismissals.setValue([...sites, this.#site].slice(-MAX_DISMISSED_SITES));
  }

  /** The hint's button: the background opens the options page (a content script cannot). */
  async openOptions(): Promise<void> {
    try {
      await this.#send({ type: 'open-options' });
    } catch {
      // Extension reloaded: nothing to open from this page any more.
    }
  }

  async #dismissedSites(): Promise<string[]> {
    const value = await this.#dismissals.getValue().catch(() => []);
    return Array.isArray(value) ? value.filter((site): site is string => typeof site === 'string') : [];
  }

  /** Reads the dismissals once, the first time the hint could show: most pages never need them. */
  #checkDismissal(): void {
    if (this.#hintDismissed !== null || this.#readingDismissals) return;
    if (!this.#unpaired || this.#step !== null) return;
    this.#readingDismissals = true;
    void this.#dismissedSites().then((sites) => {
      // A click on "hide" that beat storage wins.
      this.#hintDismissed ??= sites.includes(this.#site);
      this.#changed();
    });
  }

  toggle(): void {
    this.#touched = true;
    this.#expanded = !this.#expanded;
    this.#changed();
    void this.#collapsed.setValue(!this.#expanded);
  }

  async refresh(): Promise<void> {
    const ticket = ++this.#issued;
    let reply: unknown;
    try {
      reply = await this.#send({ type: 'get-overview' });
    } catch {
      // Extension reloaded or worker starting: keep what is shown; the next revision retries.
      return;
    }
    const parsed = readStepReply(reply);
    // Replies can arrive out of order; an older one must not overwrite a newer step.
    if (!parsed.ok || ticket <= this.#applied) return;
    this.#applied = ticket;
    this.#step = parsed.step;
    this.#unpaired = parsed.unpaired;
    this.#loaded = true;
    this.#checkDismissal();
    this.#changed();
  }

  connect(signal: AbortSignal): void {
    if (signal.aborted) return;
    const unwatch = this.#revision.watch(() => void this.refresh());
    signal.addEventListener('abort', unwatch, { once: true });
    void this.refresh();
    void this.#collapsed.getValue().then((collapsed) => {
      // A click that beat storage wins over the remembered choice.
      if (this.#touched || collapsed !== true) return;
      this.#expanded = false;
      this.#changed();
    });
    void this.#positions.load().then((position) => {
      if (this.#moved || signal.aborted || !position) return;
      this.#position = position;
      this.#changed();
    });
  }
}
