import type { ObjectUrlPort } from '../../components/media/index.ts';
import type { RecorderPort, SetTimer } from '../../components/recorder/index.ts';
import { SvelteMap } from 'svelte/reactivity';
import {
  createActionStepRepository,
  createCycleRecordRepository,
  createHttpTransport,
  openCoachingDb,
  outboxSize,
  randomIds,
  requestJson,
  SyncError,
  syncOnce,
  systemClock,
  type ActionStepRepository,
  type Clock,
  type CoachingDb,
  type CycleRecordRepository,
  type HttpTransportOptions,
  type IdSource,
  type SyncTransport,
} from '../../../../shared/data/index.ts';
import { currentActionStep, type ActionStep } from '../../../../shared/domain/coaching/action-step.ts';
import {
  API,
  RosterResponseSchema,
  type RosterMember,
  type RosterNotice,
  type RosterResponse,
} from '../../../../shared/protocol/api.ts';
import { PAGE_SIZES, pageSearch } from '../../../../shared/protocol/paging.ts';
import { apiOptions, describeError } from '../../api.ts';
import type { Bootstrap } from '../../bootstrap.ts';
import { coachStrings as t } from '../../strings.ts';
import { reviewStrings } from '../../strings/review.ts';
import type { CoachingModule } from '../../../../shared/domain/coaching/module.ts';
import { ActionStepFormState } from './action-step-form-state.svelte.ts';
import type { MediaUrlLoader } from './review-queue-state.svelte.ts';

export interface CoachPageDeps {
  fetch?: typeof fetch;
  clock?: Clock;
  ids?: IdSource;
  openDb?: (name: string) => Promise<CoachingDb>;
  /** A recording's object URL after an authenticated GET (production: media-client's `mediaObjectUrl`). */
  mediaObjectUrl?: MediaUrlLoader;
  revokeObjectUrl?: (url: string) => void;
  /** The microphone and its timers, for a model recorded in a conversation. */
  recorder?: RecorderPort;
  setTimer?: SetTimer;
  inFrame?: boolean;
  objectUrls?: ObjectUrlPort;
}

export interface Teacher {
  userId: string;
  name: string;
}

export type SaveOutcome = 'invalid' | 'saved' | 'failed';
/** `sent`: pushed and pulled; `failed`: could not reach or read the server (changes stay queued); `rejected`: refused. */
export type SyncOutcome = 'sent' | 'failed' | 'rejected';

/** What the alert above the page says, and whether a retry button makes sense. */
export interface SyncProblem {
  message: string;
  canRetry: boolean;
}

/** A course of more than this many roster pages (250,000 people) is not one this page will load. */
const MAX_ROSTER_PAGES = 500;

/** Show a search box above the teacher list once it is longer than this. */
export const FILTER_THRESHOLD = 8;

/** The IndexedDB name for one user in one course. */
export function coachDbName(storageKey: string): string {
  return `coaching-lti-${storageKey}`;
}

function isAbort(error: unknown): boolean {
  return typeof error === 'object' && error !== null && 'name' in error && error.name === 'AbortError';
}

/**
 * The coach page: the course's teachers, each one's current step from the local database,
 * and a draft per teacher. Saves go to the local database and its outbox first, then sync.
 */
export class CoachPageState {
  readonly #api: HttpTransportOptions;
  readonly #transport: SyncTransport;
  readonly #clock: Clock;
  readonly #ids: IdSource;
  readonly #openDb: (name: string) => Promise<CoachingDb>;
  readonly #dbName: string;
  #db: CoachingDb | null = null;
  #repo: ActionStepRepository | null = null;
  #dbReady: Promise<{ db: CoachingDb; repo: ActionStepRepository } | null> | null = null;
  #syncQueue: Promise<unknown> = Promise.resolve();

  #rosterStatus = $state<'loading' | 'ready' | 'failed'>('loading');
  #rosterError = $state('');
  /** Why the list may be short (the LMS's roster was not fetched), from the server; '' when nothing to say. */
  #rosterNotice = $state('');
  #teachers = $state.raw<readonly Teacher[]>([]);
  #steps = $state.raw<readonly ActionStep[]>([]);
  #selectedId = $state<string | null>(null);
  #filter = $state('');
  #forms = new SvelteMap<string, ActionStepFormState>();
  #saving = $state(false);
  #syncing = $state(false);
  #syncProblem = $state.raw<SyncProblem | null>(null);
  #pending = $state(0);
  #announcement = $state('');

