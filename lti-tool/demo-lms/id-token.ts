import { SignJWT } from 'jose';
import type { DemoSigningKey } from './keys.ts';
import { personClaims, type LaunchPerson, type LmsProfile } from './lms-profiles.ts';
import { DEMO_CLIENT_ID, DEMO_COURSE, DEMO_DEPLOYMENT_ID, fullName, type DemoPerson } from './people.ts';

const LTI = 'https://purl.imsglobal.org/spec/lti/claim/';
const DL = 'https://purl.imsglobal.org/spec/lti-dl/claim/';
const AGS_CLAIM = 'https://purl.imsglobal.org/spec/lti-ags/claim/endpoint';
const NRPS_CLAIM = 'https://purl.imsglobal.org/spec/lti-nrps/claim/namesroleservice';

/** A launch of one course activity (resource link), with its custom parameters and gradebook service. */
export interface ResourceLinkMessage {
  type: 'LtiResourceLinkRequest';
  resourceLink: { id: string; title: string };
  custom: Record<string, string>;
  ags: { scope: readonly string[]; lineitems: string; lineitem: string | null };
}

/** "Add activities": the tool answers at `returnUrl`, echoing `data`. */
export interface DeepLinkingMessage {
  type: 'LtiDeepLinkingRequest';
  returnUrl: string;
  data: string;
}

function messageClaims(message: ResourceLinkMessage | DeepLinkingMessage): Record<string, unknown> {
  if (message.type === 'LtiDeepLinkingRequest') {
    return {
      [`${DL}deep_linking_settings`]: {
        deep_link_return_url: message.returnUrl,
        accept_types: ['ltiResourceLink'],
        accept_presentation_document_targets: ['iframe', 'window'],
        accept_multiple: true,
        auto_create: true,
        title: 'Add coaching activities',
        data: message.data,
      },
    };
  }
  return {
    [`${LTI}resource_link`]: message.resourceLink,
    [`${LTI}custom`]: message.custom,
    [AGS_CLAIM]: {
      scope: message.ags.scope,
      lineitems: message.ags.lineitems,
      ...(message.ags.lineitem ? { lineitem: message.ags.lineitem } : {}),
    },
  };
}

/** The id_token the demo LMS sends, as the LMS of its profile would, signed with the demo key. */
export async function signLaunchToken(options: {
  key: DemoSigningKey;
  profile: LmsProfile;
  issuer: string;
  person: DemoPerson;
  nonce: string;
  targetLinkUri: string;
  membershipsUrl: string;
  returnUrl: string;
  message: ResourceLinkMessage | DeepLinkingMessage;
}): Promise<string> {
  const { person, profile } = options;
  const platform = profile.platformClaims({
    clientId: DEMO_CLIENT_ID,
    person: launchPersonOf(person),
    returnUrl: options.returnUrl,
    // "Add activities" opens the tool in the whole window; course activities open in the frame.
    documentTarget: options.message.type === 'LtiDeepLinkingRequest' ? 'window' : 'iframe',
  });
  const message = messageClaims(options.message);
  const custom = { ...asRecord(platform[`${LTI}custom`]), ...asRecord(message[`${LTI}custom`]) };
  return new SignJWT({
    nonce: options.nonce,
    ...personClaims(profile, launchPersonOf(person)),
    [`${LTI}message_type`]: options.message.type,
    [`${LTI}version`]: '1.3.0',
    [`${LTI}deployment_id`]: DEMO_DEPLOYMENT_ID,
    [`${LTI}target_link_uri`]: options.targetLinkUri,
    [`${LTI}context`]: {
      id: DEMO_COURSE.id,
      label: DEMO_COURSE.label,
      title: DEMO_COURSE.title,
      type: ['http://purl.imsglobal.org/vocab/lis/v2/course#CourseOffering'],
    },
    [NRPS_CLAIM]: {
      context_memberships_url: options.membershipsUrl,
      service_versions: ['2.0'],
    },
    ...platform,
    ...message,
    ...(Object.keys(custom).length > 0 ? { [`${LTI}custom`]: custom } : {}),
  })
    .setProtectedHeader({ alg: 'RS256', kid: options.key.kid, typ: 'JWT' })
    .setIssuer(options.issuer)
    .setSubject(person.id)
    .setAudience(DEMO_CLIENT_ID)
    .setIssuedAt()
    .setExpirationTime('5m')
    .sign(options.key.privateKey);
}

const asRecord = (value: unknown): Record<string, unknown> =>
  typeof value === 'object' && value !== null ? (value as Record<string, unknown>) : {};

const launchPersonOf = (person: DemoPerson): LaunchPerson => ({
  id: person.id,
  name: fullName(person),
  givenName: person.givenName,
  familyName: person.familyName,
  email: person.email,
  courseRoles: person.roles,
});
