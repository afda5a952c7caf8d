import { fireEvent, render, screen, within } from '@testing-library/svelte';
import { beforeEach, describe, expect, it } from 'vitest';
import { fakeBrowser } from 'wxt/testing/fake-browser';
import App from '../../../extension/entrypoints/sidepanel/App.svelte';
import { readCheckIns } from '../../../extension/services/check-ins.ts';
import { criteriaTicksItem } from '../../../extension/storage.ts';
import { expectNoAxeViolations } from '../lti-tool/web/axe.ts';
import { overviewOf, startBackground } from './coaching-harness.ts';
import { GOOD_CODE, SERVER_URL, createFakeServer, makeStep } from './fake-server.ts';

describe('side panel', () => {
  beforeEach(() => {
    fakeBrowser.reset();
    document.body.innerHTML = '';
    // What index.html sets: jsdom's blank document has neither.
    document.documentElement.lang = 'en';
    document.title = 'Action Step Coach';
  });

  it('shows the step, a local checklist for today, and "I planned for this" kept locally (no axe violations)', async () => {
    const { send } = await startBackground();
    const step = makeStep();
    overviewOf(
      await send({
        type: 'set-local-step',
        step: {
          goal: step.goal,
          title: step.title,
          what: step.what,
          successCriteria: step.successCriteria,
          whenToPractise: step.whenToPractise,
          why: step.why,
        },
      }),
    );
    render(App);

    await screen.findByRole('heading', { name: step.title });
    expect(screen.getByText('None yet.')).toBeInTheDocument();
    await expectNoAxeViolations();

    const first = screen.getByRole('checkbox', { name: step.successCriteria[0] });
    await fireEvent.click(first);
    expect(first).toBeChecked();
    expect(await criteriaTicksItem.getValue()).toMatchObject({ ticked: [0] });

    await fireEvent.input(screen.getByRole('textbox', { name: 'Add a line (optional)' }), {
      target: { value: 'Slide 3 of Tuesday’s plan' },
    });
    await fireEvent.click(screen.getByRole('button', { name: 'I planned for this' }));

    await screen.findByText('Ticked: planned for this. Kept in this browser.');
    const recent = await screen.findByTestId('recent-check-ins');
    expect(within(recent).getByText('Planned for it: Slide 3 of Tuesday’s plan')).toBeInTheDocument();
    expect(within(recent).getByText(/Kept in this browser$/)).toBeInTheDocument();
    expect(await readCheckIns()).toEqual([
      expect.objectContaining({ state: 'local', note: 'Slide 3 of Tuesday’s plan' }),
    ]);
    expect(screen.getByRole('textbox', { name: 'Add a line (optional)' })).toHaveValue('');
    await expectNoAxeViolations();
  });

  it('queues the tick for the coach when paired, and refuses an over-long note with an alert', async () => {
    const server = createFakeServer();
    server.steps = [makeStep()];
    const { send } = await startBackground(server);
    overviewOf(await send({ type: 'pair', serverUrl: SERVER_URL, code: GOOD_CODE }));
    render(App);
    await screen.findByRole('heading', { name: makeStep().title });

    const note = screen.getByRole('textbox', { name: 'Add a line (optional)' });
    await fireEvent.input(note, { target: { value: 'x'.repeat(281) } });
    await fireEvent.click(screen.getByRole('button', { name: 'I planned for this' }));
    expect(await screen.findByRole('alert')).toHaveTextContent(
      'Keep the note to 280 characters (1 too many).',
    );
    expect(note).toHaveAttribute('aria-invalid', 'true');
    expect(await readCheckIns()).toEqual([]);
    await expectNoAxeViolations();

    await fireEvent.input(note, { target: { value: 'fine' } });
    await fireEvent.click(screen.getByRole('button', { name: 'I planned for this' }));
    await screen.findByText(/Sending it to your coach…/);
    expect(screen.queryByRole('alert')).toBeNull();
    expect(await readCheckIns()).toEqual([
      expect.objectContaining({ state: 'pending', note: 'fine', actionStepId: makeStep().id }),
    ]);
    expect(await screen.findByText(/Waiting to send$/)).toBeInTheDocument();
  });
});
