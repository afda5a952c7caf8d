import * as v from 'valibot';
import { browser, type Browser } from 'wxt/browser';
import { describeIssues } from '../../shared/domain/validation.ts';
import { ExtensionRequestSchema, type ExtensionResponse } from '../../shared/protocol/messages.ts';
import type { CoachingService } from './coaching-service.ts';
import { toErrorPayload } from './error-payload.ts';
import { reportError } from '../errors.ts';

type Sender = Browser.runtime.MessageSender;

/**
 * Content scripts run inside pages we do not control (a compromised page renderer can send
 * anything as the content script), so they may only read, or open the options page (the unpaired
 * hint's button). Pairing, unpairing and writing the step need one of our own pages.
 */
const CONTENT_SCRIPT_REQUESTS: ReadonlySet<string> = new Set(['get-overview', 'open-options']);

function isExtensionPage(sender: Sender, extensionOrigin: string): boolean {
  if (sender.url !== undefined) return sender.url.startsWith(extensionOrigin);
  return sender.tab === undefined;
}

/**
 * The background's single runtime.onMessage listener. It answers through `sendResponse` and
 * returns `true`: that keeps the channel open in Chrome, with webextension-polyfill, and in
 * wxt's fakeBrowser (which ignores returned promises).
 */
export function createMessageListener(
  service: Promise<CoachingService>,
  options: {
    extensionOrigin: string;
    /** The browser's own in production; tests pass a spy. */
    openOptionsPage?: () => Promise<void>;
  },
) {
  const openOptionsPage = options.openOptionsPage ?? (() => browser.runtime.openOptionsPage());
  async function respond(message: unknown, sender: Sender): Promise<ExtensionResponse> {
    const parsed = v.safeParse(ExtensionRequestSchema, message);
    if (!parsed.success) {
      return { ok: false, error: { code: 'invalid-message', message: describeIssues(parsed.issues) } };
    }
    if (
      !CONTENT_SCRIPT_REQUESTS.has(parsed.output.type) &&
      !isExtensionPage(sender, options.extensionOrigin)
    ) {
      return {
        ok: false,
        error: { code: 'forbidden', message: 'Only the extension’s own pages can do that.' },
      };
    }
    try {
      if (parsed.output.type === 'open-options') await openOptionsPage();
      return await (await service).handle(parsed.output);
    } catch (error) {
      reportError('message', error);
      return { ok: false, error: toErrorPayload(error) };
    }
  }

  return (message: unknown, sender: Sender, sendResponse: (response: ExtensionResponse) => void): true => {
    void respond(message, sender).then(sendResponse);
    return true;
  };
}
