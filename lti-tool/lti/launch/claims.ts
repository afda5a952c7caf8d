import * as v from 'valibot';

export const LTI = 'https://purl.imsglobal.org/spec/lti/claim/';
export const NRPS_CLAIM = 'https://purl.imsglobal.org/spec/lti-nrps/claim/namesroleservice';
export const DL = 'https://purl.imsglobal.org/spec/lti-dl/claim/';
export const AGS_CLAIM = 'https://purl.imsglobal.org/spec/lti-ags/claim/endpoint';

const optionalText = v.optional(v.nullable(v.string()));
const id = (what: string) =>
  v.pipe(v.string(`${what} must be a string`), v.nonEmpty(`${what} is empty`), v.maxLength(255));

/**
 * The LTI 1.3 claims we require of a launch, after its signature was verified.
 * The 1EdTech certification's "known bad" launches each fail one of these.
 */
export const LaunchClaimsSchema = v.pipe(
  v.looseObject({
    sub: id('sub'),
    name: optionalText,
    given_name: optionalText,
    family_name: optionalText,
    email: optionalText,
    [`${LTI}message_type`]: v.picklist(
      ['LtiResourceLinkRequest', 'LtiDeepLinkingRequest'],
      'message_type must be LtiResourceLinkRequest or LtiDeepLinkingRequest',
    ),
    [`${LTI}version`]: v.literal('1.3.0', 'version must be 1.3.0'),
    [`${LTI}deployment_id`]: id('deployment_id'),
    // Required in a resource link launch; a deep-linking request need not carry it (Deep
    // Linking 2.0 requires only its own claims). When sent, oidc-routes checks it is the login's.
    [`${LTI}target_link_uri`]: v.optional(
      v.pipe(
        v.string('target_link_uri must be a string'),
        v.maxLength(2048, 'target_link_uri is too long'),
        v.url('target_link_uri must be a URL'),
      ),
    ),
    [`${LTI}roles`]: v.array(v.string(), 'roles claim must be a list (it may be empty)'),
    [`${LTI}resource_link`]: v.optional(v.looseObject({ id: id('resource_link.id'), title: optionalText })),
    [`${LTI}context`]: v.optional(
      v.looseObject({ id: id('context.id'), title: optionalText, label: optionalText }),
    ),
    // LIS (LTI core 1.3 §5.4.4): only the person's SIS id is read, for engagement exports.
    [`${LTI}lis`]: v.optional(
      v.nullable(
        v.looseObject({ person_sourcedid: v.optional(v.nullable(v.pipe(v.string(), v.maxLength(255)))) }),
      ),
    ),
    [`${LTI}custom`]: v.optional(v.nullable(v.record(v.string(), v.unknown()))),
    [NRPS_CLAIM]: v.optional(v.looseObject({ context_memberships_url: v.pipe(v.string(), v.url()) })),
    [AGS_CLAIM]: v.optional(
      v.looseObject({
        scope: v.optional(v.array(v.string()), []),
        lineitems: v.optional(v.pipe(v.string(), v.url())),
        lineitem: v.optional(v.pipe(v.string(), v.url())),
      }),
    ),
    [`${DL}deep_linking_settings`]: v.optional(
      v.looseObject({
        deep_link_return_url: v.pipe(v.string(), v.url('deep_link_return_url must be a URL')),
        accept_types: v.array(v.string()),
        accept_multiple: v.optional(v.boolean(), true),
        data: v.optional(v.string()),
      }),
    ),
  }),
  v.check(
    (claims) =>
      claims[`${LTI}message_type`] !== 'LtiResourceLinkRequest' ||
      claims[`${LTI}resource_link`] !== undefined,
    'a resource link launch must carry resource_link.id',
  ),
  v.check(
    (claims) =>
      claims[`${LTI}message_type`] !== 'LtiResourceLinkRequest' ||
      claims[`${LTI}target_link_uri`] !== undefined,
    'a resource link launch must carry target_link_uri',
  ),
  v.check(
    (claims) =>
      claims[`${LTI}message_type`] !== 'LtiDeepLinkingRequest' ||
      claims[`${DL}deep_linking_settings`] !== undefined,
    'a deep linking request must carry deep_linking_settings',
  ),
);
export type LaunchClaims = v.InferOutput<typeof LaunchClaimsSchema>;
