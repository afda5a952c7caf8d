import type { CoachingRole } from '../../shared/domain/coaching/relationship.ts';
import { DomainError } from '../../shared/domain/errors.ts';
import type { Principal } from './principal.ts';

type Session = Extract<Principal, { kind: 'session' }>;
type Device = Extract<Principal, { kind: 'device' }>;

/**
 * Which rows an allowed caller is narrowed to: their own (a device: its teacher's, in every
 * course), their course's, their institution's, or the courses of the schools a provider admin
 * named them to lead (none named: refused).
 */
export type Scope = 'own' | 'course' | 'institution' | 'school';

/** Who calls: a page session's role in the course, or a paired extension. */
export type Caller = CoachingRole | 'device';

interface Rule {
  /** Page sessions with one of these roles in the course may. */
  readonly roles: readonly CoachingRole[];
  /** A paired extension may, for its own teacher. */
  readonly device: boolean;
  /** The rows each caller it admits is narrowed to: one scope for all, or one per caller. */
  readonly scope: Scope | Readonly<Partial<Record<Caller, Scope>>>;
}

/**
 * Who may do what, and on whose rows: the one table every route and service asks (the
 * authorization-matrix test drives it). Coaching is developmental: what a teacher and their coach
 * write (steps, rounds, feedback, check-ins, reflections, names on the roster) is for them.
 * Provider admins author modules and see counts, never content; they are not coaches, whatever
 * else their LMS role says.
 */
export const POLICY = {
  /** Set a teacher's action step (a teacher of the caller's course). */
  'steps.set': { roles: ['coach'], device: false, scope: 'course' },
  /** Read steps: a coach their course's, a teacher their own there, their extension their own everywhere. */
  'steps.read': {
    roles: ['coach', 'teacher'],
    device: true,
    scope: { coach: 'course', teacher: 'own', device: 'own' },
  },
  /** A teacher's own current step in this course. */
  'steps.readOwn': { roles: ['teacher'], device: false, scope: 'own' },
  /** The course's people and names. */
  'roster.read': { roles: ['coach'], device: false, scope: 'course' },
  /** Scores the LMS refused, with whose they were. */
  'grades.readFailed': { roles: ['coach'], device: false, scope: 'course' },
  /** Show a pairing code for one's own extension. */
  'devices.pair': { roles: ['teacher'], device: false, scope: 'own' },
  /** List and disconnect one's own paired browsers. */
  'devices.manage': { roles: ['teacher'], device: false, scope: 'own' },
  /** An extension signing itself out. */
  'devices.revokeSelf': { roles: [], device: true, scope: 'own' },
  /** A page swapping its short-lived token. */
  'session.refresh': { roles: ['teacher', 'coach', 'provider-admin'], device: false, scope: 'own' },
  /** The module library (the institution's own and the starters). */
  'modules.read': { roles: ['teacher', 'coach', 'provider-admin'], device: false, scope: 'institution' },
  /** Create, edit, import and export the institution's modules. */
  'modules.author': { roles: ['provider-admin'], device: false, scope: 'institution' },
  /** Counts per module: numbers only. */
  'modules.activity': { roles: ['provider-admin'], device: false, scope: 'institution' },
  /** Submit a practice round, and read one's own practice on an activity. */
  'practice.own': { roles: ['teacher'], device: false, scope: 'own' },
  /** The review queue, and feedback on a round of the caller's course. */
  'practice.review': { roles: ['coach'], device: false, scope: 'course' },
  /** A trainee's whole history: their coach (any trainee of the course), or themself. */
  'history.read': { roles: ['coach', 'teacher'], device: false, scope: { coach: 'course', teacher: 'own' } },
  /** A check-in on one's own step (the extension records "I planned for this"). */
  'checkIns.write': { roles: ['teacher'], device: true, scope: 'own' },
  /** A private reflection, and the practice draft. */
  'journal.own': { roles: ['teacher'], device: false, scope: 'own' },
  /**
   * Upload a recording of one's own (teacher), a model recorded in a coaching conversation
   * (coach, for a teacher of their course) or a model file for the institution (provider): the
   * scope says which (media/media-types.ts), and with it the types and limits.
   */
  'media.upload': {
    roles: ['teacher', 'coach', 'provider-admin'],
    device: false,
    scope: { teacher: 'own', coach: 'course', 'provider-admin': 'institution' },
  },
  /**
   * Play a file: one's own, a rehearsal or coach's model of the coach's course, or a coach's model
   * shown to the teacher in their conversation (models are the institution's: anyone there may
   * play them, media/media-service.ts).
   */
  'media.read': {
    roles: ['teacher', 'coach', 'provider-admin'],
    device: false,
    scope: { teacher: 'own', coach: 'course', 'provider-admin': 'own' },
  },
  /**
   * The coach's weekly cycle in their course: the caseload, observations, coaching conversations
   * and the course's rhythm. Provider admins and leaders never see what was said.
   */
  'cycle.coach': { roles: ['coach'], device: false, scope: 'course' },
  /** A teacher's own coaching conversations: the record is theirs. */
  'cycle.readOwn': { roles: ['teacher'], device: false, scope: 'own' },
  /** The extension's "recent feedback from your coach". */
  'feedback.readOwn': { roles: [], device: true, scope: 'own' },
  /**
   * The programme view: activity, never content. Provider admins see their institution; anyone
   * else only the schools a provider admin named them to lead (programme/programme-service.ts),
   * whatever their role in the course they launched from. Includes the viewer's own notes.
   */
  'programme.read': {
    roles: ['teacher', 'coach', 'provider-admin', 'guest'],
    device: false,
    scope: { 'provider-admin': 'institution', teacher: 'school', coach: 'school', guest: 'school' },
  },
  /** Name schools (sets of the institution's courses) and their leaders. */
  'programme.manage': { roles: ['provider-admin'], device: false, scope: 'institution' },
  /** Participation per teacher with LMS identifiers, for evidence of engagement: counts only. */
  'programme.export': { roles: ['provider-admin'], device: false, scope: 'institution' },
  /**
   * Share one of one's own practice rounds, or the record of a coaching conversation about
   * oneself, with a named person at one's institution; list and revoke one's shares
   * (sharing/sharing-service.ts). Nothing else about the teacher is opened.
   */
  'shares.own': { roles: ['teacher'], device: false, scope: 'own' },
  /**
   * Read what a teacher shared with oneself at this institution, whatever one's role in the course
   * one launched from (a leader, another mentor): only those items, while shared.
   */
  'shares.receive': {
    roles: ['teacher', 'coach', 'provider-admin', 'guest'],
    device: false,
    scope: 'own',
  },
  /** One's own reminders in the course: the digest email and the calendar feed link. */
  'reminders.manage': { roles: ['coach'], device: false, scope: 'own' },
  /**
   * Download everything the tool holds about oneself: across every course of the institution,
   * as one ZIP (privacy/export-service.ts; docs/privacy.md).
   */
  'data.exportOwn': { roles: ['teacher'], device: false, scope: 'own' },
  /**
   * Ask for someone at one's institution to be erased: recorded for the operator, who runs it
   * (privacy/erasure-service.ts). Reads nobody's data.
   */
  'data.requestErasure': { roles: ['provider-admin'], device: false, scope: 'institution' },
} as const satisfies Record<string, Rule>;

