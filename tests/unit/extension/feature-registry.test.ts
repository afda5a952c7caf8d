import { readdirSync } from 'node:fs';
import { resolve } from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { ContentScriptContext } from 'wxt/utils/content-script-context';
import { actionStepOverlay } from '../../../extension/features/action-step-overlay/index.ts';
import { runFeatures } from '../../../extension/features/feature-manager.ts';
import { features } from '../../../extension/features/registry.ts';
import type { FeatureDefinition, FeatureGate } from '../../../extension/features/types.ts';

const featuresDir = resolve(import.meta.dirname, '../../../extension/features');
/** Folders under features/ that support features rather than being one (no FeatureDefinition). */
const SUPPORT_FOLDERS = ['site-access'];

describe('feature registry', () => {
  it('registers every folder in extension/features, by folder name', () => {
    const folders = readdirSync(featuresDir, { withFileTypes: true })
      .filter((entry) => entry.isDirectory() && !SUPPORT_FOLDERS.includes(entry.name))
      .map((entry) => entry.name)
      .sort();
    expect(folders.length).toBeGreaterThan(0);
    expect(features.map((feature) => feature.id).sort()).toEqual(folders);
  });

  it('has unique kebab-case ids', () => {
    const ids = features.map((feature) => feature.id);
    expect(new Set(ids).size).toBe(ids.length);
    for (const id of ids) expect(id).toMatch(/^[a-z0-9]+(-[a-z0-9]+)*$/);
  });
});

describe('action-step-overlay matches', () => {
  it.each([
    ['https://docs.google.com/document/d/1AbC_dEf/edit', true],
    ['https://docs.google.com/document/d/1AbC_dEf/edit?tab=t.0#heading=h.x', true],
    ['https://docs.google.com/presentation/d/1AbC_dEf/edit#slide=id.p', true],
    ['https://docs.google.com/spreadsheets/d/1AbC_dEf/edit', false],
    ['https://docs.google.com/document/u/0/', false],
    ['https://docs.google.com/', false],
    ['http://docs.google.com/document/d/1AbC_dEf/edit', false],
    ['https://docs.google.com.evil.example/document/d/1AbC_dEf/edit', false],
    ['https://evil.example/document/d/1AbC_dEf/edit', false],
    ['https://contoso.sharepoint.com/:w:/r/sites/maths/Doc.aspx', true],
    ['https://labs.thenational.academy/aila/abc123', true],
    ['https://labs.thenational.academy/', false],
    ['https://chatgpt.com/c/123', true],
  ])('%s → %s', (href, expected) => {
    expect(actionStepOverlay.matches(new URL(href))).toBe(expected);
  });
});

describe('feature manager', () => {
  function recordingFeature(id: string, matches: (url: URL) => boolean) {
    const signals: AbortSignal[] = [];
    const feature: FeatureDefinition = {
      id,
      matches,
      init: ({ signal }) => {
        signals.push(signal);
      },
    };
    return { feature, signals };
  }

  it('starts matching features only, and aborts them when the content script is invalidated', async () => {
    const ctx = new ContentScriptContext('test');
    const docs = recordingFeature('docs', (url) => url.pathname.startsWith('/document/'));
    const other = recordingFeature('other', () => false);

    runFeatures([docs.feature, other.feature], ctx, { href: 'https://docs.google.com/document/d/x/edit' });

    await vi.waitFor(() => expect(docs.signals).toHaveLength(1));
    expect(other.signals).toHaveLength(0);
    expect(docs.signals[0]?.aborted).toBe(false);
    ctx.abort();
    expect(docs.signals[0]?.aborted).toBe(true);
  });

  it('keeps one failing feature from stopping the others', async () => {
    const ctx = new ContentScriptContext('test');
    const consoleError = vi.spyOn(console, 'error').mockImplementation(() => {});
    const broken: FeatureDefinition = {
      id: 'broken',
      matches: () => true,
      init: () => {
        throw new Error('boom');
      },
    };
    const healthy = recordingFeature('healthy', () => true);

    runFeatures([broken, healthy.feature], ctx, { href: 'https://docs.google.com/document/d/x/edit' });

    await vi.waitFor(() => expect(healthy.signals).toHaveLength(1));
    await vi.waitFor(() =>
      expect(consoleError).toHaveBeenCalledWith(expect.stringContaining('broken'), expect.any(Error)),
    );
    ctx.abort();
  });
});

describe('feature manager: single-page apps and the site gate', () => {
  afterEach(() => {
    vi.useRealTimers();
    history.replaceState(null, '', '/');
  });

  function countingFeature(matches: (url: URL) => boolean) {
    const signals: AbortSignal[] = [];
    const feature: FeatureDefinition = {
      id: 'counted',
      matches,
      init: ({ signal }) => void signals.push(signal),
    };
    const live = () => signals.filter((signal) => !signal.aborted).length;
    return { feature, signals, live };
  }

  it('keeps one instance across in-page navigations and stops on a page that does not match', async () => {
    vi.useFakeTimers();
    const ctx = new ContentScriptContext('test');
    const counted = countingFeature((url) => url.pathname.startsWith('/aila'));
    history.replaceState(null, '', '/aila/one');

    runFeatures([counted.feature], ctx, window.location);
    await vi.waitFor(() => expect(counted.signals).toHaveLength(1));

    history.pushState(null, '', '/aila/two');
    await vi.advanceTimersByTimeAsync(1_000);
    history.pushState(null, '', '/aila/two#section');
    await vi.advanceTimersByTimeAsync(1_000);
    expect(counted.signals).toHaveLength(1);
    expect(counted.live()).toBe(1);

    history.pushState(null, '', '/settings');
    await vi.advanceTimersByTimeAsync(1_000);
    expect(counted.live()).toBe(0);

    history.pushState(null, '', '/aila/three');
    await vi.advanceTimersByTimeAsync(1_000);
    await vi.waitFor(() => expect(counted.signals).toHaveLength(2));
    expect(counted.live()).toBe(1);
    ctx.abort();
    expect(counted.live()).toBe(0);
  });

  it('stops and restarts features live when the gate changes its answer', async () => {
    const ctx = new ContentScriptContext('test');
    const counted = countingFeature(() => true);
    let allowed = true;
    let notify = () => {};
    const gate: FeatureGate = {
      allows: () => allowed,
      isAdded: () => false,
      watch: (onChange) => {
        notify = onChange;
      },
    };

    runFeatures([counted.feature], ctx, { href: 'https://www.tes.com/teaching-resources' }, gate);
    await vi.waitFor(() => expect(counted.live()).toBe(1));

    allowed = false;
    notify();
    expect(counted.live()).toBe(0);

    allowed = true;
    notify();
    await vi.waitFor(() => expect(counted.live()).toBe(1));
    expect(counted.signals).toHaveLength(2);
    ctx.abort();
  });
});
