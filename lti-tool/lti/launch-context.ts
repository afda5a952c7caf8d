import type { CoachingRole } from '../../shared/domain/coaching/relationship.ts';
import { LTI, NRPS_CLAIM, type LaunchClaims } from './claims.ts';
import { coachingRoleFrom } from './roles.ts';

/** Our own typed view of a verified launch; nothing past lti/ sees raw claims. */
export interface LaunchContext {
  tenant: { issuer: string; clientId: string; deploymentId: string };
  user: { id: string; name: string | null; email: string | null };
  role: CoachingRole;
  context: { id: string; title: string | null } | null;
  resourceLink: { id: string; title: string | null } | null;
  messageType: 'LtiResourceLinkRequest' | 'LtiDeepLinkingRequest';
  membershipsUrl: string | null;
  custom: Record<string, string>;
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
  return {
    tenant: { ...tenant, deploymentId: claims[`${LTI}deployment_id`] },
    user: { id: claims.sub, name: displayName(claims), email: claims.email ?? null },
    role: coachingRoleFrom(claims[`${LTI}roles`]),
    context: context ? { id: context.id, title: context.title ?? context.label ?? null } : null,
    resourceLink: resourceLink ? { id: resourceLink.id, title: resourceLink.title ?? null } : null,
    messageType: claims[`${LTI}message_type`],
    membershipsUrl: claims[NRPS_CLAIM]?.context_memberships_url ?? null,
    custom,
  };
}
