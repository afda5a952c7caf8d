import { fireEvent, render, screen, waitFor, within } from '@testing-library/svelte';
import { describe, expect, it, vi } from 'vitest';
import type { FeedbackInput } from '../../../../shared/domain/coaching/practice.ts';
import type { RosterMember } from '../../../../shared/protocol/api.ts';
import type { ReviewItem } from '../../../../shared/protocol/practice-api.ts';
import CoachPage from '../../../../lti-tool/web/pages/coach/coach-page.svelte';
import { expectNoAxeViolations } from './axe.ts';
import { appShell, createFakeCoachServer, showTab, testBootstrap, type FakeHandler } from './fake-api.ts';

const roster: RosterMember[] = [
  { userId: 'teacher-ana', name: 'Ana Silva', role: 'teacher' },
  { userId: 'teacher-ben', name: 'Ben Okafor', role: 'teacher' },
];

const NOW = new Date('2025-03-03T09:00:00.000Z');
const clock = { now: () => NOW };

function aReviewItem(overrides: Partial<ReviewItem> = {}): ReviewItem {
  return {
    roundId: 'round-0001',
    traineeId: 'teacher-ana',
    traineeName: 'Ana Silva',
    moduleId: 'greet-at-the-door',
    moduleTitle: 'Greeting at the door',
    successCriteria: ['Greet each pupil by name', 'Point to the do-now task'],
    roundNumber: 2,
    script: 'Good morning, Sam. Do-now is on the board.',
    audioId: null,
    selfAssessment: ['secure', 'not-yet'],
    submittedAt: '2025-03-01T09:00:00.000Z',
    ...overrides,
  };
}

const queueItems: ReviewItem[] = [
  aReviewItem(),
  aReviewItem({
    roundId: 'round-0002',
    traineeId: 'teacher-ben',
    traineeName: 'Ben Okafor',
    moduleTitle: 'Cold calling',
    successCriteria: ['Ask, pause, then name'],
    selfAssessment: ['not-yet'],
    roundNumber: 1,
    submittedAt: '2025-03-02T08:00:00.000Z',
  }),
  aReviewItem({ roundId: 'round-0003', roundNumber: 3, submittedAt: '2025-03-03T08:30:00.000Z' }),
];

/** The coach server plus a review queue that drops rounds once feedback arrives. */
function createReviewServer(items: ReviewItem[] = queueItems, feedback?: FakeHandler) {
  const server = createFakeCoachServer({ roster });
  const queue = [...items];
  server.routes['GET /api/review-queue'] = () => ({
    body: { items: queue, total: queue.length, next: null },
  });
  for (const item of items) {
    server.routes[`POST /api/practice/rounds/${item.roundId}/feedback`] =
      feedback ??
      ((request) => {
        queue.splice(queue.indexOf(item), 1);
        const body = request.body as FeedbackInput;
        return {
          status: 201,
          body: {
            round: {
              id: item.roundId,
              moduleId: item.moduleId,
              traineeId: item.traineeId,
              roundNumber: item.roundNumber,
              script: item.script,
              audioId: item.audioId,
              selfAssessment: item.selfAssessment,
              submittedAt: item.submittedAt,
              feedback: { ...body, coachName: 'Casey Coach', givenAt: NOW.toISOString() },
            },
          },
        };
      });
  }
  return server;
}

/** The coach page, with the Review queue tab chosen (the page lands on "This week"). */
function renderPage(
  server: ReturnType<typeof createFakeCoachServer>,
  extraDeps = {},
  tab: Parameters<typeof showTab>[0] = 'Review queue',
) {
  const rendered = render(CoachPage, {
    target: appShell(),
    props: {
      bootstrap: testBootstrap({ page: 'coach' }),
      deps: { fetch: server.fetch, clock, ...extraDeps },
    },
  });
  showTab(tab);
  return rendered;
}

async function openItem(name: string): Promise<HTMLElement> {
  await fireEvent.click(await screen.findByRole('button', { name }));
  return screen.getByRole('form', { name: /^Feedback for/ });
}

