import { render, screen, within } from '@testing-library/svelte';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import { fakeBrowser } from 'wxt/testing/fake-browser';
import background from '../../../extension/entrypoints/background.ts';
import App from '../../../extension/entrypoints/welcome/App.svelte';
import { DEFAULT_SITES } from '../../../extension/features/site-access/sites.ts';
import { WELCOME_PATH, openWelcomeOnInstall } from '../../../extension/services/first-run.ts';
import { expectNoAxeViolations } from '../lti-tool/web/axe.ts';
import { startBackground } from './coaching-harness.ts';

const WELCOME_URL = fakeBrowser.runtime.getURL(WELCOME_PATH);

/** The address of every tab opened since the test began (fakeBrowser starts with one blank tab). */
async function openedTabs(): Promise<(string | undefined)[]> {
  return (await fakeBrowser.tabs.query({})).map((tab) => tab.url).filter((url) => url !== undefined);
}

describe('first run', () => {
  beforeEach(() => {
    fakeBrowser.reset();
  });

  it('the background opens the welcome page when the extension is installed', async () => {
    // fakeBrowser implements neither commands, permissions nor scripting (background.test.ts).
    vi.spyOn(fakeBrowser.commands.onCommand, 'addListener').mockImplementation(() => {});
    vi.spyOn(fakeBrowser.permissions.onAdded, 'addListener').mockImplementation(() => {});
    vi.spyOn(fakeBrowser.permissions.onRemoved, 'addListener').mockImplementation(() => {});
    // eslint-disable-next-line @typescript-eslint/no-misused-promises
    vi.spyOn(fakeBrowser.scripting, 'getRegisteredContentScripts').mockImplementation(async () => []);
    background.main();

    await fakeBrowser.runtime.onInstalled.trigger({ reason: 'install' });
    expect(await openedTabs()).toEqual([WELCOME_URL]);
  });

  type InstalledDetails = Parameters<typeof fakeBrowser.runtime.onInstalled.trigger>[0];
  it.each<[string, InstalledDetails]>([
    ['an update', { reason: 'update', previousVersion: '0.0.9' }],
    ['a browser update', { reason: 'chrome_update' }],
    ['a shared module update', { reason: 'shared_module_update', id: 'abcdefghijklmnop' }],
  ])('opens nothing after %s', async (_event, details) => {
    openWelcomeOnInstall(fakeBrowser, () => {});
    await fakeBrowser.runtime.onInstalled.trigger(details);
    expect(await openedTabs()).toEqual([]);
  });

  it('reports a tab it could not open', async () => {
    const failure = new Error('no window');
    vi.spyOn(fakeBrowser.tabs, 'create').mockRejectedValue(failure);
    const onError = vi.fn();
    openWelcomeOnInstall(fakeBrowser, onError);
    await fakeBrowser.runtime.onInstalled.trigger({ reason: 'install' });
    await vi.waitFor(() => expect(onError).toHaveBeenCalledWith(failure));
  });
});

describe('welcome page', () => {
  beforeEach(() => {
    fakeBrowser.reset();
  });

  it('explains in three numbered steps what it does, how to connect, and where it works', async () => {
    await startBackground();
    render(App);
    expect(screen.getByRole('heading', { level: 1 })).toHaveTextContent('Welcome to Action Step Coach');
    const list = screen.getAllByRole('list').find((element) => element.tagName === 'OL')!;
    const steps = [...list.children];
    expect(steps.map((step) => step.tagName)).toEqual(['LI', 'LI', 'LI']);
    const [what, connect, where] = steps as [HTMLElement, HTMLElement, HTMLElement];

    expect(within(what).getByRole('heading', { level: 2 })).toHaveTextContent('beside your planning');
    expect(what).toHaveTextContent('It never reads the page it sits on.');

    // The options page's own pairing form, so a pairing link pastes here as it does there.
    expect(within(connect).getByRole('heading', { level: 2 })).toHaveTextContent(
      'Connect to your coaching server',
    );
    expect(within(connect).getByRole('button', { name: 'Connect' })).toBeInTheDocument();
    expect(connect).toHaveTextContent('teacher page');
    expect(within(connect).getByRole('link', { name: 'settings' })).toHaveAttribute('href', '/options.html');

    expect(within(where).getByRole('heading', { level: 2 })).toHaveTextContent('Where it works');
    const sites = within(screen.getByTestId('welcome-sites')).getAllByRole('listitem');
    expect(sites.map((site) => site.textContent)).toEqual(DEFAULT_SITES.map((site) => site.name));
  });

  it('has no axe violations', async () => {
    await startBackground();
    document.title = 'Welcome to Action Step Coach';
    document.documentElement.lang = 'en';
    render(App);
    await screen.findByRole('heading', { name: 'Where it works' });
    await expectNoAxeViolations();
  });
});
