import { fireEvent, render, screen, waitFor, within } from '@testing-library/svelte';
import { describe, expect, it } from 'vitest';
import type { CheckInInput } from '../../../../shared/domain/coaching/practice.ts';
import { apiOptions } from '../../../../lti-tool/web/api.ts';
import { CheckInPanel } from '../../../../lti-tool/web/components/check-in/index.ts';
import TeacherPage from '../../../../lti-tool/web/pages/teacher/teacher-page.svelte';
import { expectNoAxeViolations } from './axe.ts';
import { aStep, appShell, createFakeApi, testBootstrap, type FakeHandler } from './fake-api.ts';

const AT = '2025-01-06T10:00:00.000Z';

const acceptCheckIn: FakeHandler = (request) => {
  const input = request.body as CheckInInput;
  return {
    status: 201,
    body: {
      checkIn: {
        id: input.id,
        actionStepId: input.actionStepId,
        outcome: input.outcome,
        note: input.note,
        at: AT,
      },
    },
  };
};

function sequentialIds() {
  let counter = 0;
  return { newId: () => `checkin-${String(++counter).padStart(4, '0')}` };
}

describe('check-in on the teacher page', () => {
  const bootstrap = testBootstrap({
    page: 'teacher',
    user: { name: 'Ana Silva' },
    activity: { linkKey: 'link-step-0001', moduleId: null, title: 'Your action step' },
  });

  function renderTeacher(routes: Record<string, FakeHandler>) {
    const api = createFakeApi(routes);
    render(TeacherPage, {
      target: appShell(),
      props: { bootstrap, deps: { fetch: api.fetch, ids: sequentialIds() } },
    });
    return api;
  }

  it('sits under the current step and posts one tap with the step and the activity', async () => {
    const api = renderTeacher({
      'GET /api/me/step': () => ({ body: { step: aStep() } }),
      'POST /api/check-ins': acceptCheckIn,
    });

    const region = await screen.findByRole('region', { name: 'Check in' });
    expect(region).toHaveTextContent('Greet at the door with a do-now task');
    expect(within(region).getByRole('group', { name: 'How did it go?' })).toBeInTheDocument();

    await fireEvent.click(within(region).getByRole('button', { name: 'Partly' }));

    expect(await within(region).findByText('Check-in saved: Partly.')).toHaveAttribute('role', 'status');
    expect(api.callsTo('POST', '/api/check-ins').map((call) => call.body)).toEqual([
      {
        id: 'checkin-0001',
        actionStepId: 'step-0001',
        linkKey: 'link-step-0001',
        outcome: 'partly',
        note: '',
      },
    ]);
    expect(within(region).getByRole('list', { name: 'Your check-ins' })).toHaveTextContent('Partly');
    await expectNoAxeViolations();
  });

  it('is not offered before there is a step to check in on', async () => {
    renderTeacher({ 'GET /api/me/step': () => ({ body: { step: null } }) });
    await screen.findByRole('heading', { level: 2, name: 'No action step yet' });
    expect(screen.queryByRole('region', { name: 'Check in' })).not.toBeInTheDocument();
  });
});

describe('CheckInPanel', () => {
  function renderPanel(routes: Record<string, FakeHandler>, fetchOverride?: typeof fetch) {
    const api = createFakeApi(routes);
    render(CheckInPanel, {
      target: appShell(),
      props: {
        api: apiOptions(testBootstrap({ page: 'teacher' }), fetchOverride ?? api.fetch),
        linkKey: null,
        actionStepId: 'step-0001',
        ids: sequentialIds(),
        previous: [
          {
            id: 'older-0001',
            actionStepId: 'step-0001',
            outcome: 'not-yet',
            note: 'First try',
            at: '2025-01-01T10:00:00.000Z',
          },
          {
            id: 'newer-0001',
            actionStepId: 'step-0001',
            outcome: 'went-well',
            note: 'Second try',
            at: '2025-01-03T10:00:00.000Z',
          },
        ],
      },
    });
    return api;
  }

  it('lists earlier check-ins newest first', () => {
    renderPanel({});
    const items = within(screen.getByRole('list', { name: 'Your check-ins' })).getAllByRole('listitem');
    expect(items.map((item) => item.querySelector('.note')?.textContent)).toEqual([
      'Second try',
      'First try',
    ]);
  });

  it('keeps the note to 280 characters', async () => {
    renderPanel({});
    const note = screen.getByRole('textbox', { name: 'Add a line (optional)' });
    expect(note).toHaveAttribute('maxlength', '280');
    await fireEvent.input(note, { target: { value: 'x'.repeat(300) } });
    expect(note).toHaveValue('x'.repeat(280));
  });

  it('says so when a check-in fails, and the retry is the same check-in', async () => {
    let fail = true;
    const api = renderPanel({
      'POST /api/check-ins': (request) =>
        fail
          ? { status: 503, body: { error: { code: 'unavailable', message: 'Down' } } }
          : acceptCheckIn(request),
    });

    await fireEvent.input(screen.getByRole('textbox', { name: 'Add a line (optional)' }), {
      target: { value: 'Whole class silent' },
    });
    await fireEvent.click(screen.getByRole('button', { name: 'Went well' }));
    const alert = await screen.findByRole('alert');
    expect(alert).toHaveTextContent('Your check-in was not saved.');
    expect(screen.getByRole('textbox', { name: 'Add a line (optional)' })).toHaveValue('Whole class silent');

    fail = false;
    await fireEvent.click(within(alert).getByRole('button', { name: 'Try the check-in again' }));

    await screen.findByText('Check-in saved: Went well.');
    const ids = api.callsTo('POST', '/api/check-ins').map((call) => (call.body as CheckInInput).id);
    expect(ids).toEqual(['checkin-0001', 'checkin-0001']);
    await waitFor(() => expect(screen.queryByRole('alert')).not.toBeInTheDocument());
  });

  it('ignores a second tap while the first is on its way', async () => {
    let release: () => void = () => undefined;
    const held = new Promise<void>((resolve) => (release = resolve));
    const api = renderPanel({
      'POST /api/check-ins': async (request) => {
        await held;
        return acceptCheckIn(request);
      },
    });

    await fireEvent.click(screen.getByRole('button', { name: 'Not yet' }));
    await fireEvent.click(screen.getByRole('button', { name: 'Not yet' }));
    release();

    await screen.findByText('Check-in saved: Not yet.');
    expect(api.callsTo('POST', '/api/check-ins')).toHaveLength(1);
  });
});