function textField(form: HTMLElement, label: string): HTMLTextAreaElement {
  return within(form).getByRole('textbox', { name: new RegExp(`^${label}`) }) as HTMLTextAreaElement;
}

/** Writes the coach's own words where "Use template" left its gaps. */
async function fillTemplateGaps(form: HTMLElement): Promise<void> {
  for (const label of ['Precise praise', 'One next step']) {
    const field = textField(form, label);
    const value = (field as HTMLTextAreaElement).value
      .replaceAll('[what you saw]', 'every pupil heard their name')
      .replaceAll('[what to do differently]', 'point first, then speak');
    await fireEvent.input(field, { target: { value } });
  }
}

describe('coach page: review queue', () => {
  it('shows the rounds waiting, oldest first, with the count and when each was submitted', async () => {
    const server = createReviewServer();
    renderPage(server);

    const tab = await screen.findByRole('tab', { name: 'Review queue' });
    await waitFor(() => expect(tab).toHaveAccessibleDescription('3 waiting'));
    expect(tab).toHaveAttribute('aria-selected', 'true');
    const panel = screen.getByRole('tabpanel', { name: 'Review queue' });
    expect(within(panel).getByTestId('queue-count')).toHaveTextContent('3 waiting');
    const items = within(panel).getAllByRole('listitem');
    const toggles = within(panel).getAllByRole('button', { name: /, round \d+$/ });
    expect(toggles.map((toggle) => toggle.closest('li'))).toEqual(items);
    // The accessible name is the label alone; the arrow beside it is hidden from assistive tech.
    expect(toggles.map((toggle) => toggle.textContent?.replace('▸', '').trim())).toEqual([
      'Ana Silva, Greeting at the door, round 2',
      'Ben Okafor, Cold calling, round 1',
      'Ana Silva, Greeting at the door, round 3',
    ]);
    expect(items.map((item) => within(item).getByText(/^Submitted/).textContent)).toEqual([
      'Submitted 2 days ago',
      'Submitted yesterday',
      'Submitted 30 minutes ago',
    ]);
    // Closed, an item still shows the start of the script and how the trainee judged themselves.
    expect(items[0]).toHaveTextContent('Self-assessed: 1 of 2 secure');
    expect(within(items[0]!).getByText('Good morning, Sam. Do-now is on the board.')).toBeInTheDocument();
    const [call] = server.callsTo('GET', '/api/review-queue');
    expect(new URLSearchParams(call!.search).get('limit')).toBe('25');
    expect(call!.authorization).toBe('Bearer session-token-123');
    // The other parts are one arrow key away.
    const stepsTab = screen.getByRole('tab', { name: 'Action steps' });
    expect(stepsTab).toHaveAttribute('aria-selected', 'false');
    expect(document.getElementById(stepsTab.getAttribute('aria-controls')!)).not.toBeVisible();
  });

  it('shows the script, the recording and the self-assessment, and starts the judgements from it', async () => {
    const server = createReviewServer([aReviewItem({ audioId: 'audio-0001' })]);
    const mediaObjectUrl = vi.fn(async () => 'blob:http://tool.test/recording-1');
    renderPage(server, { mediaObjectUrl });

    const form = await openItem('Ana Silva, Greeting at the door, round 2');
    const toggle = screen.getByRole('button', { name: 'Ana Silva, Greeting at the door, round 2' });
    expect(toggle).toHaveAttribute('aria-expanded', 'true');
    expect(toggle).toHaveAccessibleName('Ana Silva, Greeting at the door, round 2');
    const detail = document.getElementById(toggle.getAttribute('aria-controls')!)!;
    expect(within(detail).getByText('Good morning, Sam. Do-now is on the board.')).toBeInTheDocument();
    expect(mediaObjectUrl).toHaveBeenCalledWith(
      expect.objectContaining({ baseUrl: 'http://tool.test' }),
      'audio-0001',
    );
    await waitFor(() =>
      expect(detail.querySelector('audio')).toHaveAttribute('src', 'blob:http://tool.test/recording-1'),
    );
    const self = within(detail).getByRole('list', { name: 'Their self-assessment' });
    expect(
      within(self)
        .getAllByRole('listitem')
        .map((item) => item.textContent?.replace(/\s+/g, ' ').trim()),
    ).toEqual(['Greet each pupil by name Secure', 'Point to the do-now task Not yet']);
    const first = within(form).getByRole('group', { name: 'Criterion 1: Greet each pupil by name' });
    const second = within(form).getByRole('group', { name: 'Criterion 2: Point to the do-now task' });
    expect(within(first).getByRole('radio', { name: 'Secure' })).toBeChecked();
    expect(within(second).getByRole('radio', { name: 'Not yet' })).toBeChecked();
    for (const label of ['Precise praise', 'One probing question', 'One next step']) {
      expect(textField(form, label)).toHaveValue('');
    }
    await expectNoAxeViolations();
  });

  it('fills praise, probe and next step from the criteria as judged, and can undo over typed text', async () => {
    const server = createReviewServer();
    renderPage(server);
    const form = await openItem('Ana Silva, Greeting at the door, round 2');

    await fireEvent.click(within(form).getByRole('button', { name: 'Use template' }));

    expect(textField(form, 'Precise praise')).toHaveValue(
      'You met “Greet each pupil by name”: [what you saw]',
    );
    expect(textField(form, 'One probing question')).toHaveValue(
      'Looking at “Point to the do-now task”: what did you notice when you played it back, and what could you try differently?',
    );
    expect(textField(form, 'One next step')).toHaveValue(
      'Rehearse it again, focusing on “Point to the do-now task”: [what to do differently]',
    );
    expect(
      within(screen.getByRole('tabpanel', { name: 'Review queue' })).getByRole('status'),
    ).toHaveTextContent('Template filled in.');

    // The coach's own judgement changes the template; typed text can come back.
    await fireEvent.input(textField(form, 'Precise praise'), { target: { value: 'My own words' } });
    const second = within(form).getByRole('group', { name: 'Criterion 2: Point to the do-now task' });
    await fireEvent.click(within(second).getByRole('radio', { name: 'Secure' }));
    await fireEvent.click(within(form).getByRole('button', { name: 'Use template' }));
    expect(textField(form, 'Precise praise')).toHaveValue(
      'You met “Greet each pupil by name”: [what you saw]\nYou met “Point to the do-now task”: [what you saw]',
    );
    expect(textField(form, 'One probing question')).toHaveValue(
      'Every criterion was secure. What will help this hold up with a real class?',
    );
    await fireEvent.click(within(form).getByRole('button', { name: 'Undo template' }));
    expect(textField(form, 'Precise praise')).toHaveValue('My own words');
  });

  it('sends the feedback, takes the round off the queue and moves focus to the next one', async () => {
    const server = createReviewServer();
    renderPage(server);
    const form = await openItem('Ana Silva, Greeting at the door, round 2');
    await fireEvent.click(within(form).getByRole('button', { name: 'Use template' }));
    await fireEvent.input(textField(form, 'Precise praise'), {
      target: { value: 'You met “Greet each pupil by name”: every pupil heard their name.' },
    });
    await fillTemplateGaps(form);

    await fireEvent.click(within(form).getByRole('button', { name: 'Send feedback' }));

    const next = screen.getByRole('button', { name: 'Ben Okafor, Cold calling, round 1' });
    await waitFor(() => expect(next).toHaveFocus());
    expect(
      server.callsTo('POST', '/api/practice/rounds/round-0001/feedback').map((call) => call.body),
    ).toEqual([
      {
        praise: 'You met “Greet each pupil by name”: every pupil heard their name.',
        probe:
          'Looking at “Point to the do-now task”: what did you notice when you played it back, and what could you try differently?',
        nextStep: 'Rehearse it again, focusing on “Point to the do-now task”: point first, then speak',
        criteria: ['secure', 'not-yet'],
      },
    ]);
    expect(screen.queryByRole('button', { name: 'Ana Silva, Greeting at the door, round 2' })).toBeNull();
    const panel = screen.getByRole('tabpanel', { name: 'Review queue' });
    expect(within(panel).getByRole('status')).toHaveTextContent('Feedback sent to Ana Silva.');
    expect(within(panel).getByTestId('queue-count')).toHaveTextContent('2 waiting');
    expect(screen.getByRole('tab', { name: 'Review queue' })).toHaveAccessibleDescription('2 waiting');
  });

  it('can be worked through from the keyboard: Enter opens, Ctrl+Enter sends, focus lands on the next round', async () => {
    const server = createReviewServer(queueItems.slice(0, 2));
    renderPage(server);
    const toggle = await screen.findByRole('button', { name: 'Ben Okafor, Cold calling, round 1' });
    toggle.focus();
    await fireEvent.click(toggle); // Enter on a button is a click.
    const form = screen.getByRole('form', { name: 'Feedback for Ben Okafor, round 1' });
    await fireEvent.click(within(form).getByRole('button', { name: 'Use template' }));

    // Straight from the template, Ctrl+Enter sends nothing hollow: the first gap is named, focused and selected.
    await fireEvent.keyDown(textField(form, 'One next step'), { key: 'Enter', ctrlKey: true });
    const praise = textField(form, 'Precise praise') as HTMLTextAreaElement;
    await waitFor(() => expect(praise).toHaveFocus());
    expect(praise.value.slice(praise.selectionStart, praise.selectionEnd)).toBe('[what you saw]');
    expect(
      within(form).getAllByText(/Praise: replace \[what you saw\] with your own words/),
    ).not.toHaveLength(0);
    expect(within(form).getAllByText(/Next step: replace \[what to do differently\]/)).not.toHaveLength(0);
    expect(server.callsTo('POST', '/api/practice/rounds/round-0002/feedback')).toHaveLength(0);

    await fillTemplateGaps(form);
    await fireEvent.keyDown(textField(form, 'One next step'), { key: 'Enter', ctrlKey: true });

    await waitFor(() =>
      expect(screen.getByRole('button', { name: 'Ana Silva, Greeting at the door, round 2' })).toHaveFocus(),
    );
    expect(server.callsTo('POST', '/api/practice/rounds/round-0002/feedback')).toHaveLength(1);
  });

  it('says so when someone else reviewed the round first, removes it and keeps what was typed readable', async () => {
    const server = createReviewServer(queueItems, () => ({
      status: 409,
      body: { error: { code: 'conflict', message: 'This round already has feedback.' } },
    }));
    renderPage(server);
    const form = await openItem('Ana Silva, Greeting at the door, round 2');
    await fireEvent.click(within(form).getByRole('button', { name: 'Use template' }));
    await fillTemplateGaps(form);

    await fireEvent.click(within(form).getByRole('button', { name: 'Send feedback' }));

    const alert = await screen.findByRole('alert');
    expect(alert).toHaveTextContent(
      'Someone else already gave feedback on Ana Silva’s round 2, so it has left your queue.',
    );
    expect(
      within(alert).getByText('You met “Greet each pupil by name”: every pupil heard their name'),
    ).toBeInTheDocument();
    expect(screen.queryByRole('button', { name: 'Ana Silva, Greeting at the door, round 2' })).toBeNull();
    await waitFor(() =>
      expect(screen.getByRole('button', { name: 'Ben Okafor, Cold calling, round 1' })).toHaveFocus(),
    );
    expect(screen.getByTestId('queue-count')).toHaveTextContent('2 waiting');
  });

  it('refuses incomplete feedback: errors by field, focus on the first, nothing sent, nothing lost', async () => {
    const server = createReviewServer([aReviewItem({ selfAssessment: ['secure'] })]);
    renderPage(server);
    const form = await openItem('Ana Silva, Greeting at the door, round 2');
    await fireEvent.input(textField(form, 'One probing question'), {
      target: { value: 'What did you notice?' },
    });

    await fireEvent.click(within(form).getByRole('button', { name: 'Send feedback' }));

    const summary = await within(form).findByRole('alert');
    for (const message of [
      'Judge each success criterion: secure or not yet.',
      'Praise is required',
      'Next step is required',
    ]) {
      expect(within(summary).getByRole('link', { name: message })).toBeInTheDocument();
    }
    const second = within(form).getByRole('group', { name: 'Criterion 2: Point to the do-now task' });
    await waitFor(() => expect(within(second).getByRole('radio', { name: 'Secure' })).toHaveFocus());
    expect(textField(form, 'Precise praise')).toHaveAttribute('aria-invalid', 'true');
    expect(textField(form, 'Precise praise')).toHaveAccessibleDescription(/Praise is required/);
    expect(textField(form, 'One probing question')).not.toHaveAttribute('aria-invalid');
    expect(textField(form, 'One probing question')).toHaveValue('What did you notice?');
    await fireEvent.click(within(summary).getByRole('link', { name: 'Next step is required' }));
    expect(textField(form, 'One next step')).toHaveFocus();
    expect(
      server.requests.filter((request) => request.method === 'POST' && request.path.includes('feedback')),
    ).toEqual([]);
    await expectNoAxeViolations();
  });

  it('keeps the draft when sending fails, and sends it on the next try', async () => {
    let down = true;
    const server = createReviewServer(queueItems);
    const route = server.routes['POST /api/practice/rounds/round-0001/feedback']!;
    server.routes['POST /api/practice/rounds/round-0001/feedback'] = (request) =>
      down ? { status: 503, body: { error: { code: 'unavailable', message: 'Down' } } } : route(request);
    renderPage(server);
    const form = await openItem('Ana Silva, Greeting at the door, round 2');
    await fireEvent.click(within(form).getByRole('button', { name: 'Use template' }));
    await fillTemplateGaps(form);

    await fireEvent.click(within(form).getByRole('button', { name: 'Send feedback' }));

    expect(await within(form).findByRole('alert')).toHaveTextContent(
      'Not sent: The coaching server had a problem. Please try again in a moment. Your feedback is still here',
    );
    const typed = 'You met “Greet each pupil by name”: every pupil heard their name';
    expect(textField(form, 'Precise praise')).toHaveValue(typed);
    // Closing and reopening the round keeps the draft too.
    const toggle = screen.getByRole('button', { name: 'Ana Silva, Greeting at the door, round 2' });
    await fireEvent.click(toggle);
    await fireEvent.click(toggle);
    const reopened = screen.getByRole('form', { name: 'Feedback for Ana Silva, round 2' });
    expect(textField(reopened, 'Precise praise')).toHaveValue(typed);

    down = false;
    await fireEvent.click(within(reopened).getByRole('button', { name: 'Send feedback' }));
    await waitFor(() => expect(screen.getByTestId('queue-count')).toHaveTextContent('2 waiting'));
  });

  it('loads older pages on "Show more", after the last cursor', async () => {
    const server = createFakeCoachServer({ roster });
    server.routes['GET /api/review-queue'] = (request) =>
      new URLSearchParams(request.search).get('after') === 'cursor-2'
        ? { body: { items: [queueItems[2]], total: 3, next: null } }
        : { body: { items: queueItems.slice(0, 2), total: 3, next: 'cursor-2' } };
    renderPage(server);
    await screen.findByRole('button', { name: 'Ben Okafor, Cold calling, round 1' });
    expect(screen.getByTestId('queue-count')).toHaveTextContent('3 waiting');

    await fireEvent.click(screen.getByRole('button', { name: 'Show more' }));

    expect(
      await screen.findByRole('button', { name: 'Ana Silva, Greeting at the door, round 3' }),
    ).toBeInTheDocument();
    expect(screen.getAllByRole('button', { name: /, round \d+$/ })).toHaveLength(3);
    expect(screen.queryByRole('button', { name: 'Show more' })).toBeNull();
    expect(new URLSearchParams(server.callsTo('GET', '/api/review-queue')[1]!.search).get('after')).toBe(
      'cursor-2',
    );
  });

  it('lands on "This week" whatever waits, and shows an empty queue politely', async () => {
    const server = createReviewServer([]);
    renderPage(server, {}, 'This week');

    await waitFor(() => expect(server.callsTo('GET', '/api/review-queue')).toHaveLength(1));
    expect(await screen.findByRole('button', { name: 'Observe Ana Silva' })).toBeInTheDocument();
    expect(screen.getByRole('tab', { name: 'This week' })).toHaveAttribute('aria-selected', 'true');
    await fireEvent.click(screen.getByRole('tab', { name: 'Review queue' }));
    const panel = screen.getByRole('tabpanel', { name: 'Review queue' });
    expect(within(panel).getByText('Nothing is waiting for feedback. Well done.')).toBeInTheDocument();
    expect(within(panel).getByTestId('queue-count')).toHaveTextContent('0 waiting');
  });

  it('moves between the tabs with the arrow keys, Home and End (one tab stop)', async () => {
    const server = createReviewServer();
    renderPage(server);
    const review = await screen.findByRole('tab', { name: 'Review queue' });
    await waitFor(() => expect(review).toHaveAttribute('aria-selected', 'true'));
    const tabs = screen.getAllByRole('tab');
    expect(tabs.map((tab) => tab.getAttribute('tabindex'))).toEqual(['-1', '0', '-1', '-1']);

    await fireEvent.keyDown(review, { key: 'ArrowRight' });
    const steps = screen.getByRole('tab', { name: 'Action steps' });
    expect(steps).toHaveFocus();
    expect(steps).toHaveAttribute('aria-selected', 'true');
    expect(screen.getByRole('tabpanel', { name: 'Action steps' })).toBeVisible();

    await fireEvent.keyDown(steps, { key: 'End' });
    expect(screen.getByRole('tab', { name: 'History' })).toHaveFocus();
    await fireEvent.keyDown(screen.getByRole('tab', { name: 'History' }), { key: 'ArrowRight' });
    const week = screen.getByRole('tab', { name: 'This week' });
    expect(week).toHaveFocus();
    await fireEvent.keyDown(week, { key: 'ArrowLeft' });
    expect(screen.getByRole('tab', { name: 'History' })).toHaveAttribute('aria-selected', 'true');
    await fireEvent.keyDown(screen.getByRole('tab', { name: 'History' }), { key: 'Home' });
    expect(week).toHaveAttribute('aria-selected', 'true');
    expect(screen.getByRole('tablist', { name: 'Parts of this page' })).toBeInTheDocument();
  });

  it('shows trainee text literally, never as markup', async () => {
    const hostile = '<img src=x onerror=alert(1)>';
    const server = createReviewServer([
      aReviewItem({ traineeName: hostile, script: '<script>alert(1)</script>' }),
    ]);
    renderPage(server);
    await openItem(`${hostile}, Greeting at the door, round 2`);
    expect(screen.getByText('<script>alert(1)</script>')).toBeInTheDocument();
    expect(document.querySelector('main img, main script')).toBeNull();
  });

  it('reports a queue that would not load, in its own tab', async () => {
    const failing = createFakeCoachServer({ roster });
    failing.routes['GET /api/review-queue'] = () => ({
      status: 401,
      body: { error: { code: 'unauthenticated', message: 'Expired' } },
    });
    renderPage(failing);
    await waitFor(() => expect(failing.callsTo('GET', '/api/review-queue')).toHaveLength(1));
    await fireEvent.click(screen.getByRole('tab', { name: 'Review queue' }));
    expect(await screen.findByRole('alert')).toHaveTextContent(
      'Could not load the review queue. Your session has ended.',
    );
  });
});
