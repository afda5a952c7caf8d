/** The page a new install opens (extension/entrypoints/welcome/), at the extension's root. */
export const WELCOME_PATH = '/welcome.html';

interface FirstRunApis {
  runtime: {
    onInstalled: { addListener(listener: (details: { reason: string }) => void): void };
    getURL(path: typeof WELCOME_PATH): string;
  };
  tabs: { create(properties: { url: string }): Promise<unknown> };
}

/**
 * Opens the welcome page in a new tab when the extension is first installed: not after an
 * update, a browser update or a reload. Added synchronously, so the service worker that the
 * install starts hears the event. No `tabs` permission: opening a tab needs none.
 */
export function openWelcomeOnInstall(apis: FirstRunApis, onError: (error: unknown) => void): void {
  apis.runtime.onInstalled.addListener(({ reason }) => {
    if (reason !== 'install') return;
    apis.tabs.create({ url: apis.runtime.getURL(WELCOME_PATH) }).catch(onError);
  });
}
