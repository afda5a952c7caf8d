import { fireEvent, render, screen, within } from '@testing-library/svelte';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import { fakeBrowser } from 'wxt/testing/fake-browser';
import SitesSection from '../../../extension/entrypoints/options/sites-section.svelte';
import {
  SitesState,
  type HostPermissions,
} from '../../../extension/entrypoints/options/sites-state.svelte.ts';
import { accessTo } from '../../../extension/features/site-access/granted-access.ts';
import { DEFAULT_SITES, DEFAULT_SITE_MATCHES } from '../../../extension/features/site-access/sites.ts';
import { addedSitesItem, disabledSitesItem } from '../../../extension/storage.ts';
import { expectNoAxeViolations } from '../lti-tool/web/axe.ts';
import { fakePermissions } from './sites-harness.ts';

const site = (id: string) => DEFAULT_SITES.find((candidate) => candidate.id === id)!;
const DOCS = site('google-docs');
const MICROSOFT = site('microsoft-365');

/** What `permissions.getAll().origins` listed on a fresh install, in each browser (probed in 156 and 153 ESR). */
const CHROMIUM_FRESH = DEFAULT_SITE_MATCHES;
const FIREFOX_FRESH = DEFAULT_SITE_MATCHES.map((pattern) =>
  pattern.replace(/^(https:\/\/[^/]+)\/.*$/, '$1/*'),
);

describe('access read from the granted origins', () => {
  it.each([
    ['Chromium, fresh install (content-script patterns with their paths)', CHROMIUM_FRESH],
    ['Firefox, fresh install (the same hosts, paths made /*)', FIREFOX_FRESH],
    ['every site granted at once', ['<all_urls>']],
    ['every https site (the optional hosts, all granted)', ['https://*/*']],
    ['http and https, any host', ['*://*/*']],
  ])('%s: every default site is granted', (_browser, granted) => {
    for (const { hosts } of DEFAULT_SITES) expect(accessTo(hosts, granted)).toBe('granted');
  });

  it('"site access: on click" (nothing listed): every default site is withheld', () => {
    for (const { hosts } of DEFAULT_SITES) expect(accessTo(hosts, [])).toBe('withheld');
  });

  it('"on specific sites" with Docs only: Docs and Slides granted, its neighbours on Google not', () => {
    // What Chromium 156 lists after the user allows docs.google.com alone.
    const granted = ['https://docs.google.com/document/*', 'https://docs.google.com/presentation/*'];
    expect(accessTo(DOCS.hosts, granted)).toBe('granted');
    // A host permission is a host: /document/* also grants /presentation/* there.
    expect(accessTo(DOCS.hosts, ['https://docs.google.com/document/*'])).toBe('granted');
    expect(accessTo(site('google-drive').hosts, granted)).toBe('withheld');
    expect(accessTo(site('gemini').hosts, granted)).toBe('withheld');
  });

  it('one SharePoint tenant of *.sharepoint.com, or some of a site’s hosts, is partial', () => {
    expect(accessTo(MICROSOFT.hosts, ['https://contoso.sharepoint.com/*'])).toBe('partial');
    expect(accessTo(MICROSOFT.hosts, ['https://www.office.com/*'])).toBe('partial');
    expect(accessTo(MICROSOFT.hosts, ['https://*.microsoft/*'])).toBe('partial');
  });

  it('a wildcard covers its subdomains and the bare domain, and nothing beside them', () => {
    expect(accessTo(['https://lessons.example.org/*'], ['https://*.example.org/*'])).toBe('granted');
    expect(accessTo(['https://example.org/*'], ['https://*.example.org/*'])).toBe('granted');
    expect(accessTo(['https://*.sharepoint.com/*'], ['https://*.sharepoint.com/*'])).toBe('granted');
    expect(accessTo(['https://notexample.org/*'], ['https://*.example.org/*'])).toBe('withheld');
    // The bare domain is one of the hosts *.sharepoint.com matches, not all of them.
    expect(accessTo(['https://*.sharepoint.com/*'], ['https://sharepoint.com/*'])).toBe('partial');
    expect(accessTo(['https://*.sharepoint.com/*'], ['https://*.sharepoint.org/*'])).toBe('withheld');
  });

  it('compares schemes: an http grant does not run the overlay on https', () => {
    expect(accessTo(['https://www.tes.com/*'], ['http://www.tes.com/*'])).toBe('withheld');
    expect(accessTo(['https://www.tes.com/*'], ['*://www.tes.com/*'])).toBe('granted');
    expect(accessTo(['https://www.tes.com/*'], ['HTTPS://WWW.TES.COM/*'])).toBe('granted');
  });

  it('ignores anything that is not a match pattern, on either side', () => {
    expect(accessTo(['https://www.tes.com/*'], ['storage', '', 'www.tes.com'])).toBe('withheld');
    expect(accessTo(['not a pattern'], ['<all_urls>'])).toBe('withheld');
    expect(accessTo([], ['<all_urls>'])).toBe('withheld');
  });
});

