import type { Models } from '../models.ts';

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