export type Action = keyof typeof POLICY;

/** The principal an action admits, narrowed: a session, a device, or either. */
export type AllowedFor<A extends Action> =
  | ((typeof POLICY)[A]['roles'] extends readonly [] ? never : Session)
  | ((typeof POLICY)[A]['device'] extends true ? Device : never);

/** The caller a principal is in the table's terms. */
export const callerOf = (principal: Principal): Caller =>
  principal.kind === 'device' ? 'device' : principal.role;

/** Whether `principal` may do `action` (for batch protocols that answer per item). */
export function can<A extends Action>(principal: Principal, action: A): principal is AllowedFor<A> {
  const rule: Rule = POLICY[action];
  return principal.kind === 'device' ? rule.device : rule.roles.includes(principal.role);
}

/** The principal, if they may do `action`; otherwise a 403 with a reason a person can act on. */
export function authorize<A extends Action>(principal: Principal, action: A): AllowedFor<A> {
  if (can(principal, action)) return principal;
  if (principal.kind === 'device') {
    throw new DomainError(
      'forbidden',
      'The browser extension cannot do this; open the tool from your course.',
    );
  }
  const rule: Rule = POLICY[action];
  throw new DomainError(
    'forbidden',
    rule.device && rule.roles.length === 0
      ? 'Only a paired browser extension can do this.'
      : 'Your role in this course does not allow this.',
  );
}

/** The scope of `action` a caller the table admits is narrowed to; null for a caller it does not name. */
export function scopeFor(action: Action, caller: Caller): Scope | null {
  const { scope }: Rule = POLICY[action];
  return typeof scope === 'string' ? scope : (scope[caller] ?? null);
}

/** The rows `action` narrows an admitted principal to. */
export function scopeOf<A extends Action>(principal: AllowedFor<A>, action: A): Scope {
  const scope = scopeFor(action, callerOf(principal));
  // Fails closed; the matrix test checks that every admitted caller has a scope.
  if (scope === null) throw new DomainError('forbidden', 'Your role in this course does not allow this.');
  return scope;
}