/** What each default site's row says now (its data-access: 'checking' until the browser answers). */
function shownAccess(): Record<string, string | null> {
  return Object.fromEntries(
    DEFAULT_SITES.map(({ id }) => [id, screen.getByTestId(`site-${id}`).getAttribute('data-access')]),
  );
}

/** Waits until the rows say `expected` (the page follows the browser's answers as they come). */
async function expectShown(expected: Record<string, string>): Promise<void> {
  await vi.waitFor(() => expect(shownAccess()).toEqual(expected));
}

/** One site's own Allow button, not the summary's "Allow on all N sites". */
const SITE_ALLOW = /^Allow on (?!all \d+ sites)/;

const allAre = (access: string) => Object.fromEntries(DEFAULT_SITES.map(({ id }) => [id, access]));

describe('the options page’s site list', () => {
  beforeEach(() => {
    fakeBrowser.reset();
  });

  it('says every default site is on after a fresh install, with nothing to allow', async () => {
    // permissions.contains answered false here in Chromium; the page no longer asks it.
    render(SitesSection, { props: { sites: new SitesState({ permissions: fakePermissions(true) }) } });
    await expectShown(allAre('granted'));
    expect(screen.queryByRole('button', { name: /^Allow on/ })).toBeNull();
    expect(screen.queryByText(/not letting the extension run/)).toBeNull();
  });

  it('says the same from Firefox’s form of the same grants', async () => {
    const permissions: HostPermissions = {
      ...fakePermissions(true),
      getAll: async () => ({ origins: FIREFOX_FRESH }),
    };
    render(SitesSection, { props: { sites: new SitesState({ permissions }) } });
    await expectShown(allAre('granted'));
  });

  it('after "site access: on click", offers Allow on every site the teacher has switched on, and not on those off', async () => {
    await disabledSitesItem.setValue(['notion']);
    render(SitesSection, {
      props: { sites: new SitesState({ permissions: fakePermissions(true, DEFAULT_SITE_MATCHES) }) },
    });
    await expectShown(allAre('withheld'));
    await vi.waitFor(() =>
      expect(screen.getAllByRole('button', { name: SITE_ALLOW })).toHaveLength(DEFAULT_SITES.length - 1),
    );
    expect(screen.queryByRole('button', { name: 'Allow on Notion' })).toBeNull();
    const docsSwitch = screen.getByRole('switch', { name: DOCS.name });
    expect(docsSwitch).toHaveAccessibleDescription(/not letting the extension run here/);
  });

  it('asks for every blocked site in one prompt, leaving out the sites switched off', async () => {
    await disabledSitesItem.setValue(['notion']);
    const permissions = fakePermissions(true, DEFAULT_SITE_MATCHES);
    render(SitesSection, { props: { sites: new SitesState({ permissions }) } });
    const summary = await screen.findByTestId('sites-blocked');
    expect(summary).toHaveTextContent(
      `not letting the extension run on ${DEFAULT_SITES.length - 1} of these sites`,
    );

    await fireEvent.click(
      within(summary).getByRole('button', { name: `Allow on all ${DEFAULT_SITES.length - 1} sites` }),
    );
    expect(permissions.request).toHaveBeenCalledTimes(1);
    const wanted = DEFAULT_SITES.filter(({ id }) => id !== 'notion').flatMap(({ hosts }) => hosts);
    expect(permissions.request).toHaveBeenCalledWith({ origins: wanted });
    await expectShown({ ...allAre('granted'), notion: 'withheld' });
    expect(screen.queryByTestId('sites-blocked')).toBeNull();
    expect(screen.getByTestId('sites-status')).toHaveTextContent(
      `Allowed on all ${DEFAULT_SITES.length - 1} sites.`,
    );
  });

  it('keeps the one-prompt summary for two or more blocked sites; one blocked site has its own Allow only', async () => {
    render(SitesSection, {
      props: { sites: new SitesState({ permissions: fakePermissions(true, DOCS.hosts) }) },
    });
    await screen.findByRole('button', { name: `Allow on ${DOCS.name}` });
    expect(screen.queryByTestId('sites-blocked')).toBeNull();
  });

  it('follows access given back and taken away elsewhere while the page is open', async () => {
    const permissions = fakePermissions(true, DEFAULT_SITE_MATCHES);
    render(SitesSection, { props: { sites: new SitesState({ permissions }) } });
    await screen.findByRole('button', { name: `Allow on ${DOCS.name}` });

    // Chromium's "on specific sites": the user allows docs.google.com from the toolbar.
    permissions.restore(DOCS.hosts);
    await vi.waitFor(() =>
      expect(screen.getByTestId('site-google-docs')).toHaveAttribute('data-access', 'granted'),
    );
    expect(screen.queryByRole('button', { name: `Allow on ${DOCS.name}` })).toBeNull();
    expect(screen.getByTestId('site-canva')).toHaveAttribute('data-access', 'withheld');

    permissions.withhold(DOCS.hosts);
    await screen.findByRole('button', { name: `Allow on ${DOCS.name}` });
  });

  it('says when only part of a site is allowed, and asks for all of it', async () => {
    const permissions = fakePermissions(true, MICROSOFT.hosts);
    permissions.restore(['https://contoso.sharepoint.com/*']);
    render(SitesSection, { props: { sites: new SitesState({ permissions }) } });
    const note = await screen.findByTestId('withheld-microsoft-365');
    expect(note).toHaveTextContent('only some of these addresses');
    expect(screen.getByTestId('site-microsoft-365')).toHaveAttribute('data-access', 'partial');

    await fireEvent.click(within(note).getByRole('button', { name: `Allow on ${MICROSOFT.name}` }));
    expect(permissions.request).toHaveBeenCalledWith({ origins: [...MICROSOFT.hosts] });
    await vi.waitFor(() =>
      expect(screen.getByTestId('site-microsoft-365')).toHaveAttribute('data-access', 'granted'),
    );
  });

  it('offers Allow on an added site whose access was taken away, asking for that host only', async () => {
    await addedSitesItem.setValue(['lessons.example.org']);
    const permissions = fakePermissions(true);
    render(SitesSection, { props: { sites: new SitesState({ permissions }) } });
    const row = await screen.findByTestId('added-lessons.example.org');
    await vi.waitFor(() => expect(row).toHaveAttribute('data-access', 'withheld'));

    await fireEvent.click(within(row).getByRole('button', { name: 'Allow on lessons.example.org' }));
    expect(permissions.request).toHaveBeenCalledWith({ origins: ['https://lessons.example.org/*'] });
    await vi.waitFor(() => expect(row).toHaveAttribute('data-access', 'granted'));
    expect(within(row).queryByRole('button', { name: SITE_ALLOW })).toBeNull();
    expect(screen.getByTestId('sites-status')).toHaveTextContent('Allowed on lessons.example.org.');
  });

  it('does not nag when the browser will not say what it granted', async () => {
    const permissions: HostPermissions = {
      ...fakePermissions(true),
      getAll: () => Promise.reject(new Error('not supported')),
    };
    render(SitesSection, { props: { sites: new SitesState({ permissions }) } });
    await expectShown(allAre('unknown'));
    expect(screen.queryByRole('button', { name: /^Allow on/ })).toBeNull();
  });

  it('keeps the newest answer when an older check comes back after it', async () => {
    const answers: ((origins: string[]) => void)[] = [];
    const permissions = fakePermissions(true);
    const slow: HostPermissions = {
      ...permissions,
      getAll: () => new Promise((resolve) => answers.push((origins) => resolve({ origins }))),
    };
    render(SitesSection, { props: { sites: new SitesState({ permissions: slow }) } });
    await vi.waitFor(() => expect(answers).toHaveLength(1));
    permissions.withhold([]); // an onRemoved: a second check starts
    await vi.waitFor(() => expect(answers).toHaveLength(2));
    answers[1]!([...DEFAULT_SITE_MATCHES]);
    answers[0]!([]);
    await expectShown(allAre('granted'));
  });

  it('has no axe violations with a site blocked and another partly allowed', async () => {
    document.title = 'Action Step Coach settings';
    document.documentElement.lang = 'en';
    const permissions = fakePermissions(true, [...site('tes').hosts, ...MICROSOFT.hosts]);
    permissions.restore(['https://www.office.com/*']);
    render(SitesSection, { props: { sites: new SitesState({ permissions }) } });
    await screen.findByRole('button', { name: 'Allow on Tes' });
    await screen.findByRole('button', { name: `Allow on ${MICROSOFT.name}` });
    await expectNoAxeViolations();
  });
});
