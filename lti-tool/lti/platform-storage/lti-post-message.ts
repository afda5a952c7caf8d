import * as v from 'valibot';
import { LtiResponseSchema, type LtiResponse, type LtiStorageSubject } from './platform-storage-protocol.ts';

/** Why a message to the platform failed: `timeout`, `no-frame`, or the platform's own error code. */
export class LtiMessageError extends Error {
  override name = 'LtiMessageError';
  constructor(
    readonly code: string,
    message: string,
  ) {
    super(message);
  }
}

/** A random message id; `crypto.randomUUID` needs a secure context, `getRandomValues` does not. */
function messageId(crypto: Crypto): string {
  const bytes = crypto.getRandomValues(new Uint8Array(16));
  return `msg-${Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join('')}`;
}

/**
 * The frame that holds the platform's storage: `lti_storage_target` names a frame of the window
 * that embeds us (or opened us); `_parent` means that window itself.
 */
export function storageFrame(self: Window, target: string): Window | null {
  const host = self.parent !== self ? self.parent : (self.opener as Window | null);
  if (!host) return null;
  if (target === '_parent') return host;
  try {
    // Named child frames are readable across origins (WindowProxy named access).
    const frame = (host.frames as unknown as Record<string, Window | undefined>)[target];
    return frame ?? null;
  } catch {
    return null;
  }
}

/**
 * Sends one LTI postMessage and waits for its `.response`: only from `targetOrigin`, only with
 * our `message_id`; the listener is removed and the timer cleared on every way out.
 */
export function sendLtiMessage(options: {
  self: Window;
  target: Window;
  targetOrigin: string;
  subject: LtiStorageSubject;
  payload?: Record<string, string>;
  timeoutMs: number;
}): Promise<LtiResponse> {
  const { self, target, targetOrigin, subject } = options;
  const id = messageId(self.crypto);
  return new Promise((resolve, reject) => {
    const controller = new AbortController();
    const finish = (outcome: () => void) => {
      controller.abort();
      self.clearTimeout(timer);
      outcome();
    };
    self.addEventListener(
      'message',
      (event: MessageEvent) => {
        // Anyone can post to us: ignore other origins and other conversations rather than fail.
        if (event.origin !== targetOrigin) return;
        const parsed = v.safeParse(LtiResponseSchema, event.data);
        if (!parsed.success || parsed.output.message_id !== id) return;
        const response = parsed.output;
        if (response.subject !== `${subject}.response`) return;
        if (response.error !== undefined) {
          const error = typeof response.error === 'string' ? { message: response.error } : response.error;
          finish(() =>
            reject(
              new LtiMessageError(error.code ?? 'platform-error', error.message ?? 'The platform refused.'),
            ),
          );
          return;
        }
        finish(() => resolve(response));
      },
      { signal: controller.signal },
    );
    const timer = self.setTimeout(
      () =>
        finish(() =>
          reject(new LtiMessageError('timeout', `No ${subject} response after ${options.timeoutMs} ms.`)),
        ),
      options.timeoutMs,
    );
    try {
      target.postMessage({ subject, message_id: id, ...options.payload }, targetOrigin);
    } catch (error) {
      finish(() => reject(new LtiMessageError('post-failed', String(error))));
    }
  });
}
