import '@testing-library/jest-dom/vitest';
import 'fake-indexeddb/auto';
import { IDBFactory } from 'fake-indexeddb';
import { beforeEach } from 'vitest';

// A fresh IndexedDB for every test: no state leaks between tests.
beforeEach(() => {
  globalThis.indexedDB = new IDBFactory();
});

// jsdom has no layout, so nothing is ever resized: an observer that never reports is faithful.
globalThis.ResizeObserver ??= class {
  observe(): void {}
  unobserve(): void {}
  disconnect(): void {}
};
