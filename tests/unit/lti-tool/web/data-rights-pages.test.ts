import { fireEvent, render, screen, waitFor } from '@testing-library/svelte';
import { describe, expect, it } from 'vitest';
import TeacherPage from '../../../../lti-tool/web/pages/teacher/teacher-page.svelte';
import ErasureRequest from '../../../../lti-tool/web/pages/provider/erasure-request.svelte';
import { ErasureRequestState } from '../../../../lti-tool/web/pages/provider/erasure-request-state.svelte.ts';
import type { DownloadPort } from '../../../../lti-tool/web/pages/teacher/data-download-state.svelte.ts';
import { expectNoAxeViolations } from './axe.ts';
import { appShell, createFakeApi, PUBLIC_URL, testBootstrap, type FakeHandler } from './fake-api.ts';
import { aRound, createFakePracticeServer, LINK_KEY, renderPracticePage } from './practice-harness.ts';

const ZIP_PATH = '/api/me/data-export';

/** The teacher page's API, with the download answered as the server does: a ZIP with its file name. */
function teacherApi(download: () => Response) {
  const api = createFakeApi({
    'GET /api/me/step': () => ({ body: { step: null } }),
    'GET /api/devices': () => ({ body: { devices: [] } }),
    'GET /api/conversations': () => ({ body: { conversations: [] } }),
    'GET /api/me/history': () => ({
      body: {
        trainee: { userId: 't', name: 'Ana' },
        steps: [],
        rounds: [],
        checkIns: [],
        reflections: [],
        earlierSteps: [],
        next: null,
      },
    }),
  });
  const downloads: string[] = [];
  const fetchImpl = async (input: RequestInfo | URL, init: RequestInit = {}) => {
    const url = new URL(String(input));
    if (url.pathname !== ZIP_PATH) return api.fetch(input, init);
    downloads.push(new Headers(init.headers).get('Authorization') ?? '');
    return download();
  };
  return { fetch: fetchImpl as typeof fetch, downloads };
}

function fakeSaver() {
  const saved: { fileName: string; size: number; type: string }[] = [];
  const port: DownloadPort = {
    save: (blob, fileName) => void saved.push({ fileName, size: blob.size, type: blob.type }),
  };
  return { port, saved };
}

describe('teacher page: "Download my data"', () => {
  it('downloads the ZIP with the session token and saves it under the server’s file name', async () => {
    const server = teacherApi(
      () =>
        new Response(new Uint8Array([0x50, 0x4b, 0x03, 0x04, 1, 2, 3]), {
          headers: {
            'Content-Type': 'application/zip',
            'Content-Disposition': 'attachment; filename="coaching-data-2025-01-06.zip"',
          },
        }),
    );
    const saver = fakeSaver();
    render(TeacherPage, {
      target: appShell(),
      props: {
        bootstrap: testBootstrap({ page: 'teacher' }),
        deps: { fetch: server.fetch, download: saver.port },
      },
    });
    expect(screen.getByRole('heading', { level: 2, name: 'Your data' })).toBeInTheDocument();
    await fireEvent.click(screen.getByRole('button', { name: 'Download my data' }));

    await waitFor(() =>
      expect(screen.getByText('Downloaded coaching-data-2025-01-06.zip.')).toBeInTheDocument(),
    );
    expect(screen.getByText('Downloaded coaching-data-2025-01-06.zip.')).toHaveAttribute('role', 'status');
    expect(saver.saved).toEqual([
      { fileName: 'coaching-data-2025-01-06.zip', size: 7, type: 'application/zip' },
    ]);
    expect(server.downloads).toEqual(['Bearer session-token-123']);
    await expectNoAxeViolations();
  });

  it('says why when it is refused, in the server’s words for too many downloads', async () => {
    const server = teacherApi(
      () =>
        new Response(
          JSON.stringify({ error: { code: 'too-many-requests', message: 'Wait an hour, then try again.' } }),
          { status: 429, headers: { 'Content-Type': 'application/json' } },
        ),
    );
    const saver = fakeSaver();
    render(TeacherPage, {
      target: appShell(),
      props: {
        bootstrap: testBootstrap({ page: 'teacher' }),
        deps: { fetch: server.fetch, download: saver.port },
      },
    });
    await fireEvent.click(screen.getByRole('button', { name: 'Download my data' }));
    expect(await screen.findByRole('alert')).toHaveTextContent(
      'Your data could not be downloaded. Wait an hour, then try again.',
    );
    expect(saver.saved).toEqual([]);
    await expectNoAxeViolations();
  });
});

