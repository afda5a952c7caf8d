import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { fireEvent, render, screen, within } from '@testing-library/svelte';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { fakeBrowser } from 'wxt/testing/fake-browser';
import App from '../../../extension/entrypoints/options/App.svelte';
import { deviceTokenItem } from '../../../extension/storage.ts';
import { API } from '../../../shared/protocol/api.ts';
import { expectNoAxeViolations } from '../lti-tool/web/axe.ts';
import { startBackground } from './coaching-harness.ts';
import { DEVICE_TOKEN, SERVER_URL, createFakeServer, makeStep } from './fake-server.ts';

const PRIVACY_DOC = readFileSync(resolve(import.meta.dirname, '../../../docs/extension-privacy.md'), 'utf8');

async function pairedOptionsPage() {
  const server = createFakeServer();
  server.steps = [makeStep()];
  const background = await startBackground(server);
  await background.send({ type: 'pair', serverUrl: SERVER_URL, code: 'K7QM-2XPD' });
  render(App);
  await screen.findByTestId('paired-as');
  return background;
}

describe('options page: privacy and data', () => {
  const created: Blob[] = [];

  beforeEach(() => {
    fakeBrowser.reset();
    // As extension/entrypoints/options/index.html sets them.
    document.documentElement.lang = 'en';
    document.title = 'Action Step Coach settings';
    created.length = 0;
    // jsdom has no object URLs; record what would be downloaded.
    URL.createObjectURL = vi.fn((blob: Blob) => {
      created.push(blob);
      return `blob:test/${created.length}`;
    });
    URL.revokeObjectURL = vi.fn();
  });

  afterEach(() => {
    Reflect.deleteProperty(URL, 'createObjectURL');
    Reflect.deleteProperty(URL, 'revokeObjectURL');
  });

  it('explains what is stored and sent, with the full notice as plain text in the page', async () => {
    await startBackground();
    render(App);
    const privacy = await screen.findByRole('region', { name: 'Privacy' });
    const summary = within(privacy)
      .getAllByRole('listitem')
      .map((item) => item.textContent)
      .join('\n');
    expect(summary).toMatch(/chrome\.storage\.local/);
    expect(summary).toMatch(/IndexedDB/);
    expect(summary).toMatch(/Never the content, address or title of the page/);
    expect(within(privacy).getByTestId('privacy-notice').textContent).toBe(PRIVACY_DOC);
    expect(privacy.querySelector('a[href^="http"]')).toBeNull();
    await expectNoAxeViolations();
  });

  it('exports a JSON file with the steps and settings but never the device token', async () => {
    await pairedOptionsPage();
    const clicks: HTMLAnchorElement[] = [];
    vi.spyOn(HTMLAnchorElement.prototype, 'click').mockImplementation(function (this: HTMLAnchorElement) {
      clicks.push(this);
    });

    await fireEvent.click(screen.getByRole('button', { name: 'Export all my data' }));

    await vi.waitFor(() => expect(screen.getByTestId('data-status')).toHaveTextContent(/^Saved /));
    expect(clicks).toHaveLength(1);
    expect(clicks[0]?.download).toMatch(/^action-step-coach-\d{4}-\d{2}-\d{2}\.json$/);
    expect(clicks[0]?.href).toBe('blob:test/1');
    expect(URL.revokeObjectURL).toHaveBeenCalledWith('blob:test/1');
    const text = await created[0]!.text();
    expect(text).not.toContain(DEVICE_TOKEN);
    expect(JSON.parse(text)).toMatchObject({
      settings: { serverUrl: SERVER_URL, teacherName: 'Ada Lovelace' },
      steps: [{ title: makeStep().title }],
      outbox: [],
    });
  });

  it('deletes everything only after a confirm step, and can be cancelled', async () => {
    const { server, db } = await pairedOptionsPage();
    const data = screen.getByRole('region', { name: 'Your data' });

    await fireEvent.click(within(data).getByRole('button', { name: 'Delete everything' }));
    const confirm = within(data).getByRole('group', { name: /Delete everything\?/ });
    await vi.waitFor(() =>
      expect(document.activeElement).toBe(
        within(confirm).getByRole('button', { name: 'Yes, delete everything' }),
      ),
    );
    await expectNoAxeViolations();

    await fireEvent.click(within(confirm).getByRole('button', { name: 'Cancel' }));
    expect(screen.getByTestId('data-status')).toHaveTextContent('Nothing was deleted.');
    expect(await deviceTokenItem.getValue()).toBe(DEVICE_TOKEN);
    expect(await db.count('steps')).toBe(1);

    await fireEvent.click(within(data).getByRole('button', { name: 'Delete everything' }));
    await fireEvent.click(within(data).getByRole('button', { name: 'Yes, delete everything' }));

    await vi.waitFor(() => expect(screen.getByTestId('data-status')).toHaveTextContent(/is deleted/));
    expect(server.calls.at(-1)).toMatchObject({ method: 'DELETE', path: API.currentDevice });
    expect(await deviceTokenItem.getValue()).toBeNull();
    expect(await db.count('steps')).toBe(0);
    await screen.findByRole('heading', { name: 'Use on your own' });
    expect(screen.queryByTestId('paired-as')).toBeNull();
  });

  it('a revoked browser says so, keeps the last step, and offers local-only mode', async () => {
    const { server, send } = await pairedOptionsPage();
    server.revoked = true;
    await send({ type: 'sync-now' });

    await vi.waitFor(() =>
      expect(screen.getByTestId('sync-status')).toHaveTextContent(
        /^This browser was disconnected from the coaching server; pair again/,
      ),
    );
    const current = screen.getByRole('region', { name: 'Your current step' });
    expect(within(current).getByText(makeStep().title)).toBeTruthy();
    expect(screen.getByRole('heading', { name: 'Use on your own' })).toBeTruthy();
    expect(screen.getByRole('button', { name: 'Disconnect' })).toBeTruthy();
    await expectNoAxeViolations();
  });
});
