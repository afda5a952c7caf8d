import { fireEvent, render, screen, waitFor, within } from '@testing-library/svelte';
import { describe, expect, it } from 'vitest';
import TeacherPage from '../../../../lti-tool/web/pages/teacher/teacher-page.svelte';
import { SharedWithYou } from '../../../../lti-tool/web/components/sharing/index.ts';
import { apiOptions } from '../../../../lti-tool/web/api.ts';
import { expectNoAxeViolations } from './axe.ts';
import {
  appShell,
  createFakeApi,
  testBootstrap,
  type FakeHandler,
  type RecordedRequest,
} from './fake-api.ts';

const conversation = {
  id: 'conv-0001',
  teacherId: 'teacher-ana',
  version: 1,
  at: '2026-11-20T10:00:00.000Z',
  record: {
    teacherId: 'teacher-ana',
    observationId: null,
    targetPerformance: 'Pupils settle quickly',
    praise: [{ text: 'Your greeting was warm', criterion: null }],
    probingQuestions: ['What did the back row do?'],
    model: { kind: 'own', form: 'performance', description: 'Countdown with a pause' },
    step: { decision: 'keep' },
    rounds: [],
    checkBackOn: '2026-11-27',
  },
};

/** The teacher page's API with a share server: POST makes a share, DELETE of it revokes it. */
function renderWithShares(extra: Record<string, FakeHandler> = {}) {
  const api = createFakeApi({
    'GET /api/me/step': () => ({ body: { step: null } }),
    'GET /api/devices': () => ({ body: { devices: [] } }),
    'GET /api/conversations': () => ({ body: { conversations: [conversation] } }),
    'GET /api/me/history': () => ({
      body: {
        trainee: { userId: 'teacher-ana', name: 'Ana' },
        steps: [],
        rounds: [],
        checkIns: [],
        reflections: [],
        earlierSteps: [],
        next: null,
      },
    }),
    'GET /api/shares': () => ({ body: { shares: [] } }),
    'POST /api/shares': (request: RecordedRequest) => {
      const body = request.body as {
        id: string;
        kind: string;
        itemId: string;
        recipientId: string;
        recipientName: string;
      };
      // The fake answers JSON; the real server answers 204 with no body.
      api.routes[`DELETE /api/shares/${body.id}`] = () => ({ body: {} });
      return {
        status: 201,
        body: { share: { ...body, createdAt: '2026-11-21T09:00:00.000Z', revokedAt: null } },
      };
    },
    ...extra,
  });
  render(TeacherPage, {
    target: appShell(),
    props: { bootstrap: testBootstrap({ page: 'teacher' }), deps: { fetch: api.fetch } },
  });
  return api;
}

