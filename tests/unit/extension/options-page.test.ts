import { fireEvent, render, screen, within } from '@testing-library/svelte';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import { fakeBrowser } from 'wxt/testing/fake-browser';
import App from '../../../extension/entrypoints/options/App.svelte';
import { deviceTokenItem } from '../../../extension/storage.ts';
import { startBackground } from './coaching-harness.ts';
import { BAD_CODE_MESSAGE, SERVER_URL, createFakeServer, makeStep } from './fake-server.ts';

function field(name: string): HTMLInputElement | HTMLTextAreaElement {
  const element = document.querySelector<HTMLInputElement | HTMLTextAreaElement>(`[name="${name}"]`);
  if (!element) throw new Error(`no field named ${name}`);
  return element;
}

async function type(name: string, value: string) {
  await fireEvent.input(field(name), { target: { value } });
}

/** The pairing link is the form's first field; the address and code are one click away. */
async function enterAddressAndCode() {
  await fireEvent.click(screen.getByRole('button', { name: 'Enter the address and code instead' }));
}

describe('options page', () => {
  beforeEach(() => {
    fakeBrowser.reset();
  });

  it('labels every input', async () => {
    await startBackground();
    render(App);
    await screen.findByRole('heading', { name: 'Use on your own' });
    for (const name of ['pairingLink', 'goal', 'title', 'successCriteria', 'whenToPractise', 'why']) {
      expect(field(name).labels?.[0]?.textContent).toBeTruthy();
    }
    expect(screen.getByRole('textbox', { name: /^Pairing link/ })).toBe(field('pairingLink'));
    await enterAddressAndCode();
    for (const name of ['serverUrl', 'code']) expect(field(name).labels?.[0]?.textContent).toBeTruthy();
    expect(screen.getByRole('textbox', { name: /^Server URL/ })).toBe(field('serverUrl'));
    expect(screen.getByRole('textbox', { name: /^Pairing code/ })).toBe(field('code'));
  });

  it('shows validation errors next to the form and keeps what was typed', async () => {
    await startBackground();
    render(App);
    await screen.findByRole('heading', { name: 'Use on your own' });
    await type('goal', 'Brisk starts');
    await type('title', 'Do-now on the board');
    await type('successCriteria', '\n\n');
    await type('whenToPractise', 'Period 1');

    await fireEvent.click(screen.getByRole('button', { name: 'Save' }));

    const alert = await screen.findByRole('alert');
    expect(alert).toHaveTextContent('Add at least one success criterion');
    expect(field('successCriteria')).toHaveAttribute('aria-invalid', 'true');
    expect(field('goal')).toHaveValue('Brisk starts');
    expect(field('title')).toHaveValue('Do-now on the board');
    expect(field('whenToPractise')).toHaveValue('Period 1');
  });

  it('saves a local step and shows it literally', async () => {
    await startBackground();
    render(App);
    await screen.findByRole('heading', { name: 'Use on your own' });
    const hostile = '<img src=x onerror=alert(1)>';
    await type('goal', 'Brisk starts');
    await type('title', hostile);
    await type('successCriteria', 'Board ready\nEveryone writing in 60s\n');
    await type('whenToPractise', 'Period 1');

    await fireEvent.click(screen.getByRole('button', { name: 'Save' }));

    const current = screen.getByRole('region', { name: 'Your current step' });
    await within(current).findByText(hostile);
    expect(
      within(current)
        .getAllByRole('listitem')
        .map((item) => item.textContent),
    ).toEqual(['Board ready', 'Everyone writing in 60s']);
    expect(document.querySelector('img')).toBeNull();
    expect(screen.queryByRole('alert')).toBeNull();
  });

  it('shows the server’s message for a refused code and keeps the inputs', async () => {
    await startBackground();
    render(App);
    await screen.findByRole('heading', { name: 'Use on your own' });
    await enterAddressAndCode();
    await type('serverUrl', SERVER_URL);
    await type('code', 'ZZZZ-ZZZZ');

    await fireEvent.click(screen.getByRole('button', { name: 'Connect' }));

    await screen.findByText(BAD_CODE_MESSAGE, { selector: '[role="status"]' });
    expect(field('serverUrl')).toHaveValue(SERVER_URL);
    expect(field('code')).toHaveValue('ZZZZ-ZZZZ');
    expect(await deviceTokenItem.getValue()).toBeNull();
  });

  it('connects, hides local mode, and disconnects', async () => {
    const server = createFakeServer();
    server.steps = [makeStep()];
    await startBackground(server);
    render(App);
    await screen.findByRole('heading', { name: 'Use on your own' });
    await enterAddressAndCode();
    await type('serverUrl', `${SERVER_URL}/`);
    await type('code', 'k7qm 2xpd');

    await fireEvent.click(screen.getByRole('button', { name: 'Connect' }));

    const paired = await screen.findByTestId('paired-as');
    expect(paired).toHaveTextContent(`Connected as Ada Lovelace to ${SERVER_URL}`);
    // Said once: the section names who and where; the status line only confirms.
    await vi.waitFor(() => expect(screen.getByTestId('pair-status')).toHaveTextContent(/^Connected\.$/));
    expect(screen.getAllByText(/Connected as/)).toHaveLength(1);
    expect(screen.queryByRole('heading', { name: 'Use on your own' })).toBeNull();
    await screen.findByText(makeStep().title);

    await fireEvent.click(screen.getByRole('button', { name: 'Disconnect' }));

    await screen.findByRole('heading', { name: 'Use on your own' });
    expect(screen.queryByTestId('paired-as')).toBeNull();
    expect(await deviceTokenItem.getValue()).toBeNull();
  });
});
