import type { CoachingRole } from '../../../shared/domain/coaching/relationship.ts';

const LIS = 'http://purl.imsglobal.org/vocab/lis/v2/';
const CONTEXT_ROLE = `${LIS}membership#`;
/** `membership/<principal role>#<sub-role>`, e.g. `membership/Instructor#TeachingAssistant`. */
const CONTEXT_SUB_ROLE = `${LIS}membership/`;

type Vocabulary = 'context' | 'institution' | 'system';

/** Full-URI vocabularies (LTI 1.3 core, appendix A: role vocabularies). */
const VOCABULARIES: readonly [prefix: string, vocabulary: Vocabulary][] = [
  [CONTEXT_ROLE, 'context'],
  [`${LIS}institution/person#`, 'institution'],
  [`${LIS}system/person#`, 'system'],
  ['http://purl.imsglobal.org/vocab/lti/system/person#', 'system'],
  // Deprecated: one vocabulary for institution and system roles (only Administrator matters here).
  [`${LIS}person#`, 'institution'],
];

/**
 * A role claim value as (vocabulary, principal role). A sub-role counts as its principal role;
 * a simple name (deprecated) is a context role. Unknown vocabularies give null.
 */
function parseRole(value: string): { vocabulary: Vocabulary; name: string } | null {
  for (const [prefix, vocabulary] of VOCABULARIES) {
    if (value.startsWith(prefix)) return { vocabulary, name: value.slice(prefix.length) };
  }
  if (value.startsWith(CONTEXT_SUB_ROLE)) {
    const principal = /^([A-Za-z]+)#[A-Za-z-]+$/.exec(value.slice(CONTEXT_SUB_ROLE.length))?.[1];
    return principal ? { vocabulary: 'context', name: principal } : null;
  }
  return /^[A-Za-z]+$/.test(value) ? { vocabulary: 'context', name: value } : null;
}

/**
 * What each role lets a person do here. Roles in the course (context) decide coach and teacher;
 * the module library (provider-admin) needs an institution or system administrator, or a content
 * developer. A course-level Administrator (Open edX's course Admin) administers one course: coach.
 * `TeachingAssistant` is LTI 1.1's name, still sent as a simple name by some platforms.
 */
const GRANTS: Record<Vocabulary, ReadonlyMap<string, CoachingRole>> = {
  context: new Map([
    ['ContentDeveloper', 'provider-admin'],
    ['Administrator', 'coach'],
    ['Instructor', 'coach'],
    ['TeachingAssistant', 'coach'],
    ['Mentor', 'coach'],
    ['Learner', 'teacher'],
  ]),
  institution: new Map([['Administrator', 'provider-admin']]),
  system: new Map([
    ['Administrator', 'provider-admin'],
    ['SysAdmin', 'provider-admin'],
  ]),
};

const CAPABILITY: readonly CoachingRole[] = ['guest', 'teacher', 'coach', 'provider-admin'];

/**
 * Maps LTI roles to what this tool lets a person do. The most capable role granted wins;
 * unknown or no roles get least privilege.
 */
export function coachingRoleFrom(roles: readonly string[]): CoachingRole {
  let best: CoachingRole = 'guest';
  for (const value of roles) {
    const role = parseRole(value);
    const granted = role ? GRANTS[role.vocabulary].get(role.name) : undefined;
    if (granted && CAPABILITY.indexOf(granted) > CAPABILITY.indexOf(best)) best = granted;
  }
  return best;
}

/** Roster entries (NRPS) use the same vocabulary; the roster only lists coaches and teachers. */
export function rosterRoleFrom(roles: readonly string[]): 'teacher' | 'coach' | null {
  const role = coachingRoleFrom(roles);
  if (role === 'teacher') return 'teacher';
  if (role === 'coach' || role === 'provider-admin') return 'coach';
  return null;
}

export { CONTEXT_ROLE };
