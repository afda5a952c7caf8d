import type { ContentScriptContext } from 'wxt/utils/content-script-context';

export interface FeatureContext {
  /** Aborted when the page navigates away or the extension is reloaded; features never clean up by hand. */
  signal: AbortSignal;
  /** WXT's context (location changes, timers tied to the content script's life). */
  contentScript: ContentScriptContext;
}

/** One feature: an id (= folder name), the pages it runs on, and an init that only attaches things. */
export interface FeatureDefinition {
  id: string;
  matches(url: URL): boolean;
  /** Also runs on every page of a site the teacher added in the options page. */
  onAddedSites?: boolean;
  init(context: FeatureContext): void | Promise<void>;
}

/** A page-wide switch over every feature (the teacher's per-site on/off), which may change live. */
export interface FeatureGate {
  allows(url: URL): boolean;
  /** Whether `url` is on a site the teacher added (not a default one). */
  isAdded(url: URL): boolean;
  /** Calls `onChange` whenever `allows` may answer differently, until `signal` aborts. */
  watch(onChange: () => void, signal: AbortSignal): void;
}
