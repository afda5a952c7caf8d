import { browser } from 'wxt/browser';
import type { ActionStep } from '../../../shared/domain/coaching/action-step.ts';
import type { ExtensionRequest } from '../../../shared/protocol/messages.ts';
import {
  overlayCollapsedValue,
  overlayPositionsValue,
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
/** Sends one request to the background; the reply is checked by `readStepReply`, so it is unknown here. */
export type OverlaySend = (request: ExtensionRequest) => Promise<unknown>;

const sendToBackground: OverlaySend = (request) => browser.runtime.sendMessage(request);

/**
 * The overlay's step (asked of the background, never read from IndexedDB or the page), whether
 * the teacher has it open (card) or closed (pill; the keyboard shortcut toggles it too), and
 * where they dragged it on this site. Plain fields and one change callback, no framework: this
 * runs inside every lesson-planning page (see overlay-view.ts).
 */
export class OverlayState {
  #step: ActionStep | null = null;
  #loaded = false;
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

  constructor(
    deps: {
      send?: OverlaySend;
      collapsed?: Flag;
      revision?: Watchable;
      /** Positions are remembered per site; defaults to this page's hostname. */
      positions?: PositionStore;
    } = {},
  ) {
    this.#send = deps.send ?? sendToBackground;
    this.#collapsed = deps.collapsed ?? overlayCollapsedValue;
    this.#revision = deps.revision ?? stepRevisionValue;
    this.#positions = deps.positions ?? createPositionStore(overlayPositionsValue, location.hostname);
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
    this.#loaded = true;
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
