import { browser } from 'wxt/browser';
import type { SendRequest } from '../../services/background-client.ts';
import { OverviewState } from '../../state/overview-state.svelte.ts';
import { describeSync } from '../../state/sync-status.ts';

export class PopupState {
  readonly overview: OverviewState;
  #actionError = $state<string | null>(null);
  status = $derived.by(() => this.#actionError ?? describeSync(this.overview.overview));

  constructor(send?: SendRequest) {
    this.overview = new OverviewState(send);
  }

  async syncNow(): Promise<void> {
    const response = await this.overview.run({ type: 'sync-now' });
    this.#actionError = response.ok ? null : response.error.message;
  }

  openOptions(): void {
    void browser.runtime.openOptionsPage();
  }
}
