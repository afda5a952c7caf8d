/**
 * Asks the LMS to size the tool's frame to its content, so a launched page has no scrollbar of
 * its own inside the course page: `lti.frameResize`, which Canvas handles (ui/shared/lti/jquery/
 * subjects/lti.frameResize.ts) and Moodle does with its LTI message handler plugin
 * (ltisource_message_handler). Not part of the LTI specification.
 *
 * The message is the JSON text of `{ subject: 'lti.frameResize', height }`, height a whole number
 * of CSS pixels: Canvas reads a string or an object but sizes its tool wrapper only from a number
 * (anything else gives its 450 px minimum); the Moodle plugin JSON-parses the message, so it needs
 * text. The demo LMS (web/server-rendered/demo-frame-resize.ts) reads it with readFrameResize.
 */

export const FRAME_RESIZE_SUBJECT = 'lti.frameResize';

/** The frame-resize message for a content height. */
export function frameResizeMessage(height: number): string {
  return JSON.stringify({ subject: FRAME_RESIZE_SUBJECT, height });
}

/**
 * The height a frame-resize message asks for, in CSS pixels, or null if it is not one. Reads what
 * tools send: an object or its JSON text, with a number, a numeric string or "123px".
 */
export function readFrameResize(data: unknown): number | null {
  let message: unknown = data;
  if (typeof data === 'string') {
    try {
      message = JSON.parse(data);
    } catch {
      return null;
    }
  }
  if (typeof message !== 'object' || message === null) return null;
  const { subject, height } = message as { subject?: unknown; height?: unknown };
  if (subject !== FRAME_RESIZE_SUBJECT) return null;
  const pixels =
    typeof height === 'number'
      ? height
      : typeof height === 'string' && /^\s*\d+(\.\d+)?(px)?\s*$/.test(height)
        ? Number.parseFloat(height)
        : Number.NaN;
  return Number.isFinite(pixels) ? Math.ceil(pixels) : null;
}

/** What keepFrameSized needs of a window (a structural type, so tests can hand it a fake). */
export interface FramedWindow {
  readonly parent: { postMessage(message: string, targetOrigin: string): void } | null;
  readonly document: { readonly documentElement: Element };
  readonly location: { readonly ancestorOrigins?: { readonly length: number; [index: number]: string } };
  readonly ResizeObserver?: typeof ResizeObserver;
  requestAnimationFrame(callback: FrameRequestCallback): number;
  cancelAnimationFrame(handle: number): void;
}

/**
 * Where the message goes: the embedding page's origin when the browser tells us
 * (`location.ancestorOrigins`, Chromium and WebKit), else any origin. The message carries only a
 * height, and the page's frame-ancestors policy already limits who can embed it.
 */
function parentOrigin(win: FramedWindow): string {
  const origin = win.location.ancestorOrigins?.[0];
  return origin && origin !== 'null' ? origin : '*';
}

/**
 * Posts the document's height to the parent frame whenever it changes, at most once an
 * animation frame, and never the same height twice in a row (so a parent that resizes us on each
 * message cannot start a loop). Nothing happens when the page is not framed, or the browser has
 * no ResizeObserver. Chromium does not render a cross-site frame that is out of view, so the
 * first message may wait until the person scrolls to the frame. Stops when `signal` aborts.
 */
export function keepFrameSized(win: FramedWindow, signal: AbortSignal): void {
  const parent = win.parent;
  if (!parent || parent === (win as unknown) || !win.ResizeObserver || signal.aborted) return;
  const root = win.document.documentElement;
  const targetOrigin = parentOrigin(win);
  let sent = -1;
  let pending: number | null = null;
  const post = () => {
    pending = null;
    const height = Math.ceil(root.getBoundingClientRect().height);
    if (height <= 0 || height === sent) return;
    sent = height;
    parent.postMessage(frameResizeMessage(height), targetOrigin);
  };
  const observer = new win.ResizeObserver(() => {
    pending ??= win.requestAnimationFrame(post);
  });
  // Observing reports the current size at once: the first message goes on the next frame.
  observer.observe(root);
  signal.addEventListener(
    'abort',
    () => {
      observer.disconnect();
      if (pending !== null) win.cancelAnimationFrame(pending);
      pending = null;
    },
    { once: true },
  );
}
