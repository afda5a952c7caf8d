import {
  createDraftStore,
  draftKey,
  openCoachingDb,
  randomIds,
  requestJson,
  systemClock,
  type Clock,
  type CoachingDb,
  type DraftStore,
  type HttpTransportOptions,
  type IdSource,
} from '../../../../shared/data/index.ts';
import type { ActionStep } from '../../../../shared/domain/coaching/action-step.ts';
import type { CoachingModule } from '../../../../shared/domain/coaching/module.ts';
import {
  securedPerRound,
  type CheckIn,
  type PracticeRound,
  type Reflection,
} from '../../../../shared/domain/coaching/practice.ts';
import { pageSearch } from '../../../../shared/protocol/paging.ts';
import {
  PRACTICE_API,
  PracticeCheckInsPageSchema,
  PracticeReflectionsPageSchema,
  PracticeResponseSchema,
  PracticeRoundsPageSchema,
} from '../../../../shared/protocol/practice-api.ts';
import { apiOptions, describeError } from '../../api.ts';
import { callJson } from '../../api-call.ts';
import type { Bootstrap } from '../../bootstrap.ts';
import { browserObjectUrls, MediaUrls, type ObjectUrlPort } from '../../components/media/index.ts';
import { PagedList } from '../../components/paged-list/index.ts';
import { practiceStrings as t } from '../../strings.ts';
import {
  AudioRecorderState,
  browserTimer,
  createMediaRecorderPort,
  isInFrame,
  type RecorderPort,
  type SetTimer,
} from '../../components/recorder/index.ts';
import { ReflectionFormState } from './reflection-form-state.svelte.ts';
import { loadSavedDrafts, RoundDraftState } from './round-draft-state.svelte.ts';

export interface PracticePageDeps {
  fetch?: typeof fetch;
  clock?: Clock;
  ids?: IdSource;
  /** Runs `callback` after `ms`; returns a cancel function. Tests fire timers by hand. */
  setTimer?: SetTimer;
  openDb?: (name: string) => Promise<CoachingDb>;
  /** The microphone; tests inject a fake (jsdom has no MediaRecorder). */
  recorder?: RecorderPort;
  objectUrls?: ObjectUrlPort;
  /** Whether the page is inside a frame (an LMS); decides the "open in a new window" tip. */
  inFrame?: boolean;
}

export type PracticeLoad =
  | { status: 'loading' }
  | { status: 'ready' }
  | { status: 'failed'; message: string }
  | { status: 'no-activity' };

/** The IndexedDB name for one user in one course: the same database the coach page uses. */
export function practiceDbName(storageKey: string): string {
  return `coaching-lti-${storageKey}`;
}

const newestFirst = (rounds: readonly PracticeRound[]): PracticeRound[] =>
  [...rounds].sort((a, b) => b.roundNumber - a.roundNumber);

const byId = (entry: { id: string }) => entry.id;

/**
 * The trainee's practice page for one embedded module: the module, the round being
 * rehearsed (a draft that survives reloads), every round so far with feedback, check-ins
 * and reflections.
 */
export class PracticePageState {
  readonly api: HttpTransportOptions;
  readonly media: MediaUrls;
  readonly recorder: AudioRecorderState;
  readonly linkKey: string | null;
  readonly #moduleId: string | null;
  readonly #storageKey: string;
  readonly #clock: Clock;
  readonly #ids: IdSource;
  readonly #setTimer: SetTimer;
  readonly #openDb: (name: string) => Promise<CoachingDb>;
  #store: Promise<DraftStore | null> | null = null;

  #load = $state.raw<PracticeLoad>({ status: 'loading' });
  #module = $state.raw<CoachingModule | null>(null);
  /** Newest first, a page at a time; the same three lists live across reloads of the page's data. */
  readonly roundPages: PagedList<PracticeRound>;
  readonly checkInPages: PagedList<CheckIn>;
  readonly reflectionPages: PagedList<Reflection>;
  #currentStep = $state.raw<ActionStep | null>(null);
  /** How many days the server keeps recordings; null when it does not say. */
  #recordingRetentionDays = $state<number | null>(null);
  #draft = $state.raw<RoundDraftState | null>(null);
  #reflection = $state.raw<ReflectionFormState | null>(null);
  #announcement = $state('');

