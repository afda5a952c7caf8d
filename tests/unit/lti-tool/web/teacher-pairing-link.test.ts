import { fireEvent, render, screen, within } from '@testing-library/svelte';
import { describe, expect, it, vi } from 'vitest';
import { parseBootstrap, type Bootstrap } from '../../../../lti-tool/web/bootstrap.ts';
import TeacherPage from '../../../../lti-tool/web/pages/teacher/teacher-page.svelte';
import type {
  ClipboardPort,
  TeacherPageDeps,
} from '../../../../lti-tool/web/pages/teacher/teacher-page-state.svelte.ts';
import { expectNoAxeViolations } from './axe.ts';
import { appShell, createFakeApi, PUBLIC_URL, testBootstrap, type FakeHandler } from './fake-api.ts';

const NOW = new Date('2025-01-06T10:00:00.000Z');
const STORE_URL =
  'https://chromewebstore.google.com/detail/action-step-coach/abcdefghijklmnopabcdefghijklmnop';
const LINK = `${PUBLIC_URL}/pair#K7QM2XPD`;

let codes = 0;
const pairingCode: FakeHandler = () => ({
  status: 201,
  body: {
    code: ['K7QM2XPD', 'ABCD2345'][codes++ % 2],
    expiresAt: new Date(NOW.getTime() + 10 * 60_000).toISOString(),
  },
});

function renderTeacherPage(deps: TeacherPageDeps = {}, bootstrap: Partial<Bootstrap> = {}) {
  codes = 0;
  const api = createFakeApi({
    'GET /api/me/step': () => ({ body: { step: null } }),
    'GET /api/devices': () => ({ body: { devices: [] } }),
    'GET /api/conversations': () => ({ body: { conversations: [] } }),
    'GET /api/me/history': () => ({
      body: {
        trainee: { userId: 'teacher-ana', name: 'Ana Silva' },
        steps: [],
        rounds: [],
        checkIns: [],
        reflections: [],
        earlierSteps: [],
        next: null,
      },
    }),
    'POST /api/pairing-codes': pairingCode,
  });
  render(TeacherPage, {
    target: appShell(),
    props: {
      bootstrap: testBootstrap({ page: 'teacher', user: { name: 'Ana Silva' }, ...bootstrap }),
      deps: { fetch: api.fetch, clock: { now: () => NOW }, ...deps },
    },
  });
  return api;
}

function fakeClipboard(refuse = false) {
  const copied: string[] = [];
  const clipboard: ClipboardPort = {
    writeText: vi.fn(async (text: string) => {
      if (refuse) throw new DOMException('Write permission denied.', 'NotAllowedError');
      copied.push(text);
    }),
  };
  return { clipboard, copied };
}

async function showLink(): Promise<HTMLInputElement> {
  await fireEvent.click(screen.getByRole('button', { name: /^Show (a new )?pairing code$/ }));
  return screen.findByRole<HTMLInputElement>('textbox', { name: 'Your pairing link' });
}

const copyStatus = () => screen.getByTestId('copy-status');

describe('teacher page: the pairing link', () => {
  it('copies the link (server and code in one) and says so beside the button', async () => {
    const { clipboard, copied } = fakeClipboard();
    renderTeacherPage({ clipboard });
    const field = await showLink();
    expect(field).toHaveValue(LINK);
    expect(field).toHaveAttribute('readonly');
    expect(copyStatus()).toHaveAttribute('role', 'status');
    expect(copyStatus()).toHaveTextContent('');

    await fireEvent.click(screen.getByRole('button', { name: 'Copy link' }));

    await vi.waitFor(() =>
      expect(copyStatus()).toHaveTextContent('Copied. Now paste it into the extension’s options page.'),
    );
    expect(copied).toEqual([LINK]);
    // The expiry and the typed-in fallback stay under it.
    const connect = screen.getByRole('region', { name: 'Connect your browser extension' });
    expect(connect).toHaveTextContent('This link works once and expires in 10 minutes');
    expect(within(connect).getByTestId('pairing-code')).toHaveTextContent('K7QM-2XPD');
    expect(within(connect).getByTestId('server-address')).toHaveTextContent(PUBLIC_URL);
    await expectNoAxeViolations();
  });

  it('selects the link and says to press Ctrl+C when the frame refuses the clipboard', async () => {
    const { clipboard, copied } = fakeClipboard(true);
    renderTeacherPage({ clipboard });
    const field = await showLink();

    await fireEvent.click(screen.getByRole('button', { name: 'Copy link' }));

    await vi.waitFor(() => expect(copyStatus()).toHaveTextContent(/press Ctrl\+C \(⌘C on a Mac\)/));
    expect(copied).toEqual([]);
    expect(document.activeElement).toBe(field);
    expect([field.selectionStart, field.selectionEnd]).toEqual([0, LINK.length]);
    await expectNoAxeViolations();
  });

  it('forgets "Copied" when a new link replaces the copied one', async () => {
    const { clipboard, copied } = fakeClipboard();
    renderTeacherPage({ clipboard });
    await showLink();
    await fireEvent.click(screen.getByRole('button', { name: 'Copy link' }));
    await vi.waitFor(() => expect(copyStatus()).toHaveTextContent(/^Copied/));

    const field = await showLink();

    await vi.waitFor(() => expect(field).toHaveValue(`${PUBLIC_URL}/pair#ABCD2345`));
    expect(copyStatus()).toHaveTextContent('');
    await fireEvent.click(screen.getByRole('button', { name: 'Copy link' }));
    await vi.waitFor(() => expect(copied).toEqual([LINK, `${PUBLIC_URL}/pair#ABCD2345`]));
  });
});

describe('teacher page: installing the extension', () => {
  it('links to the store listing when EXTENSION_STORE_URL is set, in a new tab', async () => {
    renderTeacherPage({}, { extensionStoreUrl: STORE_URL });

    const install = screen.getByRole('link', { name: 'Install the browser extension' });
    expect(install).toHaveAttribute('href', STORE_URL);
    expect(install).toHaveAttribute('target', '_blank');
    expect(install.getAttribute('rel')?.split(' ')).toEqual(
      expect.arrayContaining(['noopener', 'noreferrer']),
    );
    expect(screen.getByTestId('install-step')).toHaveTextContent('(opens in a new tab)');
    await expectNoAxeViolations();
  });

  it('says how to install it from the README when there is no store listing', () => {
    renderTeacherPage({}, { extensionStoreUrl: null });

    expect(screen.queryByRole('link', { name: /Install/ })).toBeNull();
    expect(screen.getByTestId('install-step')).toHaveTextContent(
      /^Install the browser extension: .*README explains \(“Load the extension”\)\.$/,
    );
  });

  it.each([
    ['plain http', 'http://store.example/coach'],
    ['javascript:', 'javascript:alert(1)'],
    ['not an address', 'the store'],
  ])('refuses a bootstrap whose store link is %s', (_label, extensionStoreUrl) => {
    const json = JSON.stringify({ ...testBootstrap({ page: 'teacher' }), extensionStoreUrl });
    expect(() => parseBootstrap(json, 'teacher')).toThrow(/extensionStoreUrl/);
  });
});
