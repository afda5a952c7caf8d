import { SvelteMap, SvelteSet } from 'svelte/reactivity';
import type { Clock, HttpTransportOptions } from '../../../../shared/data/index.ts';
import {
  PRACTICE_API,
  ReviewQueueResponseSchema,
  RoundResponseSchema,
  type ReviewItem,
} from '../../../../shared/protocol/practice-api.ts';
import { describeError } from '../../api.ts';
import { reviewStrings as t } from '../../strings/review.ts';
import { ApiRefusal, callJson, isAbort, queryString } from '../../api-call.ts';
import type { FeedbackText } from './feedback-templates.ts';
import { FeedbackFormState } from './feedback-form-state.svelte.ts';
import { relativeTime } from './relative-time.ts';

/** How many rounds one request asks for; "Show more" asks for the next page. */
export const QUEUE_PAGE_SIZE = 25;

/** Turns a stored recording into something an `<audio>` can play (an object URL), after an authenticated GET. */
export type MediaUrlLoader = (options: HttpTransportOptions, id: string) => Promise<string>;

export type SendOutcome =
  | { kind: 'invalid' }
  | { kind: 'failed' }
  /** The item left the queue (sent, or someone else reviewed it, or it is gone); focus goes to `nextRoundId`. */
  | { kind: 'sent' | 'conflict' | 'gone'; nextRoundId: string | null };

export type Recording =
  { status: 'loading' } | { status: 'ready'; url: string } | { status: 'failed'; message: string };

/** A round that left the queue before this coach's feedback got there: say why, and keep what they typed. */
export interface QueueNotice {
  message: string;
  unsent: FeedbackText | null;
}

interface QueueDeps {
  clock: Clock;
  mediaObjectUrl: MediaUrlLoader;
  revokeObjectUrl: (url: string) => void;
}

/** Rounds waiting for this coach's feedback, oldest first, and a feedback draft per opened round. */
export class ReviewQueueState {
  readonly #api: HttpTransportOptions;
  readonly #deps: QueueDeps;
  #status = $state<'loading' | 'ready' | 'failed'>('loading');
  #error = $state('');
  #items = $state.raw<readonly ReviewItem[]>([]);
  #total = $state(0);
  #next = $state<string | null>(null);
  #loadingMore = $state(false);
  #open = new SvelteSet<string>();
  #forms = new SvelteMap<string, FeedbackFormState>();
  #sending = new SvelteSet<string>();
  #problems = new SvelteMap<string, string>();
  #recordings = new SvelteMap<string, Recording>();
  #notice = $state.raw<QueueNotice | null>(null);
  #announcement = $state('');

  constructor(api: HttpTransportOptions, deps: QueueDeps) {
    this.#api = api;
    this.#deps = deps;
  }

  get status(): 'loading' | 'ready' | 'failed' {
    return this.#status;
  }
  get error(): string {
    return this.#error;
  }
  get items(): readonly ReviewItem[] {
    return this.#items;
  }
  /** How many rounds are waiting in all, including those not loaded yet. */
  get total(): number {
    return this.#total;
  }
  get hasMore(): boolean {
    return this.#next !== null;
  }
  get loadingMore(): boolean {
    return this.#loadingMore;
  }
  get notice(): QueueNotice | null {
    return this.#notice;
  }
  get announcement(): string {
    return this.#announcement;
  }

