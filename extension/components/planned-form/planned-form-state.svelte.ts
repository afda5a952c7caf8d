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
  #status = $state('');
  #error = $state<string | null>(null);
  #recent = $state<StoredCheckIn[]>([]);
  #saving = $state(false);
  readonly #overview: OverviewState;
  readonly #store: CheckInStore;

  constructor(overview: OverviewState, store: CheckInStore = browserStore) {
    this.#overview = overview;
    this.#store = store;
  }

  get status(): string {
    return this.#status;
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
    this.#status = '';
    if (this.remaining < 0) {
      this.#error = `Keep the note to ${MAX_NOTE_CHARS} characters (${-this.remaining} too many).`;
      return;
    }
    this.#saving = true;
    try {
      const entry = await this.#store.add({ note: this.note, actionStepId: this.#overview.step?.id ?? null });
      this.#error = null;
      this.note = '';
      // The background decides: 'pending' when this browser is paired, 'local' when not.
      this.#status =
        entry.state === 'pending'
          ? 'Ticked: planned for this. It goes to your coach when you are online.'
          : 'Ticked: planned for this. Kept in this browser.';
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
