import { browser } from 'wxt/browser';

/**
 * The content script's view of the few `storage.local` values it needs (the site gate's lists, the
 * overlay's collapsed flag, positions and step revision, the sites where the unpaired hint was
 * dismissed), for pages it runs on.
 *
 * Why not the items in extension/storage.ts: every `storage.defineItem` reads its key once as soon
 * as it is defined, and each `getValue` and `watch` is one more `storage.local.get` or `onChanged`
 * listener, so a content script with five items made nine storage round trips and four listeners
 * while the page was loading. Here nothing is read until asked, and reads asked for in the same
 * tick share one `get`. The keys are the same as storage.ts's items
 * (tests/unit/extension/content-storage.test.ts checks it), and values are validated by their readers
 * (site-gate.ts, position.ts), so a missing key reads as the item's fallback.
 */
export const CONTENT_KEYS = {
  disabledSites: 'disabledSites',
  addedSites: 'addedSites',
  overlayCollapsed: 'overlayCollapsed',
  overlayPositions: 'overlayPositions',
  stepRevision: 'stepRevision',
  pairHintDismissed: 'pairHintDismissed',
} as const;

export interface StoredValue<T> {
  getValue(): Promise<T>;
  setValue(value: T): Promise<void>;
  /** Calls `onChange` with each new value (the fallback when removed); returns the unwatch. */
  watch(onChange: (value: T) => void): () => void;
}

type Listener = (value: unknown) => void;

let batch: Map<string, ((value: unknown) => void)[]> | null = null;

function read(key: string): Promise<unknown> {
  return new Promise((resolve, reject) => {
    if (!batch) {
      const current = new Map<string, ((value: unknown) => void)[]>();
      batch = current;
      queueMicrotask(() => {
        batch = null;
        browser.storage.local.get([...current.keys()]).then((values: Record<string, unknown>) => {
          for (const [name, resolvers] of current) for (const done of resolvers) done(values[name]);
        }, reject);
      });
    }
    const resolvers = batch.get(key) ?? [];
    resolvers.push(resolve);
    batch.set(key, resolvers);
  });
}

function watch(key: string, listener: Listener): () => void {
  const onChanged = (changes: Record<string, { newValue?: unknown }>, area: string) => {
    if (area === 'local' && key in changes) listener(changes[key]!.newValue);
  };
  browser.storage.onChanged.addListener(onChanged);
  return () => browser.storage.onChanged.removeListener(onChanged);
}

/** One value in `storage.local`, read fresh each time (batched per tick), `fallback` when missing. */
export function contentValue<T>(key: string, fallback: T): StoredValue<T> {
  const orFallback = (value: unknown) => (value ?? fallback) as T;
  return {
    getValue: async () => orFallback(await read(key)),
    setValue: (value) => browser.storage.local.set({ [key]: value }),
    watch: (onChange) => watch(key, (value) => onChange(orFallback(value))),
  };
}

export const disabledSitesValue = contentValue<string[]>(CONTENT_KEYS.disabledSites, []);
export const addedSitesValue = contentValue<string[]>(CONTENT_KEYS.addedSites, []);
export const overlayCollapsedValue = contentValue<boolean>(CONTENT_KEYS.overlayCollapsed, false);
export const overlayPositionsValue = contentValue<Record<string, { x: number; y: number }>>(
  CONTENT_KEYS.overlayPositions,
  {},
);
export const stepRevisionValue = contentValue<number>(CONTENT_KEYS.stepRevision, 0);
export const pairHintDismissedValue = contentValue<string[]>(CONTENT_KEYS.pairHintDismissed, []);
