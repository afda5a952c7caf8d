import { SignJWT } from 'jose';
import type { DemoSigningKey } from './keys.ts';
import {
  DEMO_CLIENT_ID,
  DEMO_COURSE,
  DEMO_DEPLOYMENT_ID,
  DEMO_RESOURCE_LINK,
  type DemoPerson,
} from './people.ts';

const LTI = 'https://purl.imsglobal.org/spec/lti/claim/';

/** The id_token a Moodle-like platform sends for a resource-link launch, signed with the demo key. */
export async function signLaunchToken(options: {
  key: DemoSigningKey;
  issuer: string;
  person: DemoPerson;
  nonce: string;
  targetLinkUri: string;
  membershipsUrl: string;
  returnUrl: string;
}): Promise<string> {
  const { person } = options;
  return new SignJWT({
    nonce: options.nonce,
    azp: DEMO_CLIENT_ID,
    name: `${person.givenName} ${person.familyName}`,
    given_name: person.givenName,
    family_name: person.familyName,
    email: person.email,
    [`${LTI}message_type`]: 'LtiResourceLinkRequest',
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
    [`${LTI}resource_link`]: DEMO_RESOURCE_LINK,
    [`${LTI}tool_platform`]: { guid: 'demo-lms', name: 'Demo LMS', product_family_code: 'demo' },
    [`${LTI}launch_presentation`]: {
      document_target: 'iframe',
      return_url: options.returnUrl,
      locale: 'en-GB',
    },
    'https://purl.imsglobal.org/spec/lti-nrps/claim/namesroleservice': {
      context_memberships_url: options.membershipsUrl,
      service_versions: ['2.0'],
    },
  })
    .setProtectedHeader({ alg: 'RS256', kid: options.key.kid, typ: 'JWT' })
    .setIssuer(options.issuer)
    .setSubject(person.id)
    .setAudience(DEMO_CLIENT_ID)
    .setIssuedAt()
    .setExpirationTime('5m')
    .sign(options.key.privateKey);
}
