import { screen } from '@testing-library/svelte';
import {
  currentActionStep,
  setCurrentActionStep,
  type ActionStep,
} from '../../../../shared/domain/coaching/action-step.ts';
import type { RosterMember } from '../../../../shared/protocol/api.ts';
import type { Change } from '../../../../shared/protocol/sync.ts';
import type { Bootstrap } from '../../../../lti-tool/web/bootstrap.ts';

/** One request the page made, as the fake server saw it. */
export interface RecordedRequest {
  method: string;
  path: string;
  search: string;
  authorization: string | null;
  body: unknown;
}

export interface FakeReply {
  status?: number;
  body: unknown;
}

export type FakeHandler = (request: RecordedRequest) => FakeReply | Promise<FakeReply>;

export const PUBLIC_URL = 'http://tool.test';

export function testBootstrap(overrides: Partial<Bootstrap> = {}): Bootstrap {
  return {
    page: 'coach',
    sessionToken: 'session-token-123',
    publicUrl: PUBLIC_URL,
    storageKey: 'user-1.course-1',
    user: { name: 'Casey Coach' },
    context: { title: 'Year 9 Science' },
    activity: null,
    ...overrides,
  };
}

/** A fetch that routes `METHOD /path` to handlers and records every call; unknown routes answer 404. */
export function createFakeApi(routes: Record<string, FakeHandler>) {
  const requests: RecordedRequest[] = [];
  const fetchImpl = async (input: RequestInfo | URL, init: RequestInit = {}): Promise<Response> => {
    const url = new URL(input instanceof Request ? input.url : String(input));
    const headers = new Headers(init.headers);
    const request: RecordedRequest = {
      method: init.method ?? 'GET',
      path: url.pathname,
      search: url.search,
      authorization: headers.get('Authorization'),
      body: typeof init.body === 'string' ? JSON.parse(init.body) : undefined,
    };
    requests.push(request);
    const handler = routes[`${request.method} ${request.path}`];
    const reply = handler
      ? await handler(request)
      : { status: 404, body: { error: { code: 'not-found', message: 'No such route' } } };
    return new Response(JSON.stringify(reply.body), {
      status: reply.status ?? 200,
      headers: { 'Content-Type': 'application/json' },
    });
  };
  return {
    fetch: fetchImpl as typeof fetch,
    requests,
    routes,
    callsTo: (method: string, path: string) =>
      requests.filter((request) => request.method === method && request.path === path),
  };
}

/**
 * The coach's side of the server: roster, push (applies changes with the one-current-step
 * rule) and pull (everything, with a cursor). `failPush` makes pushes answer 503.
 */
export function createFakeCoachServer(options: {
  roster: RosterMember[];
  steps?: ActionStep[];
  failedGrades?: unknown[];
}) {
  const state = { steps: [...(options.steps ?? [])], failPush: false, pushed: [] as Change[] };
  const api = createFakeApi({
    'GET /api/roster': () => ({ body: { members: options.roster, next: null } }),
    'POST /api/sync/push': (request) => {
      if (state.failPush) return { status: 503, body: { error: { code: 'unavailable', message: 'Down' } } };
      const { changes } = request.body as { changes: Change[] };
      for (const change of changes) {
        state.pushed.push(change);
        state.steps = setCurrentActionStep(state.steps, {
          ...change.step,
          id: change.stepId,
          teacherId: change.teacherId,
          setAt: change.madeAt,
        });
      }
      return { body: { results: changes.map((change) => ({ changeId: change.id, status: 'applied' })) } };
    },
    'GET /api/sync/pull': () => ({
      body: { cursor: String(state.steps.length), steps: state.steps, more: false },
    }),
    'GET /api/grades/failed': () => ({ body: { failed: options.failedGrades ?? [], next: null } }),
    'GET /api/reminders': () => ({
      body: { email: null, digest: 'off', mail: true, feed: { exists: false } },
    }),
    // The "This week" tab: every teacher of the roster, not met yet, with their current step.
    'GET /api/caseload': () => ({
      body: {
        today: '2026-11-22',
        rhythm: { kind: 'weekly' },
        teachers: options.roster
          .filter((member) => member.role === 'teacher')
          .map((member) => ({
            teacherId: member.userId,
            name: member.name,
            step: currentActionStep(state.steps, member.userId),
            lastObservationAt: null,
            lastConversationAt: null,
            checkBackOn: null,
            observationPlannedOn: null,
            urgency: 'not-started',
            dueOn: null,
            waiting: { rounds: 0, checkIns: 0, reflections: 0 },
          })),
      },
    }),
  });
  return { ...api, state };
}

export function aStep(overrides: Partial<ActionStep> = {}): ActionStep {
  return {
    id: 'step-0001',
    teacherId: 'teacher-ana',
    goal: 'Pupils settle quickly at the start of lessons',
    title: 'Greet at the door with a do-now task',
    what: 'Stand at the door, greet each pupil by name, point to the board.',
    successCriteria: ['All pupils start the do-now within 2 minutes', 'You greet at least 10 pupils by name'],
    whenToPractise: 'Period 1 with 9B on Monday',
    why: 'A calm routine frees working memory for learning.',
    status: 'current',
    setAt: '2025-01-06T08:00:00.000Z',
    ...overrides,
  };
}

/**
 * Opens one of the coach page's tabs as a person would, by clicking it: the page lands on
 * "This week", and the other panels are hidden until chosen.
 */
export function showTab(name: 'This week' | 'Review queue' | 'Action steps' | 'History'): void {
  screen.getByRole('tab', { name }).click();
}

/** Renders like the server's shell: `<html lang>`, a title and `<main id="app">`. */
export function appShell(): HTMLElement {
  document.documentElement.lang = 'en';
  document.title = 'Coaching';
  const main = document.createElement('main');
  main.id = 'app';
  document.body.replaceChildren(main);
  return main;
}
