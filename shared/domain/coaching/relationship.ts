/** Who a person is in a course's coaching, from their LTI roles (lti-tool/lti/launch/roles.ts). */
export type CoachingRole = 'teacher' | 'coach' | 'provider-admin' | 'guest';
