import type { ActionStep } from '../../shared/domain/coaching/action-step.ts';
import type {
  CoachingRhythm,
  ConversationInput,
  ObservationInput,
} from '../../shared/domain/coaching/cycle.ts';

/** One course of one institution, where a coach works. */
export interface CourseScope {
  tenant: string;
  contextKey: string;
}

/** A save from a coach's device: the record's client id, this change's id, the version it edits. */
export interface RecordSave<Input> {
  id: string;
  changeId: string;
  /** 0 for a new record; otherwise the version the device last had. */
  baseVersion: number;
  input: Input;
  coachId: string;
  /** The coach's name from the launch, kept on a step they secure. */
  coachName: string | null;
}

export interface StoredRecord<Input> {
  id: string;
  teacherId: string;
  coachId: string;
  version: number;
  /** When it was first saved. */
  at: string;
  record: Input;
}

/**
 * What a save did: stored (new version), a retry of a save already stored (nothing changed),
 * refused because another device saved a newer version first (the stored one comes back), or
 * the id belongs to another course or teacher (as if it did not exist).
 */
export type SaveOutcome<Input> =
  | { status: 'saved' | 'duplicate'; stored: StoredRecord<Input> }
  | { status: 'conflict'; stored: StoredRecord<Input> }
  | { status: 'not-found' }
  | { status: 'invalid'; message: string };

/** A teacher's facts the caseload needs, gathered for a whole course in a few grouped queries. */
export interface CaseloadFacts {
  teachers: { teacherId: string; name: string }[];
  currentSteps: ActionStep[];
  lastObservationAt: Map<string, string>;
  lastConversationAt: Map<string, string>;
  roundsWaiting: Map<string, number>;
  checkInsSince: Map<string, number>;
  reflectionsSince: Map<string, number>;
}

/** Observations, conversations, the course's rhythm and the coach's last look (db/repositories/cycle.ts). */
export interface CycleStore {
  saveObservation(
    course: CourseScope,
    save: RecordSave<ObservationInput>,
    now: Date,
  ): Promise<SaveOutcome<ObservationInput>>;
  /**
   * Saves a conversation. Its first save also applies its step decision in the same transaction:
   * the current step secured (dated, by the coach) and the next one set current, or the current
   * one kept; either way the current step gets the check-back day (and syncs again).
   */
  saveConversation(
    course: CourseScope,
    save: RecordSave<ConversationInput>,
    now: Date,
  ): Promise<SaveOutcome<ConversationInput>>;
  /** Whether a conversation with this teacher in the course refers to this model recording. */
  showsModelRecording(course: CourseScope, mediaId: string, teacherId: string): Promise<boolean>;
  observation(course: CourseScope, id: string): Promise<StoredRecord<ObservationInput> | null>;
  latestObservation(course: CourseScope, teacherId: string): Promise<StoredRecord<ObservationInput> | null>;
  /** A teacher's conversations in a course, newest first. */
  conversations(
    course: CourseScope,
    teacherId: string,
    page: { limit: number },
  ): Promise<StoredRecord<ConversationInput>[]>;
  caseloadFacts(course: CourseScope, since: Date | null): Promise<CaseloadFacts>;
  /** The module the teacher's current step was taken from in a conversation, if any. */
  currentStepModule(course: CourseScope, teacherId: string): Promise<string | null>;
  /** The next drop-in planned for each teacher of the course who has one. */
  plannedObservations(course: CourseScope): Promise<{ teacherId: string; on: string }[]>;
  /** Plans (or, with null, unplans) the next drop-in for a teacher. */
  planObservation(
    course: CourseScope,
    plan: { teacherId: string; coachId: string; on: string | null },
    now: Date,
  ): Promise<void>;
  rhythm(course: CourseScope): Promise<CoachingRhythm | null>;
  setRhythm(course: CourseScope, rhythm: CoachingRhythm, now: Date): Promise<void>;
  /** Records that the coach looked now; answers when they looked before (null the first time). */
  markSeen(course: CourseScope, coachId: string, now: Date): Promise<Date | null>;
}
