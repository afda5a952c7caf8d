import { fireEvent, render, screen } from '@testing-library/svelte';
import { beforeEach, describe, expect, it } from 'vitest';
import { fakeBrowser } from 'wxt/testing/fake-browser';
import App from '../../../extension/entrypoints/popup/App.svelte';
import { overviewOf, startBackground } from './coaching-harness.ts';
import { GOOD_CODE, SERVER_URL, createFakeServer, makeStep } from './fake-server.ts';

describe('popup', () => {
  beforeEach(() => {
    fakeBrowser.reset();
  });

  it('shows the synced step and reports going offline after "Sync now"', async () => {
    const server = createFakeServer();
    server.steps = [makeStep()];
    const { send } = await startBackground(server);
    overviewOf(await send({ type: 'pair', serverUrl: SERVER_URL, code: GOOD_CODE }));
    render(App);

    await screen.findByText(makeStep().title);
    expect(screen.getByTestId('sync-status')).toHaveTextContent(/^Up to date/);

    server.online = false;
    await fireEvent.click(screen.getByRole('button', { name: 'Sync now' }));

    await screen.findByText(/^Offline: showing your last saved step/);
    expect(screen.getByText(makeStep().title)).toBeInTheDocument();
  });

  it('says when the step is local-only', async () => {
    await startBackground();
    render(App);
    await screen.findByText('Not connected: your step is kept in this browser only.');
    expect(screen.getByRole('button', { name: 'Settings' })).toBeInTheDocument();
  });
});
