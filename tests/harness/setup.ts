import '@testing-library/jest-dom/vitest';
import 'fake-indexeddb/auto';
import { IDBFactory } from 'fake-indexeddb';
import { configure } from '@testing-library/svelte';
import { beforeEach } from 'vitest';

// findBy*/waitFor give up after this long (the default is 1 s). A 2-core CI runner with two test
// files at once can take longer than that to render a page; a real failure still fails, later.
configure({ asyncUtilTimeout: 5000 });

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
