import {
  requestJson,
  type Clock,
  type CycleRecordRepository,
  type HttpTransportOptions,
  type IdSource,
  type LocalCycleRecord,
} from '../../../../shared/data/index.ts';
import type { ActionStep } from '../../../../shared/domain/coaching/action-step.ts';
import type { CoachingRhythm } from '../../../../shared/domain/coaching/cycle.ts';
import {
  CaseloadResponseSchema,
  CYCLE_API,
  CycleStartSchema,
  PlanObservationSchema,
  RhythmRequestSchema,
  type CaseloadEntry,
  type CaseloadResponse,
  type CycleStart,
} from '../../../../shared/protocol/cycle-api.ts';
import { describeError } from '../../api.ts';
import { isAbort } from '../../api-call.ts';
import { cycleStrings as t } from '../../strings/cycle.ts';
import type { SyncOutcome } from './coach-page-state.svelte.ts';
import { ModulePickerState } from './module-picker-state.svelte.ts';
import { browserObjectUrls, type ObjectUrlPort } from '../../components/media/index.ts';
import {
  AudioRecorderState,
  browserTimer,
  createMediaRecorderPort,
  isInFrame,
  type Recording,
  type RecorderPort,
  type SetTimer,
} from '../../components/recorder/index.ts';
import {
  conversationInput,
  fillFromModule,
  newConversationDraft,
  newObservationDraft,
  observationInput,
  readConversationDraft,
  readObservationDraft,
  type ConversationDraft,
  type ObservationDraft,
} from './cycle-forms.ts';

/** The browser's parts the cycle uses besides the page: tests inject fakes. */
export interface CycleDeps {
  clock: Clock;
  ids: IdSource;
  /** The microphone, for a model recorded in the meeting. */
  recorder?: RecorderPort;
  setTimer?: SetTimer;
  inFrame?: boolean;
  objectUrls?: ObjectUrlPort;
}

/** What the cycle needs of the coach page: its local database and its one sync loop. */
export interface CyclePagePort {
  cycleRecords(): Promise<CycleRecordRepository | null>;
  sync(signal?: AbortSignal): Promise<SyncOutcome>;
}

type OpenRecord =
  | {
      kind: 'observation';
      id: string;
      teacher: CaseloadEntry;
      step: ActionStep | null;
      draft: ObservationDraft;
    }
  | {
      kind: 'conversation';
      id: string;
      teacher: CaseloadEntry;
      step: ActionStep | null;
      draft: ConversationDraft;
    };

/**
 * The "This week" tab: the caseload, and the observation or conversation open on it. What the
 * coach types is kept on the device as they type (IndexedDB, through shared/data), and a save goes
 * through the page's outbox: on bad Wi-Fi nothing is lost, and it sends when the phone is back.
 */
export class CycleState {
  readonly #api: HttpTransportOptions;
  readonly #page: CyclePagePort;
  readonly #clock: Clock;
  readonly #ids: IdSource;
  readonly #objectUrls: ObjectUrlPort;
  /** The module library, for a next step (and its model) taken from a module. */
  readonly modules: ModulePickerState;
  /** The microphone, for a model the coach records in the conversation. */
  readonly recorder: AudioRecorderState;

  #status = $state<'loading' | 'ready' | 'failed'>('loading');
  #error = $state('');
  #caseload = $state.raw<CaseloadResponse | null>(null);
  #open = $state<OpenRecord | null>(null);
  #saving = $state(false);
  #message = $state('');
  #conflict = $state.raw<LocalCycleRecord['theirs']>(null);
  /** The record last saved while offline: "Send now" and coming back online send it. */
  #waiting = $state<string | null>(null);
  /** Probing questions the picked module suggests (its reflection prompts). */
  #suggestions = $state.raw<readonly string[]>([]);
  /** An object URL for the model recorded in the open conversation, to play it back. */
  #modelUrl = $state<string | null>(null);

  constructor(api: HttpTransportOptions, page: CyclePagePort, deps: CycleDeps) {
    this.#api = api;
    this.#page = page;
    this.#clock = deps.clock;
    this.#ids = deps.ids;
    this.#objectUrls = deps.objectUrls ?? browserObjectUrls;
    this.modules = new ModulePickerState(api);
    this.recorder = new AudioRecorderState({
      recorder: deps.recorder ?? createMediaRecorderPort(),
      clock: deps.clock,
      setTimer: deps.setTimer ?? browserTimer,
      inFrame: deps.inFrame ?? isInFrame(),
      onrecorded: (recording) => void this.keepModelRecording(recording),
    });
  }

  /** The open conversation's recorded model, for playback; null when there is none. */
  get modelUrl(): string | null {
    return this.#modelUrl;
  }

