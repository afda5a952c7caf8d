import { SignJWT } from 'jose';
import type { DemoSigningKey } from './keys.ts';
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

/** The id_token a Moodle-like platform sends, signed with the demo key. */
export async function signLaunchToken(options: {
  key: DemoSigningKey;
  issuer: string;
  person: DemoPerson;
  nonce: string;
  targetLinkUri: string;
  membershipsUrl: string;
  returnUrl: string;
  message: ResourceLinkMessage | DeepLinkingMessage;
}): Promise<string> {
  const { person } = options;
  return new SignJWT({
    nonce: options.nonce,
    azp: DEMO_CLIENT_ID,
    name: fullName(person),
    given_name: person.givenName,
    family_name: person.familyName,
    email: person.email,
    [`${LTI}message_type`]: options.message.type,
    [`${LTI}version`]: '1.3.0',
    [`${LTI}deployment_id`]: DEMO_DEPLOYMENT_ID,
    [`${LTI}target_link_uri`]: options.targetLinkUri,
    [`${LTI}roles`]: person.roles,
    [`${LTI}context`]: {
      id: DEMO_COURSE.id,
      label: DEMO_COURSE.label,
      title: DEMO_COURSE.title,
      type: ['http://purl.imsglobal.org/vocab/lis/v2/course#CourseOffering'],
    },
    [`${LTI}tool_platform`]: { guid: 'demo-lms', name: 'Demo LMS', product_family_code: 'demo' },
    [`${LTI}launch_presentation`]: {
      // "Add activities" opens the tool in the whole window; course activities open in the frame.
      document_target: options.message.type === 'LtiDeepLinkingRequest' ? 'window' : 'iframe',
      return_url: options.returnUrl,
      locale: 'en-GB',
    },
    [NRPS_CLAIM]: {
      context_memberships_url: options.membershipsUrl,
      service_versions: ['2.0'],
    },
    ...messageClaims(options.message),
  })
    .setProtectedHeader({ alg: 'RS256', kid: options.key.kid, typ: 'JWT' })
    .setIssuer(options.issuer)
    .setSubject(person.id)
    .setAudience(DEMO_CLIENT_ID)
    .setIssuedAt()
    .setExpirationTime('5m')
    .sign(options.key.privateKey);
}
