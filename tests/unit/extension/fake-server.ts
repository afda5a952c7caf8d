import type { ActionStep } from '../../../shared/domain/coaching/action-step.ts';
import { API } from '../../../shared/protocol/api.ts';

export const SERVER_URL = 'https://coach.example.org';
export const GOOD_CODE = 'K7QM2XPD';
export const DEVICE_TOKEN = 'device-token-0123456789abcdef';
export const BAD_CODE_MESSAGE = 'This pairing code has expired. Ask your coach for a new one.';

export function makeStep(overrides: Partial<ActionStep> = {}): ActionStep {
  return {
    id: 'step-0001',
    teacherId: 'teacher-ada',
    status: 'current',
    setAt: '2025-01-10T09:00:00.000Z',
    goal: 'Students start work within a minute of arriving',
    title: 'Greet at the door with a do-now on the board',
    what: '',
    successCriteria: ['Do-now visible before entry', 'Every student writing by 60 seconds'],
    whenToPractise: 'Period 1 with Year 8',
    why: '',
    ...overrides,
  };
}

export interface RecordedCall {
  method: string;
  path: string;
  authorization: string | null;
  body: unknown;
}

function json(status: number, body: unknown): Response {
  return new Response(JSON.stringify(body), { status, headers: { 'Content-Type': 'application/json' } });
}

/** An in-memory stand-in for the coaching server's extension API, behind a fetch function. */
export function createFakeServer() {
  const server = {
    online: true,
    revoked: false,
    steps: [] as ActionStep[],
    calls: [] as RecordedCall[],
    fetch: async (input: string | URL | Request, init: RequestInit = {}): Promise<Response> => {
      if (!server.online) throw new TypeError('Failed to fetch');
      const url = new URL(input instanceof Request ? input.url : input);
      const method = init.method ?? 'GET';
      const authorization = new Headers(init.headers).get('Authorization');
      const body: unknown = typeof init.body === 'string' ? JSON.parse(init.body) : undefined;
      server.calls.push({ method, path: url.pathname, authorization, body });
      if (url.origin !== SERVER_URL)
        return json(404, { error: { code: 'not-found', message: 'No such host' } });

      if (method === 'POST' && url.pathname === API.pair) {
        const code = (body as { code?: unknown } | undefined)?.code;
        if (code !== GOOD_CODE) return json(400, { error: { code: 'expired', message: BAD_CODE_MESSAGE } });
        return json(200, { deviceToken: DEVICE_TOKEN, teacherName: 'Ada Lovelace' });
      }
      const authorised = authorization === `Bearer ${DEVICE_TOKEN}` && !server.revoked;
      if (!authorised) return json(401, { error: { code: 'unauthenticated', message: 'Device revoked' } });
      if (method === 'GET' && url.pathname === API.syncPull) {
        return json(200, { cursor: String(server.steps.length), steps: server.steps });
      }
      if (method === 'POST' && url.pathname === API.syncPush) return json(200, { results: [] });
      if (method === 'DELETE' && url.pathname === API.currentDevice)
        return new Response(null, { status: 204 });
      return json(404, { error: { code: 'not-found', message: 'No such route' } });
    },
  };
  return server;
}

export type FakeServer = ReturnType<typeof createFakeServer>;
