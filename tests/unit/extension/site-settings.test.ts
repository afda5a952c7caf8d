import { fireEvent, render, screen } from '@testing-library/svelte';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import { fakeBrowser } from 'wxt/testing/fake-browser';
import SitesSection from '../../../extension/entrypoints/options/sites-section.svelte';
import { SitesState } from '../../../extension/entrypoints/options/sites-state.svelte.ts';
import {
  createSiteGate,
  readDisabledSites,
  withSiteEnabled,
} from '../../../extension/features/site-access/site-gate.ts';
import { DEFAULT_SITES } from '../../../extension/features/site-access/sites.ts';
import { disabledSitesItem } from '../../../extension/storage.ts';
import { expectNoAxeViolations } from '../lti-tool/web/axe.ts';
import { storedSiteGate } from './site-gate-harness.ts';

describe('site settings', () => {
  beforeEach(() => {
    fakeBrowser.reset();
  });

  it('reads the stored list defensively: unknown ids and non-text entries are dropped', () => {
    expect([...readDisabledSites(['canva', 'nope', 3, null, 'tes'])]).toEqual(['canva', 'tes']);
    expect(readDisabledSites('canva').size).toBe(0);
    expect(readDisabledSites(undefined).size).toBe(0);
  });

  it('switches sites off and on, keeping a stable order and no duplicates', () => {
    let list = withSiteEnabled([], 'tes', false);
    list = withSiteEnabled(list, 'canva', false);
    list = withSiteEnabled(list, 'canva', false);
    expect(list).toEqual(['canva', 'tes']);
    expect(withSiteEnabled(list, 'canva', true)).toEqual(['tes']);
    expect(withSiteEnabled(list, 'made-up', false)).toEqual(['canva', 'tes']);
  });

  it('gates a switched-off site’s pages only, and follows changes live', async () => {
    await disabledSitesItem.setValue(['chatgpt']);
    const gate = await storedSiteGate();
    const chat = new URL('https://chatgpt.com/c/1');
    const docs = new URL('https://docs.google.com/document/d/1/edit');
    expect(gate.allows(chat)).toBe(false);
    expect(gate.allows(docs)).toBe(true);

    const controller = new AbortController();
    const changed = vi.fn();
    gate.watch(changed, controller.signal);
    await disabledSitesItem.setValue(['google-docs']);
    await vi.waitFor(() => expect(changed).toHaveBeenCalledTimes(1));
    expect(gate.allows(chat)).toBe(true);
    expect(gate.allows(docs)).toBe(false);

    controller.abort();
    await disabledSitesItem.setValue([]);
    expect(changed).toHaveBeenCalledTimes(1);
  });

  it('keeps a switch flipped while the page was still reading the lists', async () => {
    let answerRead: (value: string[]) => void = () => {};
    let announce: (value: string[]) => void = () => {};
    // The first read is on its way with the old list when the teacher switches Docs off.
    const disabledItem = {
      getValue: () => new Promise<string[]>((resolve) => (answerRead = resolve)),
      watch: (onChange: (value: string[]) => void) => {
        announce = onChange;
        return () => {};
      },
    };
    const addedItem = { getValue: async () => [], watch: () => () => {} };
    const pending = createSiteGate(disabledItem, addedItem, new AbortController().signal);
    announce(['google-docs']);
    answerRead([]);
    const gate = await pending;
    expect(gate.allows(new URL('https://docs.google.com/document/d/1/edit'))).toBe(false);
  });

  it('lists every default site with a switch that writes storage', async () => {
    await disabledSitesItem.setValue(['notion']);
    render(SitesSection, { props: { sites: new SitesState() } });

    const switches = screen.getAllByRole('switch');
    expect(switches).toHaveLength(DEFAULT_SITES.length);
    const notion = screen.getByRole('switch', { name: 'Notion' });
    await vi.waitFor(() => expect(notion).not.toBeChecked());
    const canva = screen.getByRole('switch', { name: 'Canva' });
    expect(canva).toBeChecked();

    await fireEvent.click(canva);
    await vi.waitFor(async () => expect(await disabledSitesItem.getValue()).toEqual(['canva', 'notion']));
    expect(canva).not.toBeChecked();

    await fireEvent.click(notion);
    await vi.waitFor(async () => expect(await disabledSitesItem.getValue()).toEqual(['canva']));
    expect(notion).toBeChecked();
  });

  it('follows changes made elsewhere (another options tab)', async () => {
    render(SitesSection, { props: { sites: new SitesState() } });
    const tes = screen.getByRole('switch', { name: 'Tes' });
    expect(tes).toBeChecked();
    await disabledSitesItem.setValue(['tes']);
    await vi.waitFor(() => expect(tes).not.toBeChecked());
  });

  it('has no axe violations', async () => {
    document.title = 'Action Step Coach settings';
    document.documentElement.lang = 'en';
    render(SitesSection, { props: { sites: new SitesState() } });
    await screen.findByRole('heading', { name: 'Where your step appears' });
    await expectNoAxeViolations();
  });
});
