import type { ContentScriptContext } from 'wxt/utils/content-script-context';

export interface FeatureContext {
  /** Aborted when the page navigates away or the extension is reloaded; features never clean up by hand. */
  signal: AbortSignal;
  /** WXT's context, for APIs such as createShadowRootUi that need it. */
  contentScript: ContentScriptContext;
}

/** One feature: an id (= folder name), the pages it runs on, and an init that only attaches things. */
export interface FeatureDefinition {
  id: string;
  matches(url: URL): boolean;
  init(context: FeatureContext): void | Promise<void>;
}
