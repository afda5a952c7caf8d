import { fireEvent, render, screen } from '@testing-library/svelte';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import { ContentScriptContext } from 'wxt/utils/content-script-context';
import { fakeBrowser } from 'wxt/testing/fake-browser';
import SitesSection from '../../../extension/entrypoints/options/sites-section.svelte';
import { SitesState } from '../../../extension/entrypoints/options/sites-state.svelte.ts';
import { actionStepOverlay } from '../../../extension/features/action-step-overlay/index.ts';
import { runFeatures } from '../../../extension/features/feature-manager.ts';
import { parseSiteInput, readAddedSites } from '../../../extension/features/site-access/added-sites.ts';
import type { FeatureDefinition } from '../../../extension/features/types.ts';
import { addedSitesItem } from '../../../extension/storage.ts';
import { expectNoAxeViolations } from '../lti-tool/web/axe.ts';
import { fakePermissions, storedSiteGate } from './sites-harness.ts';

describe('adding a site: what the teacher may type', () => {
  it.each([
    ['lessons.example.org', 'lessons.example.org'],
    ['  Lessons.Example.org ', 'lessons.example.org'],
    ['https://lessons.example.org/unit/3?x=1', 'lessons.example.org'],
    ['sub.school.sch.uk', 'sub.school.sch.uk'],
  ])('%s → %s', (raw, host) => {
    expect(parseSiteInput(raw)).toEqual({ ok: true, host });
  });

  it.each([
    ['', /Type the site/],
    ['http://lessons.example.org', /Only https/],
    ['ftp://lessons.example.org', /Only https/],
    ['javascript:alert(1)', /Only https/],
    ['https://lessons.example.org:8443/', /without a port/],
    ['https://me:pw@lessons.example.org/', /without a port or a login/],
    ['localhost', /site name/],
    ['https://127.0.0.1/', /site name/],
    ['*.example.org', /not a web address|site name/],
    ['https://docs.google.com/', /already in the list/],
    ['contoso.sharepoint.com', /already in the list/],
  ])('refuses %j', (raw, message) => {
    const parsed = parseSiteInput(raw);
    expect(parsed.ok).toBe(false);
    if (!parsed.ok) expect(parsed.message).toMatch(message);
  });

  it('reads the stored list defensively', () => {
    expect(readAddedSites(['a.example.org', 'a.example.org', 'http://x', 4, 'b.example.org'])).toEqual([
      'a.example.org',
      'b.example.org',
    ]);
    expect(readAddedSites({})).toEqual([]);
  });
});

describe('adding a site in the options page', () => {
  beforeEach(() => {
    fakeBrowser.reset();
  });

  it('asks for exactly that https host from the submit, then stores it', async () => {
    const permissions = fakePermissions(true);
    render(SitesSection, { props: { sites: new SitesState({ permissions }) } });
    await fireEvent.input(screen.getByRole('textbox', { name: /^Add a site/ }), {
      target: { value: 'https://lessons.example.org/unit/3' },
    });
    await fireEvent.click(screen.getByRole('button', { name: 'Add site' }));

    expect(permissions.request).toHaveBeenCalledWith({ origins: ['https://lessons.example.org/*'] });
    await vi.waitFor(() =>
      expect(screen.getByTestId('sites-status')).toHaveTextContent('Added lessons.example.org'),
    );
    expect(screen.getByText('lessons.example.org')).toBeInTheDocument();
    expect(await addedSitesItem.getValue()).toEqual(['lessons.example.org']);
    expect(screen.getByRole('textbox', { name: /^Add a site/ })).toHaveValue('');
  });

  it('does not ask the browser for an invalid site, and says why next to the field', async () => {
    const permissions = fakePermissions(true);
    render(SitesSection, { props: { sites: new SitesState({ permissions }) } });
    const field = screen.getByRole('textbox', { name: /^Add a site/ });
    await fireEvent.input(field, { target: { value: 'http://lessons.example.org' } });
    await fireEvent.click(screen.getByRole('button', { name: 'Add site' }));

    expect(permissions.request).not.toHaveBeenCalled();
    expect(field).toHaveAttribute('aria-invalid', 'true');
    expect(field).toHaveAccessibleDescription(/Only https/);
    expect(await addedSitesItem.getValue()).toEqual([]);
  });

  it('stores nothing when the teacher declines the browser prompt', async () => {
    const permissions = fakePermissions(false);
    render(SitesSection, { props: { sites: new SitesState({ permissions }) } });
    await fireEvent.input(screen.getByRole('textbox', { name: /^Add a site/ }), {
      target: { value: 'lessons.example.org' },
    });
    await fireEvent.click(screen.getByRole('button', { name: 'Add site' }));
    await vi.waitFor(() =>
      expect(screen.getByTestId('sites-status')).toHaveTextContent(/Not added: the browser did not allow/),
    );
    expect(await addedSitesItem.getValue()).toEqual([]);
  });

  it('removes a site and gives its permission back', async () => {
    await addedSitesItem.setValue(['lessons.example.org', 'plans.example.net']);
    const permissions = fakePermissions(true);
    render(SitesSection, { props: { sites: new SitesState({ permissions }) } });
    await fireEvent.click(await screen.findByRole('button', { name: 'Remove lessons.example.org' }));

    await vi.waitFor(async () => expect(await addedSitesItem.getValue()).toEqual(['plans.example.net']));
    expect(permissions.remove).toHaveBeenCalledWith({ origins: ['https://lessons.example.org/*'] });
    expect(screen.queryByText('lessons.example.org')).toBeNull();
  });

  it('has no axe violations with sites added and an error shown', async () => {
    document.title = 'Action Step Coach settings';
    document.documentElement.lang = 'en';
    await addedSitesItem.setValue(['lessons.example.org']);
    render(SitesSection, { props: { sites: new SitesState({ permissions: fakePermissions(true) }) } });
    await screen.findByRole('button', { name: 'Remove lessons.example.org' });
    await fireEvent.click(screen.getByRole('button', { name: 'Add site' }));
    await screen.findByText(/Type the site/);
    await expectNoAxeViolations();
  });
});

describe('the overlay on an added site', () => {
  beforeEach(() => {
    fakeBrowser.reset();
  });

  it('runs features that opt in on added hosts only, and stops when the site is removed', async () => {
    await addedSitesItem.setValue(['lessons.example.org']);
    const gate = await storedSiteGate();
    const started: AbortSignal[] = [];
    const optIn: FeatureDefinition = {
      id: 'opt-in',
      matches: () => false,
      onAddedSites: true,
      init: ({ signal }) => void started.push(signal),
    };
    const ctx = new ContentScriptContext('test');
    runFeatures([optIn], ctx, { href: 'https://lessons.example.org/plan/1' }, gate);
    await vi.waitFor(() => expect(started).toHaveLength(1));

    await addedSitesItem.setValue([]);
    await vi.waitFor(() => expect(started[0]?.aborted).toBe(true));
    ctx.abort();
  });

  it('is the overlay’s choice: it opts in, and matches no unlisted host by itself', async () => {
    expect(actionStepOverlay.onAddedSites).toBe(true);
    expect(actionStepOverlay.matches(new URL('https://lessons.example.org/plan/1'))).toBe(false);
    const gate = await storedSiteGate();
    expect(gate.isAdded(new URL('https://lessons.example.org/plan/1'))).toBe(false);
  });
});
