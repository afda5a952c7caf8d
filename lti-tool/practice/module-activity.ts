/**
 * The `activity` stored on a resource link that embeds a practice module: `module:<id>`. Not the
 * deep-linking picker's value (lti/deep-linking/deep-linking.ts moduleChoice), which happens to
 * read the same.
 */
const MODULE_ACTIVITY_PREFIX = 'module:';

/** The `activity` stored on a resource link that embeds a practice module. */
export const moduleActivity = (moduleId: string) => `${MODULE_ACTIVITY_PREFIX}${moduleId}`;

/** The module a resource link embeds, or null for other activities (the action step). */
export function moduleIdOfActivity(activity: string): string | null {
  return activity.startsWith(MODULE_ACTIVITY_PREFIX) ? activity.slice(MODULE_ACTIVITY_PREFIX.length) : null;
}

/** Links the platform gave grade endpoints for: only these get scores. */
export const hasGradebook = (link: { lineItemsUrl: string | null; lineItemUrl: string | null }) =>
  Boolean(link.lineItemsUrl || link.lineItemUrl);