  /**
   * Keeps a model recorded in the meeting (or, with null, discards it): its bytes on this device
   * at once, apart from the text; the draft names it, and saving uploads it before the record.
   */
  async keepModelRecording(recording: Recording | null): Promise<void> {
    const open = this.#open;
    const repo = await this.#page.cycleRecords();
    if (open?.kind !== 'conversation' || !repo) return;
    const take = recording ? { id: this.#ids.newId(), blob: recording.blob } : null;
    await repo.keepRecording(open.id, take);
    if (this.#open !== open) return;
    this.#showModel(take?.blob ?? null);
    this.edit((draft) => {
      (draft as ConversationDraft).modelRecording =
        take && recording ? { id: take.id, type: recording.type, durationMs: recording.durationMs } : null;
    });
  }

  #showModel(blob: Blob | null): void {
    if (this.#modelUrl) this.#objectUrls.revoke(this.#modelUrl);
    this.#modelUrl = blob ? this.#objectUrls.create(blob) : null;
  }

  get status() {
    return this.#status;
  }
  get error() {
    return this.#error;
  }
  get caseload() {
    return this.#caseload;
  }
  get open() {
    return this.#open;
  }
  get saving() {
    return this.#saving;
  }
  /** The save's outcome, for the live region beside the save button. */
  get message() {
    return this.#message;
  }
  get suggestions(): readonly string[] {
    return this.#suggestions;
  }

  /** Adds a suggested probing question to the open conversation, one per line. */
  addProbe(question: string): void {
    this.edit((draft) => {
      const conversation = draft as ConversationDraft;
      const lines = conversation.probing.split('\n').filter((line) => line.trim());
      if (!lines.includes(question)) conversation.probing = [...lines, question].join('\n');
    });
  }

  /** Whether a save is waiting on this device for the connection to come back. */
  get waiting(): boolean {
    return this.#waiting !== null;
  }
  /** The other device's version while this record is in conflict. */
  get conflict() {
    return this.#conflict;
  }

  async load(signal?: AbortSignal): Promise<void> {
    try {
      this.#caseload = await requestJson(
        this.#api,
        CYCLE_API.caseload,
        { method: 'GET', signal },
        CaseloadResponseSchema,
      );
      this.#status = 'ready';
    } catch (error) {
      if (isAbort(error)) return;
      this.#error = describeError(error);
      if (!this.#caseload) this.#status = 'failed';
    }
  }

  async setRhythm(rhythm: CoachingRhythm, signal?: AbortSignal): Promise<void> {
    try {
      await requestJson(
        this.#api,
        CYCLE_API.rhythm,
        { method: 'PUT', body: { rhythm }, signal },
        RhythmRequestSchema,
      );
      this.#message = t.rhythmSaved;
      await this.load(signal);
    } catch (error) {
      if (!isAbort(error)) this.#message = describeError(error);
    }
  }

  /** Plans (or, with null, unplans) the next drop-in for a teacher. */
  async planObservation(teacherId: string, on: string | null, signal?: AbortSignal): Promise<void> {
    try {
      await requestJson(
        this.#api,
        CYCLE_API.plannedObservation(teacherId),
        { method: 'PUT', body: { on }, signal },
        PlanObservationSchema,
      );
      this.#message = on ? t.planned : t.unplanned;
      await this.load(signal);
    } catch (error) {
      if (!isAbort(error)) this.#message = describeError(error);
    }
  }

  /**
   * Opens an observation or a conversation with a teacher: a draft left on this device if there
   * is one, else a new one pre-filled from the server (or, offline, from the caseload).
   */
  async start(kind: OpenRecord['kind'], teacher: CaseloadEntry, signal?: AbortSignal): Promise<void> {
    this.#message = '';
    this.#conflict = null;
    this.#suggestions = [];
    const repo = await this.#page.cycleRecords();
    const local = (await repo?.forTeacher(teacher.teacherId))?.find(
      (record) => record.kind === kind && record.state !== 'sent',
    );
    let context: CycleStart = {
      step: teacher.step,
      lastObservation: null,
      lastConversation: null,
      suggestedProbes: [],
    };
    try {
      context = await requestJson(
        this.#api,
        CYCLE_API.cycleStart(teacher.teacherId),
        { method: 'GET', signal },
        CycleStartSchema,
      );
    } catch (error) {
      if (isAbort(error)) return;
      // Offline in a corridor: start from what the caseload already knows.
    }
    this.#suggestions = context.suggestedProbes;
    const now = this.#clock.now();
    const id = local?.id ?? this.#ids.newId();
    if (kind === 'observation') {
      const draft = (local && readObservationDraft(local.record)) ?? newObservationDraft(context.step, now);
      this.#open = { kind, id, teacher, step: context.step, draft };
    } else {
      const rhythm = this.#caseload?.rhythm ?? { kind: 'weekly' };
      const draft =
        (local && readConversationDraft(local.record)) ??
        newConversationDraft({ step: context.step, lastObservation: context.lastObservation, rhythm }, now);
      // A model recorded earlier on this phone comes back with its draft.
      const take = draft.modelRecording && (await repo?.recording(id, draft.modelRecording.id));
      if (!take) draft.modelRecording = null;
      this.#showModel(take ?? null);
      this.#open = { kind, id, teacher, step: context.step, draft };
    }
    if (local?.state === 'conflict') this.#showConflict(local);
    await this.#keepDraft();
  }

  /** Applies an edit to the open draft and keeps it on the device at once. */
  edit(change: (draft: OpenRecord['draft']) => void): void {
    if (!this.#open) return;
    change(this.#open.draft);
    // An edit after an offline save makes it a draft again: Save sends it when ready.
    if (this.#waiting === this.#open.id) {
      this.#waiting = null;
      this.#message = '';
    }
    void this.#keepDraft();
  }

  /** Fills the open conversation's next step from the module chosen in the picker. */
  async fillFromModule(signal?: AbortSignal): Promise<void> {
    const open = this.#open;
    if (open?.kind !== 'conversation') return;
    const module = await this.modules.fetchSelected(signal);
    if (!module) return;
    this.edit(() => fillFromModule(open.draft, module));
    this.#suggestions = module.reflectionPrompts;
    this.#message = t.filledFromModule(module.title);
  }

  /** A quick note, stamped with the time it was added. */
  addNote(): void {
    const open = this.#open;
    if (open?.kind !== 'observation' || !open.draft.noteText.trim()) return;
    const note = { at: this.#clock.now().toISOString(), text: open.draft.noteText.trim() };
    this.edit(() => {
      open.draft.notes.push(note);
      open.draft.noteText = '';
    });
  }

  async #keepDraft(): Promise<void> {
    const open = this.#open;
    if (!open) return;
    const repo = await this.#page.cycleRecords();
    await repo?.saveDraft({
      kind: open.kind,
      id: open.id,
      teacherId: open.teacher.teacherId,
      record: $state.snapshot(open.draft),
    });
  }

  /** Validates, queues in the outbox with the record, then syncs; says what happened next to the button. */
  async save(signal?: AbortSignal): Promise<void> {
    const open = this.#open;
    if (!open || this.#saving) return;
    const teacherId = open.teacher.teacherId;
    const checked =
      open.kind === 'observation'
        ? observationInput(teacherId, open.draft)
        : conversationInput(teacherId, open.draft, open.step);
    if (!checked.ok) {
      this.#message = t.invalid(checked.problem);
      return;
    }
    const repo = await this.#page.cycleRecords();
    if (!repo) return;
    this.#saving = true;
    try {
      await repo.submit({ kind: open.kind, id: open.id, teacherId }, checked.input);
      await this.#page.sync(signal);
      await this.#settle(repo, open.id, signal);
    } finally {
      this.#saving = false;
    }
  }

  /** Sends what waits on this device (the "Send now" button, or the browser coming back online). */
  async sendWaiting(signal?: AbortSignal): Promise<void> {
    const id = this.#waiting;
    const repo = await this.#page.cycleRecords();
    if (id === null || !repo) return;
    await this.#page.sync(signal);
    await this.#settle(repo, id, signal);
  }

  async #settle(repo: CycleRecordRepository, id: string, signal?: AbortSignal): Promise<void> {
    const record = await repo.get(id);
    this.#waiting = record?.state === 'queued' ? id : null;
    if (record?.state === 'sent') {
      this.#open = null;
      this.#showModel(null);
      this.#message = t.saved;
      await this.load(signal);
    } else if (record?.state === 'conflict') {
      this.#showConflict(record);
    } else if (record?.state === 'refused') {
      this.#message = t.refused(record.problem);
    } else {
      this.#message = t.savedOffline;
    }
  }

  #showConflict(record: LocalCycleRecord): void {
    this.#conflict = record.theirs;
    this.#message = t.conflict;
  }

  async resolve(choice: 'mine' | 'theirs', signal?: AbortSignal): Promise<void> {
    const open = this.#open;
    const repo = await this.#page.cycleRecords();
    if (!open || !repo) return;
    this.#conflict = null;
    if (choice === 'theirs') {
      await repo.takeTheirs(open.id);
      this.#open = null;
      this.#showModel(null);
      this.#message = t.saved;
      await this.load(signal);
      return;
    }
    await repo.keepMine(open.id);
    await this.#page.sync(signal);
    await this.#settle(repo, open.id, signal);
  }

  close(): void {
    this.recorder.dispose();
    this.#showModel(null);
    this.#open = null;
    this.#message = '';
    this.#conflict = null;
  }
}
