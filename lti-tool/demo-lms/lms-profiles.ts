/**
 * How each LMS reads the LTI 1.3 specs, as its documentation and source show: the claims it adds to
 * a launch, the role vocabulary it sends, and its gradebook's rules for scores. The demo LMS is
 * configured with one of these (DEMO_LMS_AS), and the tests' platforms bend launches on top of the
 * same profiles, so there is one simulator of each LMS, not one per use.
 */

const LTI = 'https://purl.imsglobal.org/spec/lti/claim/';
const LIS = 'http://purl.imsglobal.org/vocab/lis/v2/membership#';
const SYSTEM = 'http://purl.imsglobal.org/vocab/lis/v2/system/person#';
const INSTITUTION = 'http://purl.imsglobal.org/vocab/lis/v2/institution/person#';

export type LmsName = 'moodle' | 'canvas' | 'openedx';

export const COURSE_ROLES = {
  instructor: `${LIS}Instructor`,
  learner: `${LIS}Learner`,
  mentor: `${LIS}Mentor`,
  administrator: `${LIS}Administrator`,
  contentDeveloper: `${LIS}ContentDeveloper`,
} as const;

/** Open edX sends a course role with neutral system and institution roles (xblock-lti-consumer LTI_1P3_ROLE_MAP). */
const OPENEDX_NEUTRAL = [`${SYSTEM}None`, `${INSTITUTION}None`];

/** The role sets Open edX sends, by its own role names. */
export const OPENEDX_ROLES = {
  student: [...OPENEDX_NEUTRAL, COURSE_ROLES.learner],
  staff: [...OPENEDX_NEUTRAL, COURSE_ROLES.instructor],
  /** The course "Admin" (Open edX's `instructor` role). */
  courseAdmin: [...OPENEDX_NEUTRAL, COURSE_ROLES.administrator, COURSE_ROLES.instructor],
  /** Django global staff: instance-admin style roles. */
  globalStaff: [
    `${SYSTEM}Administrator`,
    `${INSTITUTION}Administrator`,
    `${INSTITUTION}Staff`,
    `${INSTITUTION}Faculty`,
    `${INSTITUTION}Instructor`,
    COURSE_ROLES.administrator,
    COURSE_ROLES.instructor,
  ],
};

export interface LaunchPerson {
  id: string;
  name: string;
  givenName: string;
  familyName: string;
  email: string;
  /** Course (membership) roles; the profile adds what its LMS sends around them. */
  courseRoles: readonly string[];
}

export interface PlatformClaimContext {
  clientId: string;
  person: LaunchPerson;
  /** Where the LMS takes the user back to (launch_presentation.return_url), when it sends one. */
  returnUrl: string;
  documentTarget: 'iframe' | 'window';
}

/** A score as a tool posts it to a line item (AGS Score), after the schema checks. */
export interface PostedScore {
  scoreGiven?: number | null | undefined;
  scoreMaximum?: number | null | undefined;
  gradingProgress: string;
  timestamp: string;
}

export type ScoreDecision =
  | { outcome: 'keep'; scoreGiven: number | null }
  | { outcome: 'stale' }
  | { outcome: 'refused'; message: string };

export interface LmsProfile {
  name: LmsName;
  /** As people name it: "Moodle". */
  label: string;
  /** Whether its launches carry given_name and family_name (Open edX sends neither). */
  sendsGivenAndFamilyName: boolean;
  /** The roles claim for someone with these course roles. */
  roles(courseRoles: readonly string[]): string[];
  /** What this LMS adds to every launch: tool_platform, its extensions, launch presentation. */
  platformClaims(context: PlatformClaimContext): Record<string, unknown>;
  gradebook: {
    /** Moodle keeps scoreGiven only when gradingProgress is FullyGraded. */
    keepsScoreOnlyWhenFullyGraded: boolean;
    /** Moodle answers 409 to a score whose timestamp is not later (to the second) than the stored one. */
    refusesStaleTimestamp: boolean;
    /** Canvas answers 400 to service calls without a User-Agent. */
    requiresUserAgent: boolean;
  };
}

