import type { CoachingRole } from '../../../shared/domain/coaching/relationship.ts';
import { AGS_CLAIM, DL, LTI, NRPS_CLAIM, type LaunchClaims } from './claims.ts';
import { coachingRoleFrom } from './roles.ts';

/** Our own typed view of a verified launch; nothing past lti/ sees raw claims. */
export interface LaunchContext {
  tenant: { issuer: string; clientId: string; deploymentId: string };
  user: { id: string; name: string | null; email: string | null; sourcedId: string | null };
  role: CoachingRole;
  context: { id: string; title: string | null } | null;
  resourceLink: { id: string; title: string | null } | null;
  messageType: 'LtiResourceLinkRequest' | 'LtiDeepLinkingRequest';
  membershipsUrl: string | null;
  custom: Record<string, string>;
  /** Assignment and Grade Services for this resource link, when the platform offers them. */
  grades: { lineItemsUrl: string | null; lineItemUrl: string | null; scopes: string[] } | null;
  /** Present on deep-linking requests: where to send the picked activities, and what the platform accepts. */
  deepLinking: DeepLinkingSettings | null;
}

export interface DeepLinkingSettings {
  returnUrl: string;
  acceptTypes: string[];
  acceptMultiple: boolean;
  data: string | null;
}

function displayName(claims: LaunchClaims): string | null {
  const joined = [claims.given_name, claims.family_name].filter(Boolean).join(' ').trim();
  return claims.name?.trim() || joined || null;
}

export function toLaunchContext(
  claims: LaunchClaims,
  tenant: { issuer: string; clientId: string },
): LaunchContext {
  const custom: Record<string, string> = {};
  for (const [key, value] of Object.entries(claims[`${LTI}custom`] ?? {})) {
    if (typeof value === 'string') custom[key] = value;
  }
  const context = claims[`${LTI}context`];
  const resourceLink = claims[`${LTI}resource_link`];
  const deepLinking = claims[`${DL}deep_linking_settings`];
  const ags = claims[AGS_CLAIM];
  return {
    tenant: { ...tenant, deploymentId: claims[`${LTI}deployment_id`] },
    user: {
      id: claims.sub,
      name: displayName(claims),
      email: claims.email ?? null,
      sourcedId: claims[`${LTI}lis`]?.person_sourcedid ?? null,
    },
    role: coachingRoleFrom(claims[`${LTI}roles`]),
    context: context ? { id: context.id, title: context.title ?? context.label ?? null } : null,
    resourceLink: resourceLink ? { id: resourceLink.id, title: resourceLink.title ?? null } : null,
    messageType: claims[`${LTI}message_type`],
    membershipsUrl: claims[NRPS_CLAIM]?.context_memberships_url ?? null,
    custom,
    grades: ags
      ? { lineItemsUrl: ags.lineitems ?? null, lineItemUrl: ags.lineitem ?? null, scopes: ags.scope }
      : null,
    deepLinking: deepLinking
      ? {
          returnUrl: deepLinking.deep_link_return_url,
          acceptTypes: deepLinking.accept_types,
          acceptMultiple: deepLinking.accept_multiple,
          data: deepLinking.data ?? null,
        }
      : null,
  };
}
