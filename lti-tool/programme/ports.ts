import type { ProgrammeFacts } from '../../shared/domain/programme/programme-facts.ts';
import type { School } from '../../shared/domain/programme/programme-summary.ts';

/** Which courses a query reads: the whole tenant, or a leader's schools' courses. */
export interface FactScope {
  tenant: string;
  /** null: every course of the tenant. */
  courseKeys: readonly string[] | null;
}

export interface FactWindow {
  from: Date;
  to: Date;
  /** Secured steps count from here to `to` (the 4 weeks before the period's end, or before today). */
  securedFrom: Date;
  /** Today (YYYY-MM-DD): check-backs before it with the step still open are overdue. */
  today: string;
}

/** What the programme view reads: activity only, never a column of text someone typed. */
export interface ProgrammeFactSource {
  facts(scope: FactScope, window: FactWindow): Promise<Omit<ProgrammeFacts, 'modules'>>;
  /** Engagement per teacher for the export: LMS identifiers and counts, no text. */
  engagement(scope: FactScope, window: Pick<FactWindow, 'from' | 'to'>): Promise<EngagementRow[]>;
}

export interface EngagementRow {
  contextKey: string;
  courseTitle: string | null;
  userId: string;
  sourcedId: string | null;
  conversations: number;
  observations: number;
  rounds: number;
  checkIns: number;
  reflections: number;
  /** Of the check-ins, those recorded outside a course activity: the browser extension's. */
  extensionCheckIns: number;
}

export interface Leader {
  userId: string;
  name: string;
  schoolId: string;
}

/** Schools, their leaders and leaders' notes: the programme's own records. */
export interface ProgrammeStore {
  schools(tenant: string): Promise<School[]>;
  /** Creates or renames a school and sets its courses (taking them from any other school). */
  putSchool(tenant: string, school: School, now: Date): Promise<void>;
  /** Removes a school, its course placements and its leaders; false when there was none. */
  removeSchool(tenant: string, id: string): Promise<boolean>;
  leaders(tenant: string): Promise<Leader[]>;
  /** The schools `userId` leads in the tenant (none: not a leader). */
  schoolsLedBy(tenant: string, userId: string): Promise<string[]>;
  /** False when the school is not the tenant's. */
  putLeader(tenant: string, leader: Leader, now: Date): Promise<boolean>;
  removeLeader(tenant: string, userId: string): Promise<boolean>;
  note(tenant: string, userId: string, period: string): Promise<string>;
  putNote(tenant: string, userId: string, period: string, text: string, now: Date): Promise<void>;
  /** Every course of the tenant, with its LMS title. */
  courses(tenant: string): Promise<{ key: string; title: string | null }[]>;
}

/** A scope's and period's computed view, as the JSON it is answered with. */
export interface ProgrammeSnapshot {
  body: string;
  computedAt: Date;
}

/** Where computed views are kept between visits (db/repositories/programme-snapshots.ts). */
export interface ProgrammeSnapshotStore {
  snapshot(tenant: string, key: string): Promise<ProgrammeSnapshot | null>;
  /**
   * Keeps `snapshot` unless a newer one is stored or the tenant's snapshots were cleared after it
   * was begun (its computedAt): a computation that raced a clear must not bring old figures back.
   */
  putSnapshot(tenant: string, key: string, snapshot: ProgrammeSnapshot): Promise<void>;
  /** Drops every snapshot of the tenant (its schools changed, or someone was erased). */
  clearSnapshots(tenant: string, now: Date): Promise<void>;
}
