import * as v from 'valibot';
import {
  draftContent,
  nextSavedAt,
  reconcileDrafts,
  requestJson,
  SyncError,
  type Clock,
  type DraftAudio,
  type DraftStore,
  type HttpTransportOptions,
  type IdSource,
  type PracticeDraft,
} from '../../../../shared/data/index.ts';
import {
  RoundSubmissionSchema,
  type CriterionJudgement,
  type PracticeRound,
  type RoundSubmission,
} from '../../../../shared/domain/coaching/practice.ts';
import {
  DraftResponseSchema,
  PRACTICE_API,
  RoundResponseSchema,
  type Draft,
} from '../../../../shared/protocol/practice-api.ts';
import { describeError } from '../../api.ts';
import type { MediaUrls } from '../../components/media/index.ts';
import { uploadMedia } from '../../media-client.ts';
import { practiceStrings } from '../../strings.ts';
import type { Recording, SetTimer } from '../../components/recorder/index.ts';

const t = practiceStrings.round;

/** Typing pauses this long before the draft is written (pagehide and hiding the tab write at once). */
export const AUTOSAVE_DELAY_MS = 500;

/** `idle`: nothing typed yet; `local`: on this device only; `synced`: the server has it too; `unsaved`: neither. */
export type DraftStatus = 'idle' | 'local' | 'synced' | 'unsaved';

export type SubmitState =
  { status: 'idle' } | { status: 'sending' } | { status: 'failed'; message: string; canRetry: boolean };

export interface RoundErrors {
  rehearsal: string | null;
  /** One per success criterion. */
  criteria: (string | null)[];
}

export interface RoundDraftDeps {
  api: HttpTransportOptions;
  linkKey: string;
  /** `draftKey(storageKey, linkKey)`. */
  draftKey: string;
  /** The device's draft store, opened once; null when this browser refuses storage. */
  store: () => Promise<DraftStore | null>;
  clock: Clock;
  ids: IdSource;
  setTimer: SetTimer;
  media: MediaUrls;
  criteria: readonly string[];
}

/** Both saved copies of a draft, read while the practice data loads. */
export interface SavedDrafts {
  local: PracticeDraft | null;
  remote: Draft | null;
}

/** Reads this device's draft and the server's; either failing counts as "none". */
export async function loadSavedDrafts(
  deps: Pick<RoundDraftDeps, 'api' | 'linkKey' | 'draftKey' | 'store'>,
  signal?: AbortSignal,
): Promise<SavedDrafts> {
  const local = (async () => {
    try {
      return (await (await deps.store())?.load(deps.draftKey)) ?? null;
    } catch (error) {
      console.error(error);
      return null;
    }
  })();
  const remote = requestJson(
    deps.api,
    PRACTICE_API.draft(deps.linkKey),
    { method: 'GET', signal },
    DraftResponseSchema,
  ).then(
    (response) => response.draft,
    () => null,
  );
  const [localDraft, remoteDraft] = await Promise.all([local, remote]);
  return { local: localDraft, remote: remoteDraft };
}

const noErrors = (count: number): RoundErrors => ({ rehearsal: null, criteria: Array(count).fill(null) });

/**
 * The round being rehearsed: script, recording and self-assessment. Every edit is written to
 * this device (debounced), then the text part to the server; a failure of either never
 * blocks the other or the trainee. The round id is fixed when the draft starts, so every
 * submit of it (double click, retry after a lost response) is the same round.
 */
export class RoundDraftState {
  readonly #deps: RoundDraftDeps;
  #savedAt = '';
  #dirty = false;
  /** False until the first edit: an untouched fresh draft is not worth storing. */
  #touched = false;
  #cancelSave: (() => void) | null = null;
  #queue: Promise<void> = Promise.resolve();
  #uploadedAudioId: string | null = null;

  #roundId = $state('');
  #script = $state('');
  #judgements = $state.raw<(CriterionJudgement | null)[]>([]);
  #audio = $state.raw<DraftAudio | null>(null);
  #status = $state<DraftStatus>('idle');
  /** Edits not yet written to this device: the status line says so through `data-pending`. */
  #pending = $state(false);
  #errors = $state.raw<RoundErrors>({ rehearsal: null, criteria: [] });
  #submit = $state.raw<SubmitState>({ status: 'idle' });

  constructor(deps: RoundDraftDeps) {
    this.#deps = deps;
    this.#reset();
  }