  #selected = $derived(this.#teachers.find((teacher) => teacher.userId === this.#selectedId) ?? null);
  #currentStep = $derived(
    this.#selectedId === null ? null : currentActionStep(this.#steps, this.#selectedId),
  );
  #withStep = $derived(this.#steps.filter((s) => s.status === 'current').map((s) => s.teacherId));
  #visibleTeachers = $derived.by(() => {
    const needle = this.#filter.trim().toLocaleLowerCase();
    if (!needle) return this.#teachers;
    return this.#teachers.filter(
      (teacher) => teacher.userId === this.#selectedId || teacher.name.toLocaleLowerCase().includes(needle),
    );
  });

  constructor(bootstrap: Bootstrap, deps: CoachPageDeps = {}) {
    this.#api = apiOptions(bootstrap, deps.fetch);
    this.#transport = createHttpTransport(this.#api);
    this.#clock = deps.clock ?? systemClock;
    this.#ids = deps.ids ?? randomIds;
    this.#openDb = deps.openDb ?? openCoachingDb;
    this.#dbName = coachDbName(bootstrap.storageKey);
  }

  get rosterStatus(): 'loading' | 'ready' | 'failed' {
    return this.#rosterStatus;
  }
  get rosterError(): string {
    return this.#rosterError;
  }
  get rosterNotice(): string {
    return this.#rosterNotice;
  }
  get teachers(): readonly Teacher[] {
    return this.#teachers;
  }
  get visibleTeachers(): readonly Teacher[] {
    return this.#visibleTeachers;
  }
  get showFilter(): boolean {
    return this.#teachers.length > FILTER_THRESHOLD;
  }
  get filter(): string {
    return this.#filter;
  }
  get selected(): Teacher | null {
    return this.#selected;
  }
  get currentStep(): ActionStep | null {
    return this.#currentStep;
  }
  get form(): ActionStepFormState | null {
    return this.#selectedId === null ? null : (this.#forms.get(this.#selectedId) ?? null);
  }
  get saving(): boolean {
    return this.#saving;
  }
  get syncing(): boolean {
    return this.#syncing;
  }
  /** Why the last sync failed, for an alert; null when it worked or has not run. */
  get syncProblem(): SyncProblem | null {
    return this.#syncProblem;
  }
  /** Changes saved on this device and not yet accepted by the server. */
  get pending(): number {
    return this.#pending;
  }
  /** Text for the polite live region. */
  get announcement(): string {
    return this.#announcement;
  }

  hasStep(userId: string): boolean {
    return this.#withStep.includes(userId);
  }

  /** Loads the roster and, in parallel, the local database followed by a sync (push then pull). */
  async start(signal?: AbortSignal): Promise<void> {
    const roster = this.loadRoster(signal);
    await Promise.all([roster, this.sync(signal)]);
  }

  /** The coach's observations and conversations on this device (the "This week" tab). */
  async cycleRecords(): Promise<CycleRecordRepository | null> {
    const local = await this.#ensureDb();
    return local ? createCycleRecordRepository(local.db, { clock: this.#clock, ids: this.#ids }) : null;
  }

  /** Opens the local database once; every save and sync waits for it. */
  #ensureDb(): Promise<{ db: CoachingDb; repo: ActionStepRepository } | null> {
    this.#dbReady ??= (async () => {
      try {
        const db = await this.#openDb(this.#dbName);
        const repo = createActionStepRepository(db, { clock: this.#clock, ids: this.#ids });
        this.#db = db;
        this.#repo = repo;
        await this.#refresh();
        return { db, repo };
      } catch (error) {
        console.error(error);
        this.#syncProblem = { message: t.storageFailed, canRetry: false };
        return null;
      }
    })();
    return this.#dbReady;
  }

  /**
   * Loads the whole roster, page after page: the picker, its search and the history's teacher
   * list all need every teacher, sorted by name.
   */
  async loadRoster(signal?: AbortSignal): Promise<void> {
    this.#rosterStatus = 'loading';
    try {
      const members: RosterMember[] = [];
      let notice: RosterNotice | undefined;
      let after: string | null = null;
      for (let page = 0; ; page += 1) {
        const body: RosterResponse = await requestJson(
          this.#api,
          `${API.roster}?${pageSearch({ limit: PAGE_SIZES.roster.max, after })}`,
          { method: 'GET', signal },
          RosterResponseSchema,
        );
        members.push(...body.members);
        notice ??= body.notice;
        after = body.next;
        if (after === null) break;
        if (page + 1 >= MAX_ROSTER_PAGES) throw new SyncError('bad-response', 'The course list did not end.');
      }
      this.#rosterNotice = notice?.message ?? '';
      this.#teachers = members
        .filter((member) => member.role === 'teacher')
        .map((member) => ({
          userId: member.userId,
          name: member.name.trim() || t.unnamedTeacher(member.userId),
        }))
        .sort((a, b) => a.name.localeCompare(b.name));
      this.#rosterStatus = 'ready';
    } catch (error) {
      if (isAbort(error)) return;
      this.#rosterError = describeError(error);
      this.#rosterStatus = 'failed';
    }
  }

  setFilter(text: string): void {
    this.#filter = text;
  }

  /** Chooses a teacher; their draft is kept while the page is open, the goal pre-filled from the current step. */
  select(userId: string): void {
    if (!this.#teachers.some((teacher) => teacher.userId === userId)) return;
    this.#selectedId = userId;
    if (!this.#forms.has(userId)) {
      const goal = currentActionStep(this.#steps, userId)?.goal ?? '';
      this.#forms.set(userId, new ActionStepFormState({ goal }));
    }
  }

  /** Fills the form with the current step, to change it (saving sets the edited step as the current one). */
  editCurrent(): void {
    const step = this.#currentStep;
    if (!step || !this.form) return;
    this.form.fill({
      goal: step.goal,
      title: step.title,
      what: step.what,
      successCriteria: step.successCriteria.join('\n'),
      whenToPractise: step.whenToPractise,
      why: step.why,
    });
  }

  /** Validates the draft, stores it with its outbox entry, then tries to send it. */
  async save(signal?: AbortSignal): Promise<SaveOutcome> {
    const teacher = this.#selected;
    const form = this.form;
    if (!teacher || !form || this.#saving) return 'failed';
    const input = form.validate();
    if (!input) return 'invalid';
    this.#saving = true;
    try {
      const local = await this.#ensureDb();
      if (!local) return 'failed';
      const step = await local.repo.setForTeacher(teacher.userId, input);
      form.reset({ goal: step.goal });
      await this.#refresh();
      const outcome = await this.sync(signal);
      if (outcome === 'sent') this.#announce(t.saved(teacher.name));
      else if (outcome === 'failed') this.#announce(t.savedLocally);
      return 'saved';
    } catch (error) {
      if (!isAbort(error)) {
        console.error(error);
        this.#syncProblem = { message: t.saveFailed, canRetry: false };
      }
      return 'failed';
    } finally {
      this.#saving = false;
    }
  }

  /** The retry button: sends what is queued, pulls, and says so when it worked. */
  async retrySync(signal?: AbortSignal): Promise<void> {
    if (this.#syncing) return;
    const hadPending = this.#pending > 0;
    if ((await this.sync(signal)) === 'sent') this.#announce(hadPending ? t.syncedPending : t.upToDate);
  }

  /** One sync round (push the outbox, then pull), queued behind any running one. */
  sync(signal?: AbortSignal): Promise<SyncOutcome> {
    const run = this.#syncQueue.then(() => this.#syncNow(signal));
    this.#syncQueue = run.catch(() => undefined);
    return run;
  }

  async #syncNow(signal?: AbortSignal): Promise<SyncOutcome> {
    const local = await this.#ensureDb();
    if (!local) return 'failed';
    const { db, repo } = local;
    this.#syncing = true;
    try {
      const report = await syncOnce(db, {
        transport: this.#transport,
        steps: repo,
        clock: this.#clock,
        signal,
      });
      if (report.rejected.length > 0) {
        this.#syncProblem = { message: t.rejected(report.rejected.join(' ')), canRetry: false };
        return 'rejected';
      }
      this.#syncProblem = null;
      return 'sent';
    } catch (error) {
      if (isAbort(error)) return 'failed';
      const reason = describeError(error);
      const queued = (await outboxSize(db)) > 0;
      this.#syncProblem = {
        message: queued ? t.notSent(reason) : t.syncFailed(reason),
        // Offline and 5xx clear up by themselves; an ended session or a refused request does not.
        canRetry: !(error instanceof SyncError) || error.retriable,
      };
      return 'failed';
    } finally {
      this.#syncing = false;
      await this.#refresh();
    }
  }

  /** Re-reads the local steps; untouched drafts pick up the goal of a step that just arrived. */
  async #refresh(): Promise<void> {
    if (!this.#db || !this.#repo) return;
    const steps = await this.#repo.all();
    this.#steps = steps;
    for (const [teacherId, form] of this.#forms) {
      const goal = currentActionStep(steps, teacherId)?.goal;
      if (form.pristine && goal && form.values.goal !== goal) form.reset({ goal });
    }
    this.#pending = await outboxSize(this.#db);
  }

  /** Fills the chosen teacher's draft from a module: its target performance and its action step. */
  fillFromModule(module: CoachingModule): void {
    const form = this.form;
    if (!form) return;
    const step = module.actionStep;
    form.fill({
      goal: module.targetPerformance,
      title: step.title,
      what: step.what,
      successCriteria: step.successCriteria.join('\n'),
      whenToPractise: step.whenToPractise,
      why: step.why,
    });
    this.#announce(reviewStrings.filledFromModule(module.title));
  }

  #announce(message: string): void {
    // A trailing no-break space that alternates makes a repeated message count as a change.
    this.#announcement = this.#announcement === message ? `${message}\u00a0` : message;
  }
}
