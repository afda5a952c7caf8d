import type { CoachingRole } from '../../shared/domain/coaching/relationship.ts';

const CONTEXT_ROLE = 'http://purl.imsglobal.org/vocab/lis/v2/membership#';
const INSTITUTION_ROLE = 'http://purl.imsglobal.org/vocab/lis/v2/institution/person#';

/** Strips the vocabulary prefix: LTI allows full URIs, sub-roles and (deprecated) short names. */
function simpleName(role: string): string {
  const afterHash = role.includes('#') ? role.slice(role.lastIndexOf('#') + 1) : role;
  return afterHash.split('/')[0] ?? afterHash;
}

const PROVIDER = new Set(['Administrator', 'ContentDeveloper']);
const COACH = new Set(['Instructor', 'Mentor', 'TeachingAssistant']);
const TEACHER = new Set(['Learner']);

/**
 * Maps LTI roles to what this tool lets a person do. The most capable role the
 * LMS granted in the course wins; unknown or no roles get least privilege.
 * Institution-level Administrator counts only with a context role or on its own.
 */
export function coachingRoleFrom(roles: readonly string[]): CoachingRole {
  const contextual = roles.filter(
    (role) => !role.startsWith(INSTITUTION_ROLE) || role.endsWith('#Administrator'),
  );
  const names = new Set(contextual.map(simpleName));
  if ([...names].some((name) => PROVIDER.has(name))) return 'provider-admin';
  if ([...names].some((name) => COACH.has(name))) return 'coach';
  if ([...names].some((name) => TEACHER.has(name))) return 'teacher';
  return 'guest';
}

/** Roster entries (NRPS) use the same vocabulary; the roster only lists coaches and teachers. */
export function rosterRoleFrom(roles: readonly string[]): 'teacher' | 'coach' | null {
  const role = coachingRoleFrom(roles);
  if (role === 'teacher') return 'teacher';
  if (role === 'coach' || role === 'provider-admin') return 'coach';
  return null;
}

export { CONTEXT_ROLE };
