import type { RosterMember } from '../../shared/protocol/api.ts';

/** A course (LTI context) as the launch records it. */
export interface ContextRecord {
  key: string;
  tenant: string;
  lmsContextId: string;
  title: string | null;
  membershipsUrl: string | null;
  issuer: string;
  clientId: string;
}

/** Courses and the people we know are in them (implemented by db/repositories/contexts.ts). */
export interface ContextStore {
  upsert(context: ContextRecord): Promise<void>;
  get(key: string): Promise<ContextRecord | null>;
  /** A member's LMS SIS id (`sourcedId`) is kept when given and left as it was when not. */
  upsertMembers(
    contextKey: string,
    members: readonly (RosterMember & { sourcedId?: string | null })[],
  ): Promise<void>;
  /** The people known in a course, by user id (the primary key's order), `limit` after `afterUserId`. */
  members(
    contextKey: string,
    page: { limit: number; afterUserId: string | null },
  ): Promise<{ items: RosterMember[]; more: boolean }>;
  isTeacherIn(contextKey: string, userId: string): Promise<boolean>;
}
