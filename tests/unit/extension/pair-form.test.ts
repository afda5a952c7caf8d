import { fireEvent, render, screen } from '@testing-library/svelte';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import { fakeBrowser } from 'wxt/testing/fake-browser';
import App from '../../../extension/entrypoints/options/App.svelte';
import { deviceTokenItem, serverUrlItem } from '../../../extension/storage.ts';
import { API } from '../../../shared/protocol/api.ts';
import { expectNoAxeViolations } from '../lti-tool/web/axe.ts';
import { startBackground } from './coaching-harness.ts';
import { BAD_CODE_MESSAGE, GOOD_CODE, SERVER_URL, createFakeServer, makeStep } from './fake-server.ts';

const LINK = `${SERVER_URL}/pair#${GOOD_CODE}`;

function field(name: string): HTMLInputElement {
  const element = document.querySelector<HTMLInputElement>(`[name="${name}"]`);
  if (!element) throw new Error(`no field named ${name}`);
  return element;
}

/** The options page on the real background, with every address the background fetched recorded. */
async function openOptions() {
  const server = createFakeServer();
  server.steps = [makeStep()];
  const serve = server.fetch;
  const fetched: string[] = [];
  server.fetch = (input, init) => {
    fetched.push(String(input instanceof Request ? input.url : input));
    return serve(input, init);
  };
  await startBackground(server);
  // As options.html has them.
  document.documentElement.lang = 'en';
  document.title = 'Action Step Coach settings';
  render(App);
  // The first render in a cold worker can take a few seconds on a 2-core machine.
  await screen.findByRole('heading', { name: 'Use on your own' }, { timeout: 5_000 });
  const storedBefore = await fakeBrowser.storage.local.get(null);
  return { server, fetched, storedBefore };
}

async function paste(value: string) {
  await fireEvent.input(field('pairingLink'), { target: { value }, inputType: 'insertFromPaste' });
}

async function typeLink(value: string) {
  await fireEvent.input(field('pairingLink'), { target: { value } });
}

const connect = () => fireEvent.click(screen.getByRole('button', { name: 'Connect' }));

/** The message shown next to the link field, which names it as its description. */
function linkError(): string {
  const input = field('pairingLink');
  expect(input).toHaveAttribute('aria-invalid', 'true');
  const id = input
    .getAttribute('aria-describedby')
    ?.split(' ')
    .find((part) => part.endsWith('-error'));
  return document.getElementById(id ?? '')?.textContent ?? '';
}

