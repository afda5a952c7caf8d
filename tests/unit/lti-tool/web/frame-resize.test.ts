// @vitest-environment node
import { describe, expect, it } from 'vitest';
import {
  frameResizeMessage,
  keepFrameSized,
  readFrameResize,
  type FramedWindow,
} from '../../../../lti-tool/web/frame-resize.ts';

/** A window in a frame (or not), with a ResizeObserver and animation frames the test drives. */
function fakeWindow(options: { framed?: boolean; ancestors?: string[] | null; observer?: boolean } = {}) {
  let height = 0;
  const posts: { message: string; targetOrigin: string }[] = [];
  const frames = new Map<number, FrameRequestCallback>();
  const observers: { callback: () => void; observed: unknown[]; disconnected: boolean }[] = [];
  let nextFrame = 1;
  const root = { getBoundingClientRect: () => ({ height }) } as unknown as Element;
  class FakeResizeObserver {
    readonly record: (typeof observers)[number];
    constructor(callback: () => void) {
      this.record = { callback, observed: [], disconnected: false };
      observers.push(this.record);
    }
    observe(target: unknown) {
      this.record.observed.push(target);
      // As browsers do: observing reports the current size.
      this.record.callback();
    }
    disconnect() {
      this.record.disconnected = true;
    }
  }
  const parent = {
    postMessage: (message: string, targetOrigin: string) => posts.push({ message, targetOrigin }),
  };
  const ancestors = options.ancestors === undefined ? ['https://lms.example'] : options.ancestors;
  const win: FramedWindow = {
    parent,
    document: { documentElement: root },
    location: ancestors === null ? {} : { ancestorOrigins: [...ancestors] },
    ...(options.observer === false
      ? {}
      : { ResizeObserver: FakeResizeObserver as unknown as typeof ResizeObserver }),
    requestAnimationFrame(callback) {
      frames.set(nextFrame, callback);
      return nextFrame++;
    },
    cancelAnimationFrame(handle) {
      frames.delete(handle);
    },
  };
  if (options.framed === false) Object.assign(win, { parent: win });
  return {
    win,
    posts,
    observers,
    pendingFrames: () => frames.size,
    /** The page's content is now this tall, and the observer says so. */
    resize(to: number) {
      height = to;
      for (const observer of observers) if (!observer.disconnected) observer.callback();
    },
    runFrames() {
      const due = [...frames.values()];
      frames.clear();
      for (const callback of due) callback(0);
    },
  };
}

const message = (height: number) => JSON.stringify({ subject: 'lti.frameResize', height });

describe('keepFrameSized', () => {
  it('posts the content height to the parent on the next frame, addressed to the embedding origin', () => {
    const page = fakeWindow();
    page.resize(0);
    page.resize(812);
    keepFrameSized(page.win, new AbortController().signal);
    expect(page.observers[0]?.observed).toEqual([page.win.document.documentElement]);
    expect(page.posts).toEqual([]);
    page.runFrames();
    expect(page.posts).toEqual([{ message: message(812), targetOrigin: 'https://lms.example' }]);
  });

  it('posts once a frame however often the size changes, with the latest height, rounded up', () => {
    const page = fakeWindow();
    keepFrameSized(page.win, new AbortController().signal);
    page.resize(900);
    page.resize(950);
    page.resize(1000.2);
    expect(page.pendingFrames()).toBe(1);
    page.runFrames();
    expect(page.posts.map((post) => post.message)).toEqual([message(1001)]);
  });

  it('never posts the same height twice in a row, so a parent resizing the frame cannot start a loop', () => {
    const page = fakeWindow();
    keepFrameSized(page.win, new AbortController().signal);
    page.resize(700);
    page.runFrames();
    // The parent resized the frame: the observer fires, the content is as tall as before.
    page.resize(700);
    page.runFrames();
    page.resize(700);
    page.runFrames();
    page.resize(640);
    page.runFrames();
    page.resize(700);
    page.runFrames();
    expect(page.posts.map((post) => post.message)).toEqual([message(700), message(640), message(700)]);
  });

  it("addresses any origin when the browser does not say the parent's (Firefox), or it is opaque", () => {
    for (const ancestors of [null, [], ['null']]) {
      const page = fakeWindow({ ancestors });
      keepFrameSized(page.win, new AbortController().signal);
      page.resize(500);
      page.runFrames();
      expect(page.posts).toEqual([{ message: message(500), targetOrigin: '*' }]);
    }
  });

  it('does nothing outside a frame, or without ResizeObserver', () => {
    for (const page of [fakeWindow({ framed: false }), fakeWindow({ observer: false })]) {
      keepFrameSized(page.win, new AbortController().signal);
      page.resize(500);
      page.runFrames();
      expect(page.observers).toHaveLength(0);
      expect(page.posts).toEqual([]);
    }
  });

  it('stops when its signal aborts, dropping a post not yet sent', () => {
    const page = fakeWindow();
    const controller = new AbortController();
    keepFrameSized(page.win, controller.signal);
    page.resize(500);
    controller.abort();
    expect(page.observers[0]?.disconnected).toBe(true);
    expect(page.pendingFrames()).toBe(0);
    page.resize(800);
    page.runFrames();
    expect(page.posts).toEqual([]);
  });
});

describe('readFrameResize', () => {
  it.each([
    [frameResizeMessage(640), 640],
    [{ subject: 'lti.frameResize', height: 640 }, 640],
    [{ subject: 'lti.frameResize', height: '640' }, 640],
    [{ subject: 'lti.frameResize', height: '640px' }, 640],
    [{ subject: 'lti.frameResize', height: 639.5 }, 640],
    [{ subject: 'lti.frameResize', height: 'max' }, null],
    [{ subject: 'lti.frameResize', height: '64em' }, null],
    [{ subject: 'lti.frameResize' }, null],
    [{ subject: 'lti.frameResize', height: Number.POSITIVE_INFINITY }, null],
    [{ subject: 'lti.scrollToTop', height: 640 }, null],
    ['{"subject":"lti.frameResize","height":', null],
    ['640', null],
    [null, null],
  ])('reads %j as %j', (data, height) => {
    expect(readFrameResize(data)).toBe(height);
  });
});
