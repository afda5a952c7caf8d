/**
 * A resource link (an activity placed in a course) and its grade endpoints: recorded by the
 * launch, read by grade passback and practice.
 */
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

/** Resource links, refreshed on every launch (implemented by db/repositories/resource-links.ts). */
export interface ResourceLinkStore {
  /** The key of `activity` at this resource link: its pre-0003 key if it had one, else resourceLinkKey. */
  keyFor(tenant: string, resourceLinkId: string, activity: string): Promise<string>;
  /** Keeps a line item we created earlier if the platform sends none this time. */
  upsert(link: ResourceLinkRecord): Promise<void>;
  get(key: string): Promise<ResourceLinkRecord | null>;
  setLineItemUrl(key: string, lineItemUrl: string): Promise<void>;
}
