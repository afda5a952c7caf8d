import { DomainError } from '../../../shared/domain/errors.ts';
import {
  addCheckIn,
  MAX_NOTE_CHARS,
  readCheckIns,
  watchCheckIns,
  type NewCheckIn,
  type StoredCheckIn,
} from '../../services/check-ins.ts';
import { reportError } from '../../errors.ts';
import type { OverviewState } from '../../state/overview-state.svelte.ts';

export interface CheckInStore {
  add(input: NewCheckIn): Promise<StoredCheckIn>;
  read(): Promise<StoredCheckIn[]>;
  watch(callback: () => void): () => void;
}

const browserStore: CheckInStore = {
  add: (input) => addCheckIn(input),
  read: readCheckIns,
  watch: watchCheckIns,
};

/**
 * "I planned for this": a tick and an optional line, for the popup and the side panel. The note
 * is the teacher's own words; nothing is read from any page. The background keeps it, and sends
 * it to the coach when paired.
 */
export class PlannedFormState {
  note = $state('');
  /** The tick just made: its status line follows it (waiting, sent, refused). */
  #lastId = $state<string | null>(null);
  #status = $state('');
  #error = $state<string | null>(null);
  #recent = $state<StoredCheckIn[]>([]);
  #saving = $state(false);
  readonly #overview: OverviewState;
  readonly #store: CheckInStore;

  readonly #online: () => boolean;

  constructor(
    overview: OverviewState,
    store: CheckInStore = browserStore,
    online: () => boolean = () => globalThis.navigator?.onLine ?? true,
  ) {
    this.#overview = overview;
    this.#store = store;
    this.#online = online;
  }

  /** What happened to the last tick, as it stands now (the list updates when the background sends it). */
  get status(): string {
    const last = this.#recent.find((entry) => entry.id === this.#lastId);
    if (!last) return this.#status;
    if (last.state === 'sent') return 'Ticked: planned for this. Your coach has it.';
    if (last.state === 'local') return 'Ticked: planned for this. Kept in this browser.';
    if (last.state === 'refused')
      return `Ticked, but your coach's tool refused it: ${last.error ?? 'no reason given'}.`;
    return this.#online()
      ? 'Ticked: planned for this. Sending it to your coach…'
      : 'Ticked: planned for this. It goes to your coach when you are back online.';
  }
  get error(): string | null {
    return this.#error;
  }
  get recent(): StoredCheckIn[] {
    return this.#recent;
  }
  get saving(): boolean {
    return this.#saving;
  }
  get remaining(): number {
    return MAX_NOTE_CHARS - this.note.trim().length;
  }

  connect(signal: AbortSignal): void {
    if (signal.aborted) return;
    const unwatch = this.#store.watch(() => void this.#load());
    signal.addEventListener('abort', unwatch, { once: true });
    void this.#load();
  }

  async #load(): Promise<void> {
    try {
      this.#recent = await this.#store.read();
    } catch (error) {
      reportError('check-ins', error);
    }
  }

  async submit(): Promise<void> {
    // A second press while the first is being kept is the same tick, not another one.
    if (this.#saving) return;
    this.#status = '';
    this.#lastId = null;
    if (this.remaining < 0) {
      this.#error = `Keep the note to ${MAX_NOTE_CHARS} characters (${-this.remaining} too many).`;
      return;
    }
    this.#saving = true;
    try {
      const entry = await this.#store.add({ note: this.note, actionStepId: this.#overview.step?.id ?? null });
      this.#error = null;
      this.note = '';
      // The background decides: 'pending' when this browser is paired, 'local' when not; the
      // status line then follows the entry as the background sends it.
      this.#lastId = entry.id;
      await this.#load();
    } catch (error) {
      const invalid = error instanceof DomainError && error.code === 'invalid-input';
      this.#error = invalid ? 'That note cannot be saved.' : 'Could not save the tick. Try again.';
      if (!invalid) reportError('check-in', error);
    } finally {
      this.#saving = false;
    }
  }
}
