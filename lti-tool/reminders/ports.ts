/** One coach in one course: reminders are set per course, as coaching is. */
export interface CoachKey {
  tenant: string;
  /** The course (context key). */
  contextKey: string;
  coachId: string;
}

/** What the coaching cycle tells reminders about one coach's course. */
export interface CoachAgenda {
  /** Check-backs the coach has set, for teachers still in their course, between from and to (inclusive, YYYY-MM-DD). */
  checkBacks: { teacherId: string; teacherName: string; stepTitle: string; on: string }[];
  /** Observations the coach planned (YYYY-MM-DD), same window. */
  plannedObservations: { teacherId: string; teacherName: string; on: string }[];
  /** Practice rounds waiting for the coach's feedback now. */
  roundsWaiting: number;
  /** Check-ins teachers recorded since `since`. */
  newCheckIns: number;
}

/** Implemented by the coaching cycle (lti-tool/cycle/agenda.ts); reminders only read it. */
export interface CoachAgendaSource {
  agendaFor(
    coach: { tenant: string; contextKey: string; coachId: string },
    window: { from: string; to: string; since: Date },
  ): Promise<CoachAgenda>;
}

/** How often a coach gets the digest email; 'off' until they opt in. */
export type DigestFrequency = 'off' | 'daily' | 'weekly';

/** A coach's reminder settings as stored. */
export interface ReminderSettings {
  email: string | null;
  digest: DigestFrequency;
  /** Whether a calendar feed link exists (only its hash is stored: the link itself is shown once). */
  hasFeed: boolean;
  /** When the last digest was sent (or claimed for sending); what is "new" is after it. */
  lastDigestAt: Date | null;
}

/** A coach who gets a digest: opted in, with an address. */
export interface DigestSubscriber extends CoachKey {
  email: string;
  digest: Exclude<DigestFrequency, 'off'>;
  lastDigestAt: Date | null;
}

/** Reminder settings per coach and course (implemented by db/repositories/coach-reminders.ts). */
export interface ReminderSettingsStore {
  get(coach: CoachKey): Promise<ReminderSettings | null>;
  /** Sets the address and frequency; `lastDigestAt` too when given (an opt-in starts its periods there). */
  save(
    coach: CoachKey,
    settings: { email: string | null; digest: DigestFrequency; lastDigestAt?: Date },
  ): Promise<void>;
  /** Stores the hash of the coach's feed token, replacing (so revoking) any earlier one; null removes it. */
  setFeedTokenHash(coach: CoachKey, tokenHash: string | null): Promise<void>;
  /** Whose feed a token hash is, if any. */
  coachOfFeed(tokenHash: string): Promise<CoachKey | null>;
  /** Every coach opted in to a digest who has an address. */
  subscribers(): Promise<DigestSubscriber[]>;
  /**
   * Claims this period's digest: sets `lastDigestAt` to `at` only if the coach still gets
   * `digest` and has had none since `periodStart`. True for exactly one caller, whichever
   * process or tick it is in.
   */
  claimDigest(
    coach: CoachKey,
    digest: DigestSubscriber['digest'],
    periodStart: Date,
    at: Date,
  ): Promise<boolean>;
  /** Gives a claim back (the send failed): `lastDigestAt` returns to `previous` if it is still `claimedAt`. */
  releaseDigest(coach: CoachKey, claimedAt: Date, previous: Date | null): Promise<void>;
}