  get roundId(): string {
    return this.#roundId;
  }
  get script(): string {
    return this.#script;
  }
  get judgements(): readonly (CriterionJudgement | null)[] {
    return this.#judgements;
  }
  get audio(): DraftAudio | null {
    return this.#audio;
  }
  get status(): DraftStatus {
    return this.#status;
  }
  get pending(): boolean {
    return this.#pending;
  }
  get errors(): RoundErrors {
    return this.#errors;
  }
  get submitState(): SubmitState {
    return this.#submit;
  }
  get sending(): boolean {
    return this.#submit.status === 'sending';
  }
  /** Where to move focus after a refused submit: the script, a criterion's index, or nothing. */
  get firstInvalid(): 'script' | number | null {
    if (this.#errors.rehearsal) return 'script';
    const index = this.#errors.criteria.findIndex((error) => error !== null);
    return index === -1 ? null : index;
  }

  /**
   * Continues the newest saved copy (see reconcileDrafts). A copy whose round is already in
   * `rounds` was submitted (the response or the clean-up got lost): it is dropped, not resumed.
   */
  async restore(saved: SavedDrafts, rounds: readonly Pick<PracticeRound, 'id'>[]): Promise<void> {
    const submitted = (roundId: string) => rounds.some((round) => round.id === roundId);
    const local = saved.local && !submitted(saved.local.roundId) ? saved.local : null;
    const remote = saved.remote && !submitted(saved.remote.content.roundId) ? saved.remote : null;
    if (saved.local && !local) await this.#deleteLocal();
    // Fire and forget: #deleteRemote never rejects, and restoring need not wait for the server.
    if (saved.remote && !remote) void this.#deleteRemote();
    const draft = reconcileDrafts(local, remote);
    if (!draft) return;
    const count = this.#deps.criteria.length;
    this.#roundId = draft.roundId;
    this.#script = draft.script;
    this.#judgements = Array.from({ length: count }, (_, index) => draft.selfAssessment[index] ?? null);
    this.#audio = draft.audio;
    if (draft.audio) this.#deps.media.adopt(draft.audio.id, draft.audio.blob);
    this.#savedAt = draft.savedAt;
    this.#dirty = draft.dirty;
    this.#touched = true;
    this.#status = draft.dirty ? 'local' : 'synced';
    // The winner may be the server's copy, or newer than the server's: store it everywhere.
    void this.#enqueue(() => this.#persist());
  }

  setScript(text: string): void {
    if (this.sending) return;
    this.#script = text;
    if (this.#errors.rehearsal) this.#errors = { ...this.#errors, rehearsal: null };
    this.#changed();
  }

  judge(index: number, judgement: CriterionJudgement): void {
    if (this.sending || index < 0 || index >= this.#deps.criteria.length) return;
    this.#judgements = this.#judgements.map((current, i) => (i === index ? judgement : current));
    if (this.#errors.criteria[index]) {
      this.#errors = {
        ...this.#errors,
        criteria: this.#errors.criteria.map((error, i) => (i === index ? null : error)),
      };
    }
    this.#changed();
  }

  /** A new recording replaces the old one; null discards it. Written to this device at once. */
  setAudio(recording: Recording | null): void {
    if (this.sending) return;
    const previous = this.#audio;
    if (previous) this.#deps.media.release(previous.id);
    this.#audio = recording
      ? {
          id: this.#deps.ids.newId(),
          blob: recording.blob,
          type: recording.type,
          durationMs: recording.durationMs,
        }
      : null;
    if (this.#audio) {
      this.#deps.media.adopt(this.#audio.id, this.#audio.blob);
      if (this.#errors.rehearsal) this.#errors = { ...this.#errors, rehearsal: null };
    }
    this.#changed();
    void this.flush();
  }

  /** Writes the draft now (pagehide, tab hidden, before submit). */
  flush(): Promise<void> {
    this.#cancelSave?.();
    this.#cancelSave = null;
    return this.#enqueue(() => this.#persist());
  }

  /** Sends the text part again if the server does not have it yet (e.g. back online). */
  syncNow(): Promise<void> {
    return this.#dirty ? this.flush() : Promise.resolve();
  }

  /** Stops the autosave timer; call flush() first to keep what was typed. */
  dispose(): void {
    this.#cancelSave?.();
    this.#cancelSave = null;
  }

  /**
   * Uploads the recording (if any), then the round. On success the draft is deleted here and
   * on the server and a fresh one (new round id) starts; returns the stored round. On failure
   * the draft stays and `submitState` says why; the next submit uses the same round id.
   */
  async submit(signal?: AbortSignal): Promise<PracticeRound | null> {
    if (this.sending) return null;
    const submission = this.#validate();
    if (!submission) return null;
    this.#submit = { status: 'sending' };
    try {
      await this.flush();
      const audio = this.#audio;
      if (audio && this.#uploadedAudioId !== audio.id) {
        await uploadMedia(this.#deps.api, audio.id, audio.blob, { signal });
        this.#uploadedAudioId = audio.id;
      }
      const { round } = await requestJson(
        this.#deps.api,
        PRACTICE_API.rounds,
        { method: 'POST', body: submission, signal },
        RoundResponseSchema,
      );
      this.#submit = { status: 'idle' };
      this.#startNext();
      return round;
    } catch (error) {
      if (signal?.aborted) {
        this.#submit = { status: 'idle' };
        return null;
      }
      const rejected = error instanceof SyncError && error.reason === 'rejected';
      this.#submit = {
        status: 'failed',
        message: rejected ? t.rejected(error.message) : t.notSent(describeError(error)),
        canRetry: !(error instanceof SyncError) || error.retriable,
      };
      return null;
    }
  }

  #validate(): RoundSubmission | null {
    const rehearsal = this.#script.trim() || this.#audio ? null : t.needRehearsal;
    const criteria = this.#deps.criteria.map((_, index) => (this.#judgements[index] ? null : t.judgeEach));
    this.#errors = { rehearsal, criteria };
    if (rehearsal || criteria.some((error) => error !== null)) return null;
    const parsed = v.safeParse(RoundSubmissionSchema, {
      id: this.#roundId,
      linkKey: this.#deps.linkKey,
      rehearsal: { script: this.#script, audioId: this.#audio?.id ?? null },
      selfAssessment: this.#judgements,
    });
    if (!parsed.success) {
      this.#errors = { rehearsal: parsed.issues[0].message, criteria };
      return null;
    }
    return parsed.output;
  }

  #changed(): void {
    this.#savedAt = nextSavedAt(this.#savedAt, this.#deps.clock.now());
    this.#dirty = true;
    this.#touched = true;
    this.#pending = true;
    this.#cancelSave?.();
    this.#cancelSave = this.#deps.setTimer(() => {
      this.#cancelSave = null;
      void this.#enqueue(() => this.#persist());
    }, AUTOSAVE_DELAY_MS);
  }

