/**
 * The keyboard shortcut (manifest `commands`): the background receives the command with the
 * active tab and sends it this typed message; the overlay's content script toggles. No `tabs`
 * permission: the tab arrives with the command event, and tabs.sendMessage needs none.
 */
export const TOGGLE_OVERLAY_COMMAND = 'toggle-overlay';

export interface ToggleOverlayMessage {
  type: 'toggle-overlay';
}

export function isToggleOverlayMessage(message: unknown): message is ToggleOverlayMessage {
  return (
    typeof message === 'object' &&
    message !== null &&
    (message as { type?: unknown }).type === 'toggle-overlay'
  );
}

interface CommandApis {
  commands: {
    onCommand: { addListener(listener: (command: string, tab?: { id?: number }) => void): void };
  };
  tabs: { sendMessage(tabId: number, message: ToggleOverlayMessage): Promise<unknown> };
}

/** Background side: forwards the shortcut to the tab it was pressed in. */
export function forwardToggleCommand(apis: CommandApis): void {
  apis.commands.onCommand.addListener((command, tab) => {
    if (command !== TOGGLE_OVERLAY_COMMAND || tab?.id === undefined) return;
    const message: ToggleOverlayMessage = { type: 'toggle-overlay' };
    // A tab without our content script (not a lesson-planning page) has no receiver: ignore.
    apis.tabs.sendMessage(tab.id, message).catch(() => {});
  });
}
