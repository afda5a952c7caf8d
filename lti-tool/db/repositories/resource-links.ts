import type { Models } from '../models.ts';
import { stableKey } from '../tokens.ts';

/**
 * An activity's key: the resource link AND what the launch asked for (`activity` as stored
 * below). Platforms may give several activities one resource link id (Open edX gives every
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

export interface ResourceLinkRecord {
  key: string;
  tenant: string;
  contextKey: string;
  issuer: string;
  clientId: string;
  resourceLinkId: string;
  activity: string;
  lineItemsUrl: string | null;
  lineItemUrl: string | null;
  agsScopes: string[];
}

/** Resource links and their grade endpoints, refreshed on every launch. */
export function createResourceLinkRepository(models: Models) {
  const toRecord = (row: { get(): unknown }): ResourceLinkRecord => {
    const data = row.get() as ResourceLinkRecord & { agsScopes: string[] | string };
    return {
      ...data,
      agsScopes: typeof data.agsScopes === 'string' ? JSON.parse(data.agsScopes) : data.agsScopes,
    };
  };
  return {
    /** The key of `activity` at this resource link: its pre-0003 key if it had one, else resourceLinkKey. */
    async keyFor(tenant: string, resourceLinkId: string, activity: string): Promise<string> {
      const legacy = await models.ResourceLink.findByPk(legacyResourceLinkKey(tenant, resourceLinkId));
      if (legacy && (legacy.get('activity') as string) === activity)
        return legacyResourceLinkKey(tenant, resourceLinkId);
      return resourceLinkKey(tenant, resourceLinkId, activity);
    },
    /** Keeps a line item we created earlier if the platform sends none this time. */
    async upsert(link: ResourceLinkRecord): Promise<void> {
      const existing = await models.ResourceLink.findByPk(link.key);
      const lineItemUrl = link.lineItemUrl ?? (existing ? toRecord(existing).lineItemUrl : null);
      await models.ResourceLink.upsert({ ...link, lineItemUrl });
    },
    async get(key: string): Promise<ResourceLinkRecord | null> {
      const row = await models.ResourceLink.findByPk(key);
      return row ? toRecord(row) : null;
    },
    async setLineItemUrl(key: string, lineItemUrl: string): Promise<void> {
      await models.ResourceLink.update({ lineItemUrl }, { where: { key } });
    },
  };
}
export type ResourceLinkRepository = ReturnType<typeof createResourceLinkRepository>;
