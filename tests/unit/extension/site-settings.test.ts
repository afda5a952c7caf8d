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
import { fakePermissions, storedSiteGate } from './sites-harness.ts';

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

  it('offers "Allow" for a switched-on site the browser withholds, asking for exactly its hosts', async () => {
    const docs = DEFAULT_SITES.find((site) => site.id === 'google-docs')!;
    const permissions = fakePermissions(true, docs.hosts);
    render(SitesSection, { props: { sites: new SitesState({ permissions }) } });

    const allow = await screen.findByRole('button', { name: 'Allow on Google Docs and Slides' });
    expect(screen.getByTestId('withheld-google-docs')).toHaveTextContent(
      'not letting the extension run here',
    );
    expect(screen.getAllByRole('button', { name: /^Allow on/ })).toHaveLength(1);

    await fireEvent.click(allow);
    expect(permissions.request).toHaveBeenCalledWith({ origins: [...docs.hosts] });
    await vi.waitFor(() => expect(screen.queryByRole('button', { name: /^Allow on/ })).toBeNull());
    expect(screen.getByTestId('sites-status')).toHaveTextContent('Allowed on Google Docs and Slides.');
  });

  it('keeps offering "Allow" when the teacher declines the prompt, and not for a site switched off', async () => {
    const chat = DEFAULT_SITES.find((site) => site.id === 'chatgpt')!;
    await disabledSitesItem.setValue(['notion']);
    const notion = DEFAULT_SITES.find((site) => site.id === 'notion')!;
    const permissions = fakePermissions(false, [...chat.hosts, ...notion.hosts]);
    render(SitesSection, { props: { sites: new SitesState({ permissions }) } });

    await fireEvent.click(await screen.findByRole('button', { name: 'Allow on ChatGPT' }));
    await vi.waitFor(() =>
      expect(screen.getByTestId('sites-status')).toHaveTextContent('did not allow access to ChatGPT'),
    );
    expect(screen.getByRole('button', { name: 'Allow on ChatGPT' })).toBeInTheDocument();
    expect(screen.queryByRole('button', { name: 'Allow on Notion' })).toBeNull();
  });

  it('notices access taken away while the page is open', async () => {
    const permissions = fakePermissions(true);
    render(SitesSection, { props: { sites: new SitesState({ permissions }) } });
    await screen.findByRole('switch', { name: 'Canva' });
    expect(screen.queryByRole('button', { name: /^Allow on/ })).toBeNull();

    permissions.withhold(DEFAULT_SITES.find((site) => site.id === 'canva')!.hosts);
    await screen.findByRole('button', { name: 'Allow on Canva' });
  });

  it('has no axe violations', async () => {
    document.title = 'Action Step Coach settings';
    document.documentElement.lang = 'en';
    const withheld = DEFAULT_SITES.find((site) => site.id === 'tes')!.hosts;
    render(SitesSection, {
      props: { sites: new SitesState({ permissions: fakePermissions(true, withheld) }) },
    });
    await screen.findByRole('button', { name: 'Allow on Tes' });
    await expectNoAxeViolations();
  });
});
