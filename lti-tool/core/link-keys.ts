import { stableKey } from './tokens.ts';

/**
 * How a launch's institution, course and activity are keyed in our tables: one function per key,
 * used by the launch that writes them, the repositories that read them and the tests that seed them.
 */

/** Tenancy is (issuer, client_id, deployment_id): Canvas schools share one issuer. */
export function tenantKeyOf(launch: {
  tenant: { issuer: string; clientId: string; deploymentId: string };
}): string {
  return stableKey(launch.tenant.issuer, launch.tenant.clientId, launch.tenant.deploymentId);
}

/** A course (the platform's context id) within its institution. */
export const contextKeyOf = (tenant: string, lmsContextId: string) => stableKey(tenant, lmsContextId);

/**
 * An activity's key: the resource link AND what the launch asked for (`activity` as stored on
 * the link). Platforms may give several activities one resource link id (Open edX gives every
 * item a block holds its block's id), so the link id alone would mix their work.
 */
export const resourceLinkKey = (tenant: string, resourceLinkId: string, activity: string) =>
  stableKey(tenant, 'link', resourceLinkId, activity);

/**
 * The key before migration 0003: the resource link alone. Links stored then keep it for the
 * activity they had at the migration (0003-link-activity.ts moved other activities' work off).
 */
export const legacyResourceLinkKey = (tenant: string, resourceLinkId: string) =>
  stableKey(tenant, 'link', resourceLinkId);
