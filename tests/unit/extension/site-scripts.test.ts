import { beforeEach, describe, expect, it, vi } from 'vitest';
import { fakeBrowser } from 'wxt/testing/fake-browser';
import {
  startSiteScripts,
  syncSiteScripts,
  type SiteScriptApis,
} from '../../../extension/features/site-access/site-scripts.ts';
import { addedSitesItem } from '../../../extension/storage.ts';

/** `browser.scripting` and `browser.permissions` as Chrome behaves, in memory (fakeBrowser has neither). */
function fakeApis(granted: string[] = []) {
  const scripts = new Map<
    string,
    { id: string; matches: string[]; js: string[]; persistAcrossSessions: boolean; allFrames: boolean }
  >();
  const origins = new Set(granted);
  const added: Array<() => void> = [];
  const removed: Array<() => void> = [];
  const apis = {
    scripting: {
      getRegisteredContentScripts: vi.fn(async () => [...scripts.values()]),
      registerContentScripts: vi.fn(
        async (list: Parameters<SiteScriptApis['scripting']['registerContentScripts']>[0]) => {
          for (const script of list) {
            if (scripts.has(script.id)) throw new Error(`Duplicate script ID '${script.id}'`);
            scripts.set(script.id, script);
          }
        },
      ),
      unregisterContentScripts: vi.fn(async ({ ids }: { ids: string[] }) => {
        for (const id of ids) scripts.delete(id);
      }),
    },
    permissions: {
      contains: vi.fn(async ({ origins: wanted }: { origins: string[] }) =>
        wanted.every((o) => origins.has(o)),
      ),
      onAdded: { addListener: (listener: () => void) => void added.push(listener) },
      onRemoved: { addListener: (listener: () => void) => void removed.push(listener) },
    },
  } satisfies SiteScriptApis;
  return {
    apis,
    scripts,
    grant(origin: string) {
      origins.add(origin);
      for (const listener of added) listener();
    },
    revoke(origin: string) {
      origins.delete(origin);
      for (const listener of removed) listener();
    },
  };
}

describe('content scripts for added sites', () => {
  beforeEach(() => {
    fakeBrowser.reset();
  });

  it('registers one top-frame, persisted script per permitted site', async () => {
    const fake = fakeApis(['https://lessons.example.org/*']);
    await syncSiteScripts(fake.apis, ['lessons.example.org', 'not-granted.example.org']);
    expect([...fake.scripts.values()]).toEqual([
      {
        id: 'added-site:lessons.example.org',
        matches: ['https://lessons.example.org/*'],
        js: ['content-scripts/lesson-plan.js'],
        runAt: 'document_idle',
        allFrames: false,
        persistAcrossSessions: true,
      },
    ]);
  });

  it('is idempotent, unregisters removed sites and leaves other registrations alone', async () => {
    const fake = fakeApis(['https://a.example.org/*', 'https://b.example.org/*']);
    fake.scripts.set('someone-else', {
      id: 'someone-else',
      matches: [],
      js: [],
      persistAcrossSessions: true,
      allFrames: false,
    });
    await syncSiteScripts(fake.apis, ['a.example.org', 'b.example.org']);
    await syncSiteScripts(fake.apis, ['a.example.org', 'b.example.org']);
    expect(fake.apis.scripting.registerContentScripts).toHaveBeenCalledTimes(1);

    await syncSiteScripts(fake.apis, ['b.example.org']);
    expect([...fake.scripts.keys()].sort()).toEqual(['added-site:b.example.org', 'someone-else']);
  });

  it('ignores malformed stored entries', async () => {
    const fake = fakeApis(['https://a.example.org/*']);
    await syncSiteScripts(fake.apis, ['a.example.org', 'https://*/*', 42, '<all_urls>']);
    expect([...fake.scripts.keys()]).toEqual(['added-site:a.example.org']);
  });

  it('re-syncs at start, when the list changes, and when a permission is granted or revoked', async () => {
    const fake = fakeApis(['https://a.example.org/*']);
    await addedSitesItem.setValue(['a.example.org']);
    const onError = vi.fn();
    const sync = startSiteScripts(fake.apis, addedSitesItem, onError);
    await vi.waitFor(() => expect([...fake.scripts.keys()]).toEqual(['added-site:a.example.org']));

    fake.grant('https://b.example.org/*');
    await addedSitesItem.setValue(['a.example.org', 'b.example.org']);
    await vi.waitFor(() => expect(fake.scripts.has('added-site:b.example.org')).toBe(true));

    fake.revoke('https://a.example.org/*');
    await vi.waitFor(() => expect(fake.scripts.has('added-site:a.example.org')).toBe(false));

    await sync();
    expect([...fake.scripts.keys()]).toEqual(['added-site:b.example.org']);
    expect(onError).not.toHaveBeenCalled();
  });

  it('reports a failed sync and keeps syncing afterwards', async () => {
    const fake = fakeApis(['https://a.example.org/*']);
    fake.apis.scripting.getRegisteredContentScripts.mockRejectedValueOnce(new Error('boom'));
    await addedSitesItem.setValue(['a.example.org']);
    const onError = vi.fn();
    const sync = startSiteScripts(fake.apis, addedSitesItem, onError);
    await vi.waitFor(() => expect(onError).toHaveBeenCalledWith(expect.any(Error)));
    await sync();
    expect([...fake.scripts.keys()]).toEqual(['added-site:a.example.org']);
  });
});
