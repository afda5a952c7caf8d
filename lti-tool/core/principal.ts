import type { CoachingRole } from '../../shared/domain/coaching/relationship.ts';

/** Who is calling the API, as established from a bearer token. */
export type Principal =
  | {
      kind: 'session';
      tenant: string;
      contextKey: string;
      userId: string;
      name: string | null;
      role: CoachingRole;
      /** The activity (resource link key) the page was launched for; null: none. */
      linkKey: string | null;
    }
  | { kind: 'device'; tenant: string; userId: string; deviceId: string };
