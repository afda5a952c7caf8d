import * as v from 'valibot';
import { browser } from 'wxt/browser';
import {
  ExtensionResponseSchema,
  type ExtensionRequest,
  type ExtensionResponse,
} from '../../shared/protocol/messages.ts';

export type SendRequest = (request: ExtensionRequest) => Promise<ExtensionResponse>;

/**
 * How the popup, options page and content scripts reach the background. Replies are validated
 * too, and a background that cannot be reached (extension updated, worker starting) becomes
 * an ordinary error rather than an exception.
 */
export const sendToBackground: SendRequest = async (request) => {
  try {
    const response: unknown = await browser.runtime.sendMessage(request);
    const parsed = v.safeParse(ExtensionResponseSchema, response);
    if (parsed.success) return parsed.output;
    return {
      ok: false,
      error: { code: 'bad-response', message: 'The extension sent a reply this page cannot read.' },
    };
  } catch {
    return {
      ok: false,
      error: { code: 'unreachable', message: 'Could not reach the extension. Reload the page.' },
    };
  }
};