  #rounds = $derived.by(() => newestFirst(this.roundPages.items));
  #points = $derived(securedPerRound(this.#rounds));
  /** The newest round the coach gave feedback on: it leads the page. */
  #latestFeedback = $derived(
    this.#rounds.find(
      (round): round is PracticeRound & { feedback: NonNullable<PracticeRound['feedback']> } =>
        round.feedback !== null,
    ) ?? null,
  );
  /** Shown beside the submit button once a round is sent, so it is seen where the trainee looks. */
  #sentMessage = $state('');
  // The first page holds the newest round, so the loaded ones always include the highest number.
  #nextRoundNumber = $derived(this.#rounds.reduce((max, round) => Math.max(max, round.roundNumber), 0) + 1);

  constructor(bootstrap: Bootstrap, deps: PracticePageDeps = {}) {
    this.api = apiOptions(bootstrap, deps.fetch);
    this.linkKey = bootstrap.activity?.linkKey ?? null;
    this.#moduleId = bootstrap.activity?.moduleId ?? null;
    this.#storageKey = bootstrap.storageKey;
    this.#clock = deps.clock ?? systemClock;
    this.#ids = deps.ids ?? randomIds;
    this.#setTimer = deps.setTimer ?? browserTimer;
    this.#openDb = deps.openDb ?? openCoachingDb;
    this.media = new MediaUrls(this.api, deps.objectUrls ?? browserObjectUrls);
    const linkKey = this.linkKey ?? '';
    this.roundPages = new PagedList({
      key: byId,
      fetchPage: async (after, signal) => {
        const page = await callJson(
          this.api,
          `${PRACTICE_API.practiceRounds(linkKey)}?${pageSearch({ after })}`,
          { method: 'GET', signal },
          PracticeRoundsPageSchema,
        );
        return { items: page.rounds, next: page.next };
      },
    });
    this.checkInPages = new PagedList({
      key: byId,
      fetchPage: async (after, signal) => {
        const page = await callJson(
          this.api,
          `${PRACTICE_API.practiceCheckIns(linkKey)}?${pageSearch({ after })}`,
          { method: 'GET', signal },
          PracticeCheckInsPageSchema,
        );
        return { items: page.checkIns, next: page.next };
      },
    });
    this.reflectionPages = new PagedList({
      key: byId,
      fetchPage: async (after, signal) => {
        const page = await callJson(
          this.api,
          `${PRACTICE_API.practiceReflections(linkKey)}?${pageSearch({ after })}`,
          { method: 'GET', signal },
          PracticeReflectionsPageSchema,
        );
        return { items: page.reflections, next: page.next };
      },
    });
    this.recorder = new AudioRecorderState({
      recorder: deps.recorder ?? createMediaRecorderPort(),
      clock: this.#clock,
      setTimer: this.#setTimer,
      inFrame: deps.inFrame ?? isInFrame(),
      onrecorded: (recording) => this.#draft?.setAudio(recording),
    });
  }

  get load(): PracticeLoad {
    return this.#load;
  }
  get module(): CoachingModule | null {
    return this.#module;
  }
  /** Newest first: the pages loaded so far (roundPages loads earlier ones). */
  get latestFeedback() {
    return this.#latestFeedback;
  }
  get sentMessage(): string {
    return this.#sentMessage;
  }
  get rounds(): readonly PracticeRound[] {
    return this.#rounds;
  }
  get currentStep(): ActionStep | null {
    return this.#currentStep;
  }
  get recordingRetentionDays(): number | null {
    return this.#recordingRetentionDays;
  }
  get draft(): RoundDraftState | null {
    return this.#draft;
  }
  get reflection(): ReflectionFormState | null {
    return this.#reflection;
  }
  get chartPoints(): { roundNumber: number; secured: number | null; total: number | null }[] {
    return this.#points;
  }
  get nextRoundNumber(): number {
    return this.#nextRoundNumber;
  }
  /** Text for the polite live region. */
  get announcement(): string {
    return this.#announcement;
  }
  get ids(): IdSource {
    return this.#ids;
  }

  /** Loads the module and this trainee's history and, alongside, both saved copies of the draft. */
  async start(signal?: AbortSignal): Promise<void> {
    const linkKey = this.linkKey;
    if (!linkKey || !this.#moduleId) {
      this.#load = { status: 'no-activity' };
      return;
    }
    this.#load = { status: 'loading' };
    const key = draftKey(this.#storageKey, linkKey);
    const store = () => this.#openStore();
    const saved = loadSavedDrafts({ api: this.api, linkKey, draftKey: key, store }, signal);
    try {
      const data = await requestJson(
        this.api,
        PRACTICE_API.practice(linkKey),
        { method: 'GET', signal },
        PracticeResponseSchema,
      );
      this.#draft?.dispose();
      const draft = new RoundDraftState({
        api: this.api,
        linkKey,
        draftKey: key,
        store,
        clock: this.#clock,
        ids: this.#ids,
        setTimer: this.#setTimer,
        media: this.media,
        criteria: data.module.actionStep.successCriteria,
      });
      await draft.restore(await saved, data.rounds);
      if (signal?.aborted) return;
      this.#module = data.module;
      this.roundPages.reset({ items: data.rounds, next: data.next.rounds });
      this.checkInPages.reset({ items: data.checkIns, next: data.next.checkIns });
      this.reflectionPages.reset({ items: data.reflections, next: data.next.reflections });
      this.#currentStep = data.currentStep;
      this.#recordingRetentionDays = data.recordingRetentionDays ?? null;
      this.#reflection = new ReflectionFormState({
        api: this.api,
        ids: this.#ids,
        linkKey,
        entries: this.reflectionPages,
      });
      this.#draft = draft;
      this.#load = { status: 'ready' };
    } catch (error) {
      if (signal?.aborted) return;
      this.#load = { status: 'failed', message: describeError(error) };
    }
  }

  /** Saves the draft when the page is hidden or left, and syncs it when the network returns. */
  listen(target: { window: Window; document: Document }, signal: AbortSignal): void {
    const flush = () => void this.#draft?.flush();
    target.window.addEventListener('pagehide', flush, { signal });
    target.document.addEventListener(
      'visibilitychange',
      () => {
        if (target.document.visibilityState === 'hidden') flush();
      },
      { signal },
    );
    target.window.addEventListener('online', () => void this.#draft?.syncNow(), { signal });
  }

  /** Sends the round; on success it joins the timeline and a fresh draft starts. */
  async submitRound(signal?: AbortSignal): Promise<boolean> {
    const draft = this.#draft;
    if (!draft) return false;
    this.#sentMessage = '';
    const round = await draft.submit(signal);
    if (!round) return false;
    this.roundPages.prepend(round);
    // A visible status beside the button (a live region, so it is heard there too).
    this.#sentMessage = t.announce.submitted(round.roundNumber);
    return true;
  }

  /** Says so in the live region once a reflection is saved. */
  reflectionSaved(): void {
    this.#announce(t.announce.reflectionSaved);
  }

  discardRecording(): void {
    this.#draft?.setAudio(null);
  }

  /** The page is going away: keep what was typed, stop the microphone, free object URLs. */
  dispose(): void {
    const draft = this.#draft;
    if (draft) {
      void draft.flush();
      draft.dispose();
    }
    this.recorder.dispose();
    this.media.dispose();
  }

  #openStore(): Promise<DraftStore | null> {
    this.#store ??= this.#openDb(practiceDbName(this.#storageKey)).then(
      (db) => createDraftStore(db),
      (error: unknown) => {
        console.error(error);
        return null;
      },
    );
    return this.#store;
  }

  #announce(message: string): void {
    this.#announcement = this.#announcement === message ? `${message}\u00a0` : message;
  }
}
