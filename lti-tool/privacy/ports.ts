import type { ActionStep } from '../../shared/domain/coaching/action-step.ts';
import type { ConversationInput, ObservationInput } from '../../shared/domain/coaching/cycle.ts';
import type { CheckIn, PracticeRound, Reflection } from '../../shared/domain/coaching/practice.ts';
import type { PairedDevice } from '../../shared/protocol/api.ts';
import type { Draft } from '../../shared/protocol/practice-api.ts';
import type { StoredRecord } from '../cycle/ports.ts';
import type { MediaInfo } from '../media/ports.ts';

// What the data-rights services read and write (docs/privacy.md): db/repositories/privacy.ts
// implements each store.

/** One person at one institution: whose data a download or an erasure is about. */
export interface PersonAt {
  tenant: string;
  userId: string;
}

/** Where a row belongs, as the download names it: the course's title, when the LMS gave one. */
interface InCourse {
  course: string | null;
}

/**
 * Everything the tool holds about one teacher at one institution, across its courses, as their
 * download's data.json has it (recordings without their bytes: those are files beside it).
 */
export interface PersonalData {
  /** Their courses, the name each knew them by and their role there. */
  courses: { course: string | null; name: string | null; role: 'teacher' | 'coach' }[];
  actionSteps: (ActionStep & InCourse)[];
  practiceRounds: (PracticeRound & InCourse & { linkKey: string })[];
  observations: (StoredRecord<ObservationInput> & InCourse)[];
  conversations: (StoredRecord<ConversationInput> & InCourse)[];
  checkIns: (CheckIn & InCourse)[];
  reflections: (Reflection & InCourse)[];
  drafts: (Draft & InCourse & { linkKey: string })[];
  /** Every browser they paired, also those disconnected since (`disconnectedAt`). */
  pairedDevices: (PairedDevice & { disconnectedAt: string | null })[];
  /** Their own uploads (rehearsal recordings): what each file is, without its bytes. */
  recordings: Omit<MediaInfo, 'tenant' | 'contextKey' | 'ownerId'>[];
}

/** Reads a person's data for their download. */
export interface PersonalDataStore {
  collect(person: PersonAt): Promise<PersonalData>;
  /** Where one of the person's own files' bytes are in the blob store; null if gone. */
  blobKeyOf(person: PersonAt, mediaId: string): Promise<string | null>;
}

/** An institution as registrations and courses key it (core/link-keys.ts tenantKeyOf). */
export interface TenantOfIssuer {
  tenant: string;
  clientId: string;
  /** Null when only courses name the tenant (its deployment was removed from the registry since). */
  deploymentId: string | null;
}

/** Rows per table: what an erasure removed, or what it kept with the person's id replaced. */
export type TableCounts = Record<string, number>;

/** What one step of an erasure did: rows removed, and rows kept but changed (the person's id or a reference to their file gone). */
export interface ErasureCounts {
  removed: TableCounts;
  anonymised: TableCounts;
  /** Blob-store keys of the files removed: their bytes go once no file keeps them (after commit). */
  blobs?: readonly string[];
}

/** Who stands in for a person in records that stay with others (feedback they gave, conversations they held). */
export interface FormerParticipant {
  id: string;
  name: string;
}

/**
 * The steps of one erasure, each over the person's rows at the listed institutions; all run in
 * one transaction (ErasureStore.inTransaction), and each says per table how many rows it touched.
 */
export interface ErasureSteps {
  /** Their sign-ins: page sessions, pairing codes, paired browsers, applied sync changes, login states. */
  removeAccess(person: ErasureTarget): Promise<ErasureCounts>;
  /**
   * What is about them or theirs: memberships, steps set for them, their rounds (with feedback on
   * them), drafts, check-ins, reflections, observations and conversations about them, drops-ins
   * planned for them, their scores waiting for the gradebook, and a coach's settings and views.
   */
  removeRecordsAbout(person: ErasureTarget): Promise<ErasureCounts>;
  /**
   * Their recordings (rehearsals and coaching models they recorded), and coaches' recordings made
   * for conversations about them; references to them in others' records are cleared (a
   * conversation's model then says its recording was deleted). Runs before removeRecordsAbout.
   */
  removeRecordings(person: ErasureTarget): Promise<ErasureCounts>;
  /**
   * What they did that belongs to others' records stays, with `former` instead of their id and
   * name: feedback on others' rounds, observations and conversations they held, steps they set or
   * secured, drop-ins they planned, modules and model files they authored, requests they made.
   */
  anonymiseAuthorship(person: ErasureTarget, former: FormerParticipant): Promise<ErasureCounts>;
  /**
   * The programme view's kept figures at their institutions (they name coaches by id and name):
   * computed afresh at the next visit, never from before `at`.
   */
  forgetFigures(person: ErasureTarget, at: Date): Promise<ErasureCounts>;
  /** Closes requests to erase them: kept as done, without their id, with what was removed. */
  closeRequests(person: ErasureTarget, removed: TableCounts, at: Date): Promise<ErasureCounts>;
}

/** One person's id at one or more institutions. */
export interface ErasureTarget {
  userId: string;
  tenants: readonly string[];
}

/** A provider admin's request to erase someone at their institution. */
export interface ErasureRequest {
  id: string;
  tenant: string;
  userId: string;
  requestedAt: string;
}

export interface ErasureStore {
  /** The institutions an issuer (and client id) keys: from its registrations and from its courses. */
  tenantsOf(issuer: string, clientId: string | null): Promise<TenantOfIssuer[]>;
  /** Runs `work` in one transaction: every step commits together or none does. */
  inTransaction<T>(work: (steps: ErasureSteps) => Promise<T>): Promise<T>;
  /** Records a request (idempotent per id); a pending request for the same person is returned instead. */
  request(request: ErasureRequest & { requestedBy: string }): Promise<ErasureRequest>;
  pendingRequests(): Promise<ErasureRequest[]>;
  pendingRequest(id: string): Promise<ErasureRequest | null>;
}

/** Recordings kept past the retention period. */
export interface RetentionStore {
  /**
   * Deletes rehearsal recordings stored before `before` and clears the rounds' references to
   * them (marking each round with `afterDays`), in one transaction; how many files went.
   */
  deleteRehearsalsBefore(before: Date, afterDays: number): Promise<{ deleted: number; blobs: string[] }>;
}
