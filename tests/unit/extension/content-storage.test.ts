import { beforeEach, describe, expect, it, vi } from 'vitest';
import { fakeBrowser } from 'wxt/testing/fake-browser';
import {
  CONTENT_KEYS,
  addedSitesValue,
  disabledSitesValue,
  overlayCollapsedValue,
  overlayPositionsValue,
  stepRevisionValue,
} from '../../../extension/features/site-access/content-storage.ts';
import {
  addedSitesItem,
  disabledSitesItem,
  overlayCollapsedItem,
  overlayPositionsItem,
  pairHintDismissedItem,
  stepRevisionItem,
} from '../../../extension/storage.ts';

describe("the content script's storage values", () => {
  beforeEach(() => {
    fakeBrowser.reset();
  });

  it('use the same keys as the items in extension/storage.ts', () => {
    expect(
      [
        disabledSitesItem,
        addedSitesItem,
        overlayCollapsedItem,
        overlayPositionsItem,
        stepRevisionItem,
        pairHintDismissedItem,
      ].map((item) => item.key),
    ).toEqual(Object.values(CONTENT_KEYS).map((key) => `local:${key}`));
  });

  it('read what the items wrote, and the items read what they write', async () => {
    await disabledSitesItem.setValue(['oak']);
    await overlayPositionsItem.setValue({ 'docs.google.com': { x: 1, y: 2 } });
    expect(await disabledSitesValue.getValue()).toEqual(['oak']);
    expect(await overlayPositionsValue.getValue()).toEqual({ 'docs.google.com': { x: 1, y: 2 } });

    await overlayCollapsedValue.setValue(true);
    expect(await overlayCollapsedItem.getValue()).toBe(true);
  });

  it("give the item's fallback for a key never written", async () => {
    expect(await addedSitesValue.getValue()).toEqual([]);
    expect(await overlayCollapsedValue.getValue()).toBe(false);
    expect(await overlayPositionsValue.getValue()).toEqual({});
  });

  it('share one storage read among reads asked for together, and read fresh afterwards', async () => {
    await addedSitesItem.setValue(['planning.example.org']);
    const get = vi.spyOn(fakeBrowser.storage.local, 'get');
    const [disabled, added, collapsed] = await Promise.all([
      disabledSitesValue.getValue(),
      addedSitesValue.getValue(),
      overlayCollapsedValue.getValue(),
    ]);
    expect([disabled, added, collapsed]).toEqual([[], ['planning.example.org'], false]);
    expect(get).toHaveBeenCalledTimes(1);

    await addedSitesItem.setValue([]);
    expect(await addedSitesValue.getValue()).toEqual([]);
    expect(get).toHaveBeenCalledTimes(2);
  });

  it('report changes to one key until unwatched, with the fallback when it is removed', async () => {
    const seen: number[] = [];
    const unwatch = stepRevisionValue.watch((value) => seen.push(value));
    await overlayCollapsedItem.setValue(true);
    await stepRevisionItem.setValue(3);
    await stepRevisionItem.removeValue();
    await vi.waitFor(() => expect(seen).toEqual([3, 0]));

    unwatch();
    await stepRevisionItem.setValue(4);
    expect(seen).toEqual([3, 0]);
  });
});
