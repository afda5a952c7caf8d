import type { CoachFeedbackItem } from '../../../shared/protocol/api.ts';
import { readCoachFeedback } from '../../services/coach-feedback.ts';
import { reportError } from '../../errors.ts';
import { coachFeedbackItem } from '../../storage.ts';

/**
 * "Recent feedback from your coach": what the background last fetched (services/coach-feedback.ts),
 * read from storage so the panel works offline. Unreadable stored data shows as none.
 */
export class CoachFeedbackState {
  #items = $state<CoachFeedbackItem[]>([]);

  get items(): CoachFeedbackItem[] {
    return this.#items;
  }

  connect(signal: AbortSignal): void {
    if (signal.aborted) return;
    const unwatch = coachFeedbackItem.watch(() => void this.#load());
    signal.addEventListener('abort', unwatch, { once: true });
    void this.#load();
  }

  async #load(): Promise<void> {
    try {
      this.#items = (await readCoachFeedback())?.feedback ?? [];
    } catch (error) {
      reportError('coach feedback', error);
    }
  }
}
