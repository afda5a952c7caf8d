import { describe, expect, it, vi } from 'vitest';
import { readStepReply } from '../../../extension/features/action-step-overlay/step-reply.ts';
import {
  forwardToggleCommand,
  isToggleOverlayMessage,
  type ToggleOverlayMessage,
} from '../../../extension/features/action-step-overlay/toggle-message.ts';
import { OverlayState } from '../../../extension/features/action-step-overlay/overlay-state.ts';
import { localOverview } from './coaching-harness.ts';
import { makeStep } from './fake-server.ts';

function fakeCommandApis() {
  let listener: ((command: string, tab?: { id?: number }) => void) | undefined;
  const sendMessage = vi.fn(
    async (_tabId: number, _message: ToggleOverlayMessage): Promise<unknown> => undefined,
  );
  return {
    apis: {
      commands: { onCommand: { addListener: (next: typeof listener) => void (listener = next) } },
      tabs: { sendMessage },
    },
    press: (command: string, tab?: { id?: number }) => listener?.(command, tab),
    sendMessage,
  };
}

describe('toggle-overlay keyboard shortcut', () => {
  it('forwards the command to the tab it was pressed in', () => {
    const fake = fakeCommandApis();
    forwardToggleCommand(fake.apis);
    fake.press('toggle-overlay', { id: 7 });
    expect(fake.sendMessage).toHaveBeenCalledWith(7, { type: 'toggle-overlay' });
  });

  it('ignores other commands and commands without a tab', () => {
    const fake = fakeCommandApis();
    forwardToggleCommand(fake.apis);
    fake.press('something-else', { id: 7 });
    fake.press('toggle-overlay');
    fake.press('toggle-overlay', {});
    expect(fake.sendMessage).not.toHaveBeenCalled();
  });

  it('swallows "no receiver" from a tab without the overlay', async () => {
    const fake = fakeCommandApis();
    fake.sendMessage.mockRejectedValueOnce(new Error('Could not establish connection'));
    forwardToggleCommand(fake.apis);
    fake.press('toggle-overlay', { id: 3 });
    await vi.waitFor(() => expect(fake.sendMessage).toHaveBeenCalledTimes(1));
  });

  it('recognises only the toggle message', () => {
    expect(isToggleOverlayMessage({ type: 'toggle-overlay' })).toBe(true);
    expect(isToggleOverlayMessage({ type: 'get-overview' })).toBe(false);
    expect(isToggleOverlayMessage('toggle-overlay')).toBe(false);
    expect(isToggleOverlayMessage(null)).toBe(false);
  });
});

describe('the content script’s reply guard', () => {
  it('accepts an overview with a step or with none', () => {
    const step = makeStep();
    expect(readStepReply({ ok: true, overview: localOverview(step) })).toEqual({
      ok: true,
      step,
      unpaired: true,
    });
    expect(readStepReply({ ok: true, overview: localOverview(null) })).toEqual({
      ok: true,
      step: null,
      unpaired: true,
    });
    expect(readStepReply({ ok: true, overview: { ...localOverview(null), mode: 'paired' } })).toEqual({
      ok: true,
      step: null,
      unpaired: false,
    });
    // An overview that does not say it is local never counts as unpaired.
    expect(readStepReply({ ok: true, overview: { step: null } })).toEqual({
      ok: true,
      step: null,
      unpaired: false,
    });
  });

  it.each([
    ['not an object', 'ok'],
    ['an error reply', { ok: false, error: { code: 'x', message: 'y' } }],
    ['no overview', { ok: true }],
    ['a title that is not text', { ok: true, overview: { step: { ...makeStep(), title: { html: '<b>' } } } }],
    [
      'criteria that are not a list',
      { ok: true, overview: { step: { ...makeStep(), successCriteria: 'a' } } },
    ],
    [
      'a criterion that is not text',
      { ok: true, overview: { step: { ...makeStep(), successCriteria: [1] } } },
    ],
    ['an unknown status', { ok: true, overview: { step: { ...makeStep(), status: 'deleted' } } }],
  ])('rejects %s', (_label, reply) => {
    expect(readStepReply(reply)).toEqual({ ok: false });
  });

  it('keeps the shown step when a malformed or failed reply arrives', async () => {
    const step = makeStep();
    const replies: unknown[] = [
      { ok: true, overview: localOverview(step) },
      { ok: true, overview: { step: 5 } },
    ];
    const send = vi.fn(async () => {
      const reply = replies.shift();
      if (reply === undefined) throw new Error('Extension context invalidated');
      return reply;
    });
    const revision = { watch: () => () => {} };
    const collapsed = { getValue: async () => false, setValue: async () => {} };
    const positions = { load: async () => null, save: async () => {} };
    const overlay = new OverlayState({ send, revision, collapsed, positions });
    overlay.connect(new AbortController().signal);
    await vi.waitFor(() => expect(overlay.step).toEqual(step));
    await overlay.refresh();
    await overlay.refresh();
    expect(overlay.step).toEqual(step);
  });
});
