/** One person on the LMS's list of a course, with their LTI roles (names-and-roles service). */
export interface RosterEntry {
  userId: string;
  name: string | null;
  roles: string[];
}

/** Where a course's people come from: the LMS (implemented by lti/services/names-roles.ts). */
export interface RosterSource {
  fetchRoster(source: { issuer: string; clientId: string; membershipsUrl: string }): Promise<RosterEntry[]>;
}
