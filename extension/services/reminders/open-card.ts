import { browser } from 'wxt/browser';

/** The side panel page (entrypoints/sidepanel); in a tab it is the same card, full width. */
export const CARD_PAGE = '/sidepanel.html';

interface SidePanelApi {
  open(options: { windowId: number }): Promise<void>;
}

/**
 * Opens the fuller card from a notification click. Chrome's side panel opens only within the
 * click (no await before `open`); Firefox has no `sidePanel`, and its sidebar cannot be opened
 * from a notification, so the card opens in a tab there, and whenever the panel refuses.
 */
export function openCard(api: { sidePanel?: SidePanelApi } = browser as { sidePanel?: SidePanelApi }) {
  const openTab = async () => {
    await browser.tabs.create({ url: browser.runtime.getURL(CARD_PAGE) });
  };
  if (!api.sidePanel) return openTab();
  try {
    return api.sidePanel.open({ windowId: browser.windows.WINDOW_ID_CURRENT }).catch(openTab);
  } catch {
    return openTab();
  }
}