  isOpen(roundId: string): boolean {
    return this.#open.has(roundId);
  }
  isSending(roundId: string): boolean {
    return this.#sending.has(roundId);
  }
  form(roundId: string): FeedbackFormState | null {
    return this.#forms.get(roundId) ?? null;
  }
  /** Why the last send of this round failed (offline, refused…); the draft is still there. */
  problem(roundId: string): string | null {
    return this.#problems.get(roundId) ?? null;
  }
  recording(roundId: string): Recording | null {
    return this.#recordings.get(roundId) ?? null;
  }
  /** `2 days ago`, from the injected clock. */
  submittedAgo(item: ReviewItem): string {
    return relativeTime(item.submittedAt, this.#deps.clock.now());
  }

  async load(signal?: AbortSignal): Promise<void> {
    this.#status = 'loading';
    try {
      const page = await this.#fetchPage(null, signal);
      this.#items = page.items;
      this.#total = page.total;
      this.#next = page.next;
      this.#status = 'ready';
    } catch (error) {
      if (isAbort(error)) return;
      this.#error = describeError(error);
      this.#status = 'failed';
    }
  }

  async loadMore(signal?: AbortSignal): Promise<void> {
    if (this.#next === null || this.#loadingMore) return;
    this.#loadingMore = true;
    try {
      const page = await this.#fetchPage(this.#next, signal);
      const known = this.#items.map((item) => item.roundId);
      this.#items = [...this.#items, ...page.items.filter((item) => !known.includes(item.roundId))];
      this.#total = page.total;
      this.#next = page.next;
    } catch (error) {
      if (!isAbort(error)) this.#announce(`${t.queueFailed} ${describeError(error)}`);
    } finally {
      this.#loadingMore = false;
    }
  }

  #fetchPage(after: string | null, signal?: AbortSignal) {
    return callJson(
      this.#api,
      `${PRACTICE_API.reviewQueue}?${queryString({ limit: String(QUEUE_PAGE_SIZE), after })}`,
      { method: 'GET', signal },
      ReviewQueueResponseSchema,
    );
  }

  /** Opens or closes a round; opening starts its draft (from the self-assessment) and loads its recording. */
  toggle(roundId: string, signal?: AbortSignal): void {
    if (this.#open.has(roundId)) {
      this.#open.delete(roundId);
      return;
    }
    const item = this.#items.find((candidate) => candidate.roundId === roundId);
    if (!item) return;
    this.#open.add(roundId);
    if (!this.#forms.has(roundId)) {
      this.#forms.set(roundId, new FeedbackFormState(item.successCriteria, item.selfAssessment));
    }
    if (item.audioId && !this.#recordings.has(roundId))
      void this.#loadRecording(roundId, item.audioId, signal);
  }

  async #loadRecording(roundId: string, audioId: string, signal?: AbortSignal): Promise<void> {
    this.#recordings.set(roundId, { status: 'loading' });
    try {
      const url = await this.#deps.mediaObjectUrl(this.#api, audioId);
      if (signal?.aborted || !this.#items.some((candidate) => candidate.roundId === roundId)) {
        this.#deps.revokeObjectUrl(url);
        return;
      }
      this.#recordings.set(roundId, { status: 'ready', url });
    } catch (error) {
      if (isAbort(error)) return;
      this.#recordings.set(roundId, { status: 'failed', message: describeError(error) });
    }
  }

  /** Tries the recording again after a failure. */
  retryRecording(roundId: string, signal?: AbortSignal): void {
    const item = this.#items.find((candidate) => candidate.roundId === roundId);
    if (item?.audioId) void this.#loadRecording(roundId, item.audioId, signal);
  }

  applyTemplate(roundId: string): void {
    const form = this.#forms.get(roundId);
    if (!form) return;
    form.applyTemplate();
    this.#announce(t.templateApplied);
  }

  undoTemplate(roundId: string): void {
    this.#forms.get(roundId)?.undoTemplate();
    this.#announce(t.templateUndone);
  }

  /** Validates, then posts the feedback. The draft survives every failure; the item leaves the queue when done. */
  async send(roundId: string, signal?: AbortSignal): Promise<SendOutcome> {
    const item = this.#items.find((candidate) => candidate.roundId === roundId);
    const form = this.#forms.get(roundId);
    if (!item || !form || this.#sending.has(roundId)) return { kind: 'failed' };
    const input = form.validate();
    if (!input) return { kind: 'invalid' };
    this.#sending.add(roundId);
    this.#problems.delete(roundId);
    try {
      await callJson(
        this.#api,
        PRACTICE_API.roundFeedback(roundId),
        { method: 'POST', body: input, signal },
        RoundResponseSchema,
      );
      this.#notice = null;
      this.#announce(t.sent(item.traineeName));
      return { kind: 'sent', nextRoundId: this.#remove(roundId) };
    } catch (error) {
      if (isAbort(error)) return { kind: 'failed' };
      if (error instanceof ApiRefusal && (error.status === 409 || error.status === 404)) {
        const conflict = error.status === 409;
        this.#notice = {
          message: conflict
            ? t.conflict(item.traineeName, item.roundNumber)
            : t.gone(item.traineeName, item.roundNumber),
          unsent: { ...form.values },
        };
        return { kind: conflict ? 'conflict' : 'gone', nextRoundId: this.#remove(roundId) };
      }
      const reason = describeError(error);
      this.#problems.set(roundId, error instanceof ApiRefusal ? t.rejected(reason) : t.sendFailed(reason));
      return { kind: 'failed' };
    } finally {
      this.#sending.delete(roundId);
    }
  }

  dismissNotice(): void {
    this.#notice = null;
  }

  /** Revokes every recording URL; the page calls this when it goes away. */
  dispose(): void {
    for (const recording of this.#recordings.values()) {
      if (recording.status === 'ready') this.#deps.revokeObjectUrl(recording.url);
    }
    this.#recordings.clear();
  }

  /** Drops a round from the queue and returns the round that takes its place (or the one before it). */
  #remove(roundId: string): string | null {
    const index = this.#items.findIndex((item) => item.roundId === roundId);
    if (index === -1) return null;
    const items = this.#items.filter((item) => item.roundId !== roundId);
    this.#items = items;
    this.#total = Math.max(0, this.#total - 1);
    this.#open.delete(roundId);
    this.#forms.delete(roundId);
    this.#problems.delete(roundId);
    const recording = this.#recordings.get(roundId);
    if (recording?.status === 'ready') this.#deps.revokeObjectUrl(recording.url);
    this.#recordings.delete(roundId);
    if (items.length === 0 && this.#next !== null) void this.loadMore();
    return (items[index] ?? items[index - 1])?.roundId ?? null;
  }

  #announce(message: string): void {
    // A trailing no-break space that alternates makes a repeated message count as a change.
    this.#announcement = this.#announcement === message ? `${message}\u00a0` : message;
  }
}
