/**
 * What the programme view is computed from: who did what and when, never what was said. A fact
 * names a course, a teacher and (for coaching) a coach by their ids; nothing here carries text a
 * teacher or coach typed, so nothing computed from it can.
 */

/** A coaching conversation or an observation: who coached whom, when. */
export interface CoachingEvent {
  kind: 'conversation' | 'observation';
  contextKey: string;
  teacherId: string;
  coachId: string;
  at: Date;
}

/** Practice rounds of one teacher on one module in one course, over the period. */
export interface PracticeTally {
  contextKey: string;
  teacherId: string;
  moduleId: string;
  rounds: number;
  /** Rounds whose feedback came within three days of the round. */
  reviewedWithin3Days: number;
}

/** Check-ins one teacher recorded in one course over the period (the extension's included). */
export interface CheckInTally {
  contextKey: string;
  teacherId: string;
  checkIns: number;
}

/** One teacher of one course: enrolled (from launches and the roster). */
export interface TeacherRef {
  contextKey: string;
  teacherId: string;
}

export interface ProgrammeFacts {
  /** Every course in the viewer's scope, with its LMS title. */
  courses: readonly { key: string; title: string | null }[];
  /** Coaches' display names, by id (staff: shown). */
  coaches: ReadonlyMap<string, string>;
  /** Module titles, by id (the provider's published content: shown). */
  modules: ReadonlyMap<string, string>;
  teachers: readonly TeacherRef[];
  events: readonly CoachingEvent[];
  practice: readonly PracticeTally[];
  checkIns: readonly CheckInTally[];
  /** Teachers with a step secured in the 4 weeks before the period's end. */
  secured: readonly TeacherRef[];
  /** Teachers whose step's check-back day has passed with the step still open (today, not the period). */
  overdue: readonly TeacherRef[];
}