  #snapshot(): PracticeDraft {
    return {
      roundId: this.#roundId,
      script: this.#script,
      selfAssessment: [...this.#judgements],
      audio: this.#audio,
      savedAt: this.#savedAt,
      dirty: this.#dirty,
    };
  }

  /** Saves and syncs run one at a time, in order. */
  #enqueue(job: () => Promise<void>): Promise<void> {
    const run = this.#queue.then(job);
    this.#queue = run.catch((error: unknown) => console.error(error));
    return this.#queue;
  }

  async #persist(): Promise<void> {
    if (!this.#touched) return;
    const snapshot = this.#snapshot();
    const store = await this.#deps.store().catch(() => null);
    let savedHere = false;
    if (store) {
      try {
        await store.save(this.#deps.draftKey, snapshot);
        savedHere = true;
      } catch (error) {
        console.error(error);
      }
    }
    // The status changes only when the situation does: a screen reader hears it once, not per pause.
    if (savedHere && this.#status !== 'synced' && this.#isCurrent(snapshot)) this.#status = 'local';
    if (savedHere && this.#isCurrent(snapshot) && !this.#cancelSave) this.#pending = false;
    const onServer = snapshot.dirty ? await this.#push(snapshot, store) : true;
    if (this.#isCurrent(snapshot)) {
      this.#status = onServer ? 'synced' : savedHere ? 'local' : 'unsaved';
    }
  }

  /** PUT the text part; the server keeps the newer copy and answers with it. True if it kept ours. */
  async #push(snapshot: PracticeDraft, store: DraftStore | null): Promise<boolean> {
    let kept: Draft | null;
    try {
      ({ draft: kept } = await requestJson(
        this.#deps.api,
        PRACTICE_API.draft(this.#deps.linkKey),
        { method: 'PUT', body: { content: draftContent(snapshot), savedAt: snapshot.savedAt } },
        DraftResponseSchema,
      ));
    } catch {
      return false; // Kept on this device; tried again on the next save or when back online.
    }
    if (!kept || Date.parse(kept.savedAt) !== Date.parse(snapshot.savedAt)) return false;
    await store?.markSynced(this.#deps.draftKey, snapshot.savedAt).catch(() => false);
    if (this.#isCurrent(snapshot)) this.#dirty = false;
    return true;
  }

  #isCurrent(snapshot: PracticeDraft): boolean {
    return snapshot.roundId === this.#roundId && snapshot.savedAt === this.#savedAt;
  }

  #reset(): void {
    this.#cancelSave?.();
    this.#cancelSave = null;
    this.#roundId = this.#deps.ids.newId();
    this.#script = '';
    this.#judgements = Array(this.#deps.criteria.length).fill(null);
    this.#audio = null;
    this.#savedAt = '';
    this.#dirty = false;
    this.#pending = false;
    this.#touched = false;
    this.#uploadedAudioId = null;
    this.#status = 'idle';
    this.#errors = noErrors(this.#deps.criteria.length);
  }

  /** After a submit: forget the sent draft everywhere and start the next round. */
  #startNext(): void {
    this.#reset();
    void this.#enqueue(async () => {
      await this.#deleteLocal();
      await this.#deleteRemote();
    });
  }

  async #deleteLocal(): Promise<void> {
    try {
      await (await this.#deps.store())?.delete(this.#deps.draftKey);
    } catch (error) {
      console.error(error);
    }
  }

  /** Best effort: a leftover server copy of a submitted round is dropped on the next load. */
  #deleteRemote(): Promise<void> {
    return requestJson(
      this.#deps.api,
      PRACTICE_API.draft(this.#deps.linkKey),
      { method: 'DELETE' },
      DraftResponseSchema,
    ).then(
      () => undefined,
      () => undefined,
    );
  }
}
