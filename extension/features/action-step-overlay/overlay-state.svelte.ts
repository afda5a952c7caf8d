import type { WxtStorageItem } from 'wxt/utils/storage';
import type { SendRequest } from '../../services/background-client.ts';
import { OverviewState } from '../../state/overview-state.svelte.ts';
import { overlayCollapsedItem } from '../../storage.ts';

type Flag = Pick<WxtStorageItem<boolean, Record<string, unknown>>, 'getValue' | 'setValue'>;

/** The overlay's step (from the background) and whether the teacher has it open. */
export class OverlayState {
  readonly overview: OverviewState;
  #expanded = $state(true);
  #touched = false;
  readonly #collapsed: Flag;

  constructor(deps: { send?: SendRequest; collapsed?: Flag } = {}) {
    this.overview = new OverviewState(deps.send);
    this.#collapsed = deps.collapsed ?? overlayCollapsedItem;
  }

  get step() {
    return this.overview.step;
  }

  get expanded(): boolean {
    return this.#expanded;
  }

  toggle(): void {
    this.#touched = true;
    this.#expanded = !this.#expanded;
    void this.#collapsed.setValue(!this.#expanded);
  }

  connect(signal: AbortSignal): void {
    this.overview.connect(signal);
    void this.#collapsed.getValue().then((collapsed) => {
      // A click that beat storage wins over the remembered choice.
      if (!this.#touched) this.#expanded = collapsed !== true;
    });
  }
}