describe('options page: connecting with a pairing link', () => {
  beforeEach(() => {
    fakeBrowser.reset();
  });

  it('connects on one paste, sending the code only to the link’s server', async () => {
    const { fetched, server } = await openOptions();

    await paste(`  ${LINK}\n`);

    const paired = await screen.findByTestId('paired-as');
    expect(paired).toHaveTextContent(`Connected as Ada Lovelace to ${SERVER_URL}`);
    // Said once: the section names who and where; the status line only confirms.
    await vi.waitFor(() => expect(screen.getByTestId('pair-status')).toHaveTextContent(/^Connected\.$/));
    expect(screen.getAllByText(/Connected as/)).toHaveLength(1);
    await screen.findByText(makeStep().title);
    expect(new Set(fetched.map((url) => new URL(url).origin))).toEqual(new Set([SERVER_URL]));
    const pairCalls = server.calls.filter((call) => call.path === API.pair);
    expect(pairCalls).toEqual([
      expect.objectContaining({ method: 'POST', body: expect.objectContaining({ code: GOOD_CODE }) }),
    ]);
    expect(await serverUrlItem.getValue()).toBe(SERVER_URL);
  });

  it('connects a link typed or pasted without the paste event when Connect is pressed', async () => {
    await openOptions();
    await typeLink('https://COACH.example.org/pair#k7qm-2xpd');
    expect(screen.queryByTestId('paired-as')).toBeNull();

    await connect();

    expect(await screen.findByTestId('paired-as')).toHaveTextContent('Connected as Ada Lovelace');
  });

  it.each([
    ['an empty field', '', /^Paste the pairing link from your teacher page/],
    ['a bare code', 'K7QM-2XPD', /pairing code on its own/],
    [
      'a javascript: link',
      `javascript:alert(1)//${SERVER_URL}/pair#${GOOD_CODE}`,
      /^That is not a pairing link/,
    ],
    [
      'a link with a name before @',
      `https://coach.example.org@evil.example/pair#${GOOD_CODE}`,
      /hides its real address/,
    ],
    [
      'plain http to another machine',
      `http://coach.example.org/pair#${GOOD_CODE}`,
      /must start with https:\/\//,
    ],
    ['a cut-off code', `${SERVER_URL}/pair#K7QM2X`, /code at the end of that link is not complete/],
  ])('refuses %s next to the field, and sends and stores nothing', async (_label, value, message) => {
    const { fetched, storedBefore } = await openOptions();
    await typeLink(value);

    await connect();

    await vi.waitFor(() => expect(linkError()).toMatch(message));
    expect(screen.getByTestId('pair-status')).toHaveTextContent(message);
    expect(field('pairingLink')).toHaveValue(value);
    expect(fetched).toEqual([]);
    expect(await fakeBrowser.storage.local.get(null)).toEqual(storedBefore);
    expect(screen.queryByTestId('paired-as')).toBeNull();
  });

  it('says what is wrong as soon as something that is not a link is pasted', async () => {
    const { fetched } = await openOptions();

    await paste('https://coach.example.org/');

    await vi.waitFor(() => expect(linkError()).toMatch(/^That is not a pairing link/));
    expect(fetched).toEqual([]);
    await expectNoAxeViolations();
  });

  it('asks only the link’s own server, even when it is not the one this browser knows', async () => {
    const { fetched } = await openOptions();

    await paste(`https://other.example:8443/pair#${GOOD_CODE}`);

    await vi.waitFor(() => expect(linkError()).toBe('No such host'));
    expect(fetched.map((url) => new URL(url).origin)).toEqual(['https://other.example:8443']);
    expect(await deviceTokenItem.getValue()).toBeNull();
  });

  it('shows the server’s refusal next to the link and keeps it for another try', async () => {
    await openOptions();
    const expired = `${SERVER_URL}/pair#ZZZZ2222`;

    await paste(expired);

    await vi.waitFor(() => expect(linkError()).toBe(BAD_CODE_MESSAGE));
    expect(field('pairingLink')).toHaveValue(expired);
    expect(await deviceTokenItem.getValue()).toBeNull();
  });
});

describe('options page: the address and code typed by hand', () => {
  beforeEach(() => {
    fakeBrowser.reset();
  });

  it('is one click away, and comes back to the link the same way, focus following', async () => {
    await openOptions();

    await fireEvent.click(screen.getByRole('button', { name: 'Enter the address and code instead' }));

    await vi.waitFor(() => expect(document.activeElement).toBe(field('serverUrl')));
    expect(document.querySelector('[name="pairingLink"]')).toBeNull();

    await fireEvent.click(screen.getByRole('button', { name: 'Paste a pairing link instead' }));

    await vi.waitFor(() => expect(document.activeElement).toBe(field('pairingLink')));
    expect(document.querySelector('[name="serverUrl"]')).toBeNull();
  });

  it('answers empty fields with a message next to each, instead of failing silently', async () => {
    const { fetched, storedBefore } = await openOptions();
    await fireEvent.click(screen.getByRole('button', { name: 'Enter the address and code instead' }));

    await connect();

    await vi.waitFor(() => expect(field('serverUrl')).toHaveAttribute('aria-invalid', 'true'));
    expect(field('code')).toHaveAttribute('aria-invalid', 'true');
    expect(screen.getByTestId('pair-status')).toHaveTextContent(/Server URL must be a full address/);
    expect(screen.getByTestId('pair-status')).toHaveTextContent(/Pairing code is 8 letters and digits/);
    expect(fetched).toEqual([]);
    expect(await fakeBrowser.storage.local.get(null)).toEqual(storedBefore);
    await expectNoAxeViolations();
  });
});
