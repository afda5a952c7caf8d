import type { CoachingRole } from '../../shared/domain/coaching/relationship.ts';
import type { Principal } from './principal.ts';

/** A page's session lasts this long after its last refresh. */
export const SESSION_TTL_MS = 2 * 60 * 60 * 1000;
/** However often a page refreshes, its session ends this long after the launch: then launch again. */
export const SESSION_MAX_LIFETIME_MS = 12 * 60 * 60 * 1000;
/** How long a swapped token keeps working, for requests already in flight. */
export const REFRESH_GRACE_MS = 60_000;

export interface NewSession {
  tenant: string;
  contextKey: string;
  userId: string;
  name: string | null;
  role: CoachingRole;
  /** The activity the page was launched for (its resource link key); null or absent: none. */
  linkKey?: string | null;
}

export type SessionPrincipal = Extract<Principal, { kind: 'session' }>;

/** Page sessions opened by a launch (implemented by db/repositories/sessions.ts). */
export interface SessionStore {
  /** Returns the bearer token once; only its hash is kept. */
  create(session: NewSession): Promise<string>;
  find(token: string): Promise<SessionPrincipal | null>;
  /**
   * Swaps a token for its one successor, `successor` (derived from it by the caller, so asking
   * again, e.g. after a response lost on bad Wi-Fi, gives the same token, never a second live one).
   * The old token keeps working for REFRESH_GRACE_MS; the new one ends with the session,
   * SESSION_MAX_LIFETIME_MS after the launch. Null if the token is unknown or expired, or the
   * session has reached its end.
   */
  refresh(token: string, successor: string): Promise<{ token: string; expiresAt: Date } | null>;
  purgeExpired(): Promise<number>;
}
