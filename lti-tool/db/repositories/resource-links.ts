import type { ResourceLinkRecord, ResourceLinkStore } from '../../core/resource-links.ts';
import type { Models, ResourceLinkRow } from '../models.ts';
import { legacyResourceLinkKey, resourceLinkKey } from '../../core/link-keys.ts';

/** Resource links and their grade endpoints, refreshed on every launch. */
export function createResourceLinkRepository(models: Models): ResourceLinkStore {
  const toRecord = (row: ResourceLinkRow): ResourceLinkRecord => row.get();
  // What keyFor found, per tenant, link and activity: it never changes (a link keeps its pre-0003
  // key for the activity it had then, and no link gains one later), so every launch after the
  // first skips the read. Bounded: cleared when full.
  const keys = new Map<string, string>();
  const MAX_KEYS = 50_000;

  return {
    /** The key of `activity` at this resource link: its pre-0003 key if it had one, else resourceLinkKey. */
    async keyFor(tenant: string, resourceLinkId: string, activity: string): Promise<string> {
      const id = resourceLinkKey(tenant, resourceLinkId, activity);
      const known = keys.get(id);
      if (known) return known;
      const legacy = await models.ResourceLink.findByPk(legacyResourceLinkKey(tenant, resourceLinkId));
      const key = legacy?.activity === activity ? legacyResourceLinkKey(tenant, resourceLinkId) : id;
      if (keys.size >= MAX_KEYS) keys.clear();
      keys.set(id, key);
      return key;
    },
    /** Keeps a line item we created earlier if the platform sends none this time. */
    async upsert(link: ResourceLinkRecord): Promise<void> {
      const existing = await models.ResourceLink.findByPk(link.key);
      const lineItemUrl = link.lineItemUrl ?? existing?.lineItemUrl ?? null;
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