describe('practice page: retention', () => {
  it('says how long recordings are kept beside the recorder, and a deleted recording instead of a player', async () => {
    const server = createFakePracticeServer({
      rounds: [aRound({ id: 'round-0001', audioId: null, audioDeletedAfterDays: 365 })],
    });
    const practice = server.routes[`GET /api/practice/${LINK_KEY}`]!;
    server.routes[`GET /api/practice/${LINK_KEY}`] = async (request) => {
      const reply = await practice(request);
      return { ...reply, body: { ...(reply.body as object), recordingRetentionDays: 365 } };
    };
    renderPracticePage(server);
    expect(
      await screen.findByText(
        'Recordings are kept for 365 days, then deleted; your rounds keep everything else.',
      ),
    ).toBeInTheDocument();
    await fireEvent.click(screen.getByRole('tab', { name: /^Your rounds/ }));
    expect(screen.getByText('Recording deleted after 365 days.')).toBeInTheDocument();
    expect(screen.queryByRole('button', { name: /Play the recording/ })).toBeNull();
    await expectNoAxeViolations();
  });
});

describe('provider page: "Request erasure"', () => {
  function renderForm(reply: FakeHandler) {
    const api = createFakeApi({ 'POST /api/provider/erasure-requests': reply });
    const state = new ErasureRequestState({
      baseUrl: PUBLIC_URL,
      token: () => 'session-token-123',
      fetch: api.fetch,
    });
    render(ErasureRequest, {
      target: appShell(),
      props: { erasure: state, signal: new AbortController().signal },
    });
    return api;
  }

  it('asks for the id, then for a confirmation naming it, and only then records the request', async () => {
    const api = renderForm(() => ({
      status: 201,
      body: { request: { id: 'req-1234', requestedAt: '2025-01-06T10:00:00.000Z' } },
    }));
    await fireEvent.click(screen.getByRole('button', { name: 'Request erasure' }));
    expect(screen.getByText('Enter the LMS user id of the person to erase.')).toBeInTheDocument();
    expect(screen.getByRole('textbox', { name: 'LMS user id' })).toHaveAttribute('aria-invalid', 'true');
    await expectNoAxeViolations();

    await fireEvent.input(screen.getByRole('textbox', { name: 'LMS user id' }), {
      target: { value: 'learner-42' },
    });
    await fireEvent.click(screen.getByRole('button', { name: 'Request erasure' }));
    expect(api.requests).toEqual([]);
    expect(screen.getByRole('group', { name: 'Erase this person’s data for good?' })).toHaveTextContent(
      'LMS user learner-42',
    );
    await expectNoAxeViolations();

    await fireEvent.click(screen.getByRole('button', { name: 'Yes, request erasure' }));
    await waitFor(() =>
      expect(screen.getByRole('status')).toHaveTextContent('Erasure requested (reference req-1234)'),
    );
    expect(api.requests.map((request) => request.body)).toEqual([{ userId: 'learner-42', confirm: true }]);
    await expectNoAxeViolations();
  });

  it('goes back to the form on Cancel, sending nothing', async () => {
    const api = renderForm(() => ({ status: 500, body: {} }));
    await fireEvent.input(screen.getByRole('textbox', { name: 'LMS user id' }), {
      target: { value: 'learner-42' },
    });
    await fireEvent.click(screen.getByRole('button', { name: 'Request erasure' }));
    await fireEvent.click(screen.getByRole('button', { name: 'Cancel' }));
    expect(screen.getByRole('textbox', { name: 'LMS user id' })).toHaveFocus();
    expect(api.requests).toEqual([]);
  });
});
