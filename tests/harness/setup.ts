import '@testing-library/jest-dom/vitest';
import 'fake-indexeddb/auto';
import { IDBFactory } from 'fake-indexeddb';
import { beforeEach } from 'vitest';

// A fresh IndexedDB for every test: no state leaks between tests.
beforeEach(() => {
  globalThis.indexedDB = new IDBFactory();
});
