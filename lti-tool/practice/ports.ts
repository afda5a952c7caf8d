import type { ActionStep } from '../../shared/domain/coaching/action-step.ts';
import type {
  CheckIn,
  CheckInOutcome,
  CriterionJudgement,
  FeedbackInput,
  PracticeRound,
  Reflection,
} from '../../shared/domain/coaching/practice.ts';
import type { Draft } from '../../shared/protocol/practice-api.ts';
import type { OlderThan } from '../core/keyset.ts';
import type { DbTransaction } from '../core/transaction.ts';

// What practice reads and writes, as practice needs it: lti-tool/db implements each store
// (db/repositories/practice-rounds.ts, check-ins.ts, reflections.ts, drafts.ts,
// trainee-history.ts, module-usage.ts).

/** A page of a newest-first list, and whether older entries follow. */
export interface Page<Item> {
  items: Item[];
  more: boolean;
}

export interface NewRound {
  id: string;
  tenant: string;
  contextKey: string;
  linkKey: string;
  moduleId: string;
  traineeId: string;
  traineeName: string;
  script: string;
  audioId: string | null;
  selfAssessment: CriterionJudgement[];
}

/** A round as stored: the wire shape plus where it belongs. */
export interface StoredRound extends PracticeRound {
  tenant: string;
  contextKey: string;
  linkKey: string;
  traineeName: string;
}

/** Strips where a round belongs: what the API sends. */
export function wireRound(round: StoredRound): PracticeRound {
  const { tenant: _tenant, contextKey: _contextKey, linkKey: _linkKey, traineeName: _name, ...wire } = round;
  return wire;
}

/** The review queue's position: the last item's submittedAt and id (rounds are in that order). */
export interface QueueCursor {
  submittedAt: string;
  id: string;
}

/** Work done in the transaction that stores a round or its feedback (a grade event, a draft's clean-up). */
export type AlsoInTransaction = (round: StoredRound, transaction: DbTransaction) => Promise<void>;

/** Practice rounds and the feedback on them. */
export interface PracticeRoundStore {
  get(id: string): Promise<StoredRound | null>;
  /**
   * Stores a new round as the trainee's next on that activity, and runs `alsoInTransaction` in
   * the same transaction. The same id again returns the stored round with `created: false` and
   * runs nothing; someone else's id is a 409.
   */
  submit(
    round: NewRound,
    alsoInTransaction: AlsoInTransaction,
  ): Promise<{ round: StoredRound; created: boolean }>;
  /**
   * Records a coach's feedback once: the round still unreviewed and `alsoInTransaction` commit
   * together. Null when the round already had feedback.
   */
  giveFeedback(
    scope: { tenant: string; contextKey: string; id: string },
    feedback: FeedbackInput & { coachId: string; coachName: string | null },
    alsoInTransaction: AlsoInTransaction,
  ): Promise<StoredRound | null>;
  /** One trainee's rounds on one activity, newest first, `limit` of them below round number `before`. */
  onActivityPage(
    scope: { tenant: string; contextKey: string; traineeId: string; linkKey: string },
    page: { limit: number; before: number | null },
  ): Promise<Page<StoredRound>>;
  /** One trainee's rounds in a course, newest submitted first, `limit` of them after `before`. */
  inCoursePage(
    scope: { tenant: string; contextKey: string; traineeId: string },
    page: { limit: number; before: OlderThan | null },
  ): Promise<Page<StoredRound>>;
  /** One trainee's rounds with feedback across their courses in an institution, newest feedback first. */
  recentFeedback(scope: { tenant: string; traineeId: string }, limit: number): Promise<StoredRound[]>;
  /** A course's rounds without feedback, oldest first, `limit` after `after`; and how many in all. */
  reviewQueue(
    scope: { tenant: string; contextKey: string },
    page: { limit: number; after: QueueCursor | null },
  ): Promise<{ rounds: StoredRound[]; total: number; more: boolean }>;
  /** Counts per module (of `moduleIds`) for an institution: never any text. */
  countsByModule(
    tenant: string,
    moduleIds: readonly string[],
  ): Promise<Map<string, { rounds: number; reviewed: number; trainees: number }>>;
}

/** Where a journal entry (a check-in, a reflection) belongs. The id is the client's. */
export interface JournalEntryScope {
  id: string;
  tenant: string;
  contextKey: string;
  userId: string;
  linkKey: string | null;
  moduleId: string | null;
}

export interface NewCheckIn extends JournalEntryScope {
  actionStepId: string | null;
  outcome: CheckInOutcome;
  note: string;
}

export interface NewReflection extends JournalEntryScope {
  wentWell: string;
  change: string;
  next: string;
}

/** Whose journal a page is: a teacher's in a course (on one activity and general ones, if `linkKey`). */
export interface JournalScope {
  tenant: string;
  contextKey: string;
  userId: string;
  linkKey?: string;
}

/** A teacher's own entries, stored once per client id: a repeat is the same entry, someone else's id a 409. */
interface JournalStore<Entry> {
  page(scope: JournalScope, page: { limit: number; before: OlderThan | null }): Promise<Page<Entry>>;
  /** Entries per module of an institution (of those modules), for the provider's counts. */
  countsByModule(tenant: string, moduleIds: readonly string[]): Promise<Map<string, number>>;
}

export interface CheckInStore extends JournalStore<CheckIn> {
  record(checkIn: NewCheckIn): Promise<{ checkIn: CheckIn; created: boolean }>;
}

export interface ReflectionStore extends JournalStore<Reflection> {
  record(reflection: NewReflection): Promise<{ reflection: Reflection; created: boolean }>;
}

/** A trainee's practice draft on one activity. */
export interface DraftKey {
  tenant: string;
  userId: string;
  linkKey: string;
}

/** Practice drafts, kept so a new device or a restart loses nothing. */
export interface DraftStore {
  get(key: DraftKey): Promise<Draft | null>;
  /** Keeps whichever of the stored and the given draft was saved later; returns what it kept. */
  save(key: DraftKey, draft: Draft): Promise<Draft>;
  remove(key: DraftKey): Promise<void>;
  /** In a round's submission: the draft that became this round is done with. */
  removeIfRound(key: DraftKey, roundId: string, transaction: DbTransaction): Promise<void>;
}

type TeacherScope = { tenant: string; contextKey: string; teacherId: string };

/** What a trainee's history needs beyond rounds, check-ins and reflections: their steps and name. */
export interface TraineeHistoryStore {
  /** Every action step a coach set for this teacher in this course, oldest first. */
  steps(scope: TeacherScope): Promise<ActionStep[]>;
  /** This teacher's steps in this course, newest set first, `limit` of them after `before`. */
  stepsPage(
    scope: TeacherScope,
    page: { limit: number; before: OlderThan | null },
  ): Promise<Page<ActionStep>>;
  /** The step in effect at `inEffectAt` (the last set at or before it), and the steps named by `ids`. */
  stepsFor(
    scope: TeacherScope,
    wanted: { inEffectAt: string; ids: readonly string[] },
  ): Promise<ActionStep[]>;
  /** The person as the course knows them, or null if they are not in it. */
  member(
    contextKey: string,
    userId: string,
  ): Promise<{ name: string | null; role: 'teacher' | 'coach' } | null>;
}

/** How many courses of an institution launched each activity (of those asked about). */
export interface ActivityUsageStore {
  coursesByActivity(tenant: string, activities: readonly string[]): Promise<Map<string, number>>;
}