describe('teacher page: sharing a conversation', () => {
  it('shares a conversation with a named person through a small form, lists them and revokes', async () => {
    const api = renderWithShares();
    const record = await screen.findByRole('region', { name: 'Your coaching conversations' });
    await fireEvent.click(await within(record).findByRole('button', { name: /^Share the conversation of / }));
    const form = within(record).getByRole('form', { name: /^Share the conversation of / });
    await expectNoAxeViolations();

    // Both fields are needed: nothing is sent without them.
    await fireEvent.click(within(form).getByRole('button', { name: 'Share' }));
    expect(within(form).getByRole('alert')).toHaveTextContent('Enter their LMS user id and their name.');
    expect(api.callsTo('POST', '/api/shares')).toHaveLength(0);

    await fireEvent.input(within(form).getByRole('textbox', { name: /Their LMS user id/ }), {
      target: { value: 'leader-42' },
    });
    await fireEvent.input(within(form).getByRole('textbox', { name: /Their name/ }), {
      target: { value: 'Ms <b>Leader</b>' },
    });
    await fireEvent.click(within(form).getByRole('button', { name: 'Share' }));
    await waitFor(() =>
      expect(within(record).getByText('Shared with Ms <b>Leader</b>.')).toBeInTheDocument(),
    );
    const [posted] = api.callsTo('POST', '/api/shares');
    expect(posted!.body).toEqual({
      id: expect.stringMatching(/^[A-Za-z0-9_-]{8,64}$/),
      kind: 'conversation',
      itemId: 'conv-0001',
      recipientId: 'leader-42',
      recipientName: 'Ms <b>Leader</b>',
    });
    expect(posted!.authorization).toBe('Bearer session-token-123');
    expect(within(record).queryByRole('form')).toBeNull();
    expect(within(record).getByText('Shared with')).toBeInTheDocument();
    const revoke = within(record).getByRole('button', {
      name: /^Revoke sharing the conversation of .+ with Ms <b>Leader<\/b>$/,
    });
    await expectNoAxeViolations();

    await fireEvent.click(revoke);
    await waitFor(() =>
      expect(within(record).getByText('Ms <b>Leader</b> no longer sees it.')).toBeInTheDocument(),
    );
    expect(api.callsTo('DELETE', `/api/shares/${(posted!.body as { id: string }).id}`)).toHaveLength(1);
    expect(within(record).queryByRole('button', { name: /^Revoke/ })).toBeNull();
    expect(within(record).queryByText('Shared with')).toBeNull();
    await expectNoAxeViolations();
  });

  it('says why a share was refused, in the server’s words, and keeps the form', async () => {
    renderWithShares({
      'POST /api/shares': () => ({
        status: 400,
        body: {
          error: {
            code: 'invalid-input',
            message: 'This is you: enter the LMS user id of the person to share with.',
          },
        },
      }),
    });
    const record = await screen.findByRole('region', { name: 'Your coaching conversations' });
    await fireEvent.click(await within(record).findByRole('button', { name: /^Share the conversation of / }));
    const form = within(record).getByRole('form');
    await fireEvent.input(within(form).getByRole('textbox', { name: /Their LMS user id/ }), {
      target: { value: 'teacher-ana' },
    });
    await fireEvent.input(within(form).getByRole('textbox', { name: /Their name/ }), {
      target: { value: 'Me' },
    });
    await fireEvent.click(within(form).getByRole('button', { name: 'Share' }));
    expect(await within(form).findByRole('alert')).toHaveTextContent(
      'It was not shared. This is you: enter the LMS user id of the person to share with.',
    );
    expect(within(record).queryByText('Shared with')).toBeNull();
    await expectNoAxeViolations();
  });
});

describe('"Shared with you" (programme page, for recipients)', () => {
  it('shows each shared item with its owner’s name, and no recording', async () => {
    const api = createFakeApi({
      'GET /api/shared-with-me': () => ({
        body: {
          items: [
            {
              id: 'share-0001',
              kind: 'round',
              ownerName: 'Ana Silva',
              sharedAt: '2026-11-21T09:00:00.000Z',
              round: {
                moduleTitle: 'Narrate the positive',
                successCriteria: ['Two names by three'],
                roundNumber: 2,
                script: 'Eyes on me in <b>three</b>',
                selfAssessment: ['secure'],
                submittedAt: '2026-11-20T09:00:00.000Z',
                feedback: null,
              },
            },
            {
              id: 'share-0002',
              kind: 'conversation',
              ownerName: 'Ana Silva',
              sharedAt: '2026-11-21T09:00:00.000Z',
              conversation: {
                heldAt: '2026-11-20T10:00:00.000Z',
                record: {
                  ...conversation.record,
                  teacherId: undefined,
                  observationId: undefined,
                  model: { kind: 'own', form: 'performance', description: 'Countdown', recorded: true },
                },
              },
            },
          ],
        },
      }),
    });
    render(SharedWithYou, {
      target: appShell(),
      props: { api: apiOptions(testBootstrap({ page: 'programme' }), api.fetch) },
    });
    const region = await screen.findByRole('region', { name: 'Shared with you' });
    expect(
      within(region).getByRole('heading', { name: 'Practice round 2: Narrate the positive' }),
    ).toBeInTheDocument();
    expect(within(region).getByText('Eyes on me in <b>three</b>')).toBeInTheDocument();
    expect(within(region).getByText('Two names by three: secure')).toBeInTheDocument();
    expect(within(region).getAllByText(/^Ana Silva, shared /)).toHaveLength(2);
    expect(within(region).getByText(/The model recording is not shared/)).toBeInTheDocument();
    expect(region.querySelector('audio')).toBeNull();
    await expectNoAxeViolations();
  });

  it('shows nothing when nothing is shared', async () => {
    const api = createFakeApi({ 'GET /api/shared-with-me': () => ({ body: { items: [] } }) });
    render(SharedWithYou, {
      target: appShell(),
      props: { api: apiOptions(testBootstrap({ page: 'programme' }), api.fetch) },
    });
    await waitFor(() => expect(api.callsTo('GET', '/api/shared-with-me')).toHaveLength(1));
    expect(screen.queryByRole('region', { name: 'Shared with you' })).toBeNull();
  });
});