const moodle: LmsProfile = {
  name: 'moodle',
  label: 'Moodle',
  sendsGivenAndFamilyName: true,
  roles: (courseRoles) => [...courseRoles],
  platformClaims: ({ person, returnUrl, documentTarget }) => ({
    [`${LTI}tool_platform`]: { guid: 'moodle.school.example', name: 'Moodle', product_family_code: 'moodle' },
    [`${LTI}ext`]: { user_username: person.id, lms: 'moodle-2' },
    [`${LTI}launch_presentation`]: { locale: 'en', document_target: documentTarget, return_url: returnUrl },
  }),
  gradebook: { keepsScoreOnlyWhenFullyGraded: true, refusesStaleTimestamp: true, requiresUserAgent: false },
};

const canvas: LmsProfile = {
  name: 'canvas',
  label: 'Canvas',
  sendsGivenAndFamilyName: true,
  roles: (courseRoles) => [...courseRoles],
  platformClaims: ({ clientId }) => ({
    azp: clientId,
    locale: 'en-GB',
    [`${LTI}tool_platform`]: { guid: 'canvas-guid', name: 'Canvas', product_family_code: 'canvas' },
    [`${LTI}lti1p1`]: { user_id: 'legacy-id' },
    [`${LTI}custom`]: { canvas_course_id: '42' },
    'https://www.instructure.com/placement': 'course_navigation',
  }),
  gradebook: { keepsScoreOnlyWhenFullyGraded: false, refusesStaleTimestamp: false, requiresUserAgent: true },
};

/**
 * Open edX (xblock-lti-consumer `LtiAdvantageConsumer.get_lti_launch_message`): name and email only
 * when the block shares them, neutral system and institution roles beside the course role.
 */
const openedx: LmsProfile = {
  name: 'openedx',
  label: 'Open edX',
  sendsGivenAndFamilyName: false,
  roles: (courseRoles) => [...OPENEDX_NEUTRAL, ...courseRoles],
  platformClaims: ({ clientId, documentTarget }) => ({
    azp: clientId,
    [`${LTI}launch_presentation`]: { document_target: documentTarget },
    [`${LTI}tool_platform`]: { guid: 'c7a5b2bb-3c5e-5e1f-9a43-4d3a4f0b6f10', name: 'Open edX' },
  }),
  gradebook: { keepsScoreOnlyWhenFullyGraded: false, refusesStaleTimestamp: false, requiresUserAgent: false },
};

export const LMS_PROFILES: Readonly<Record<LmsName, LmsProfile>> = { moodle, canvas, openedx };

/** The identity claims of a launch, as this LMS sends them. */
export function personClaims(profile: LmsProfile, person: LaunchPerson): Record<string, unknown> {
  return {
    sub: person.id,
    name: person.name,
    ...(profile.sendsGivenAndFamilyName
      ? { given_name: person.givenName, family_name: person.familyName }
      : {}),
    email: person.email,
    [`${LTI}roles`]: profile.roles(person.courseRoles),
  };
}

/** What this LMS's gradebook does with a posted score, given the one it holds (if any). */
export function judgeScore(
  profile: LmsProfile,
  score: PostedScore,
  context: { storedTimestamp: string | null; userAgent: string | undefined },
): ScoreDecision {
  const rules = profile.gradebook;
  if (rules.requiresUserAgent && !context.userAgent)
    return { outcome: 'refused', message: 'User-Agent required' };
  const given = score.scoreGiven ?? null;
  if (given !== null && (score.scoreMaximum ?? null) === null)
    return { outcome: 'refused', message: 'scoreMaximum is required with scoreGiven' };
  const seconds = (timestamp: string) => Math.floor(Date.parse(timestamp) / 1000);
  if (
    rules.refusesStaleTimestamp &&
    context.storedTimestamp !== null &&
    seconds(score.timestamp) <= seconds(context.storedTimestamp)
  )
    return { outcome: 'stale' };
  const ignored = rules.keepsScoreOnlyWhenFullyGraded && score.gradingProgress !== 'FullyGraded';
  return { outcome: 'keep', scoreGiven: ignored ? null : given };
}
