import { render } from '@testing-library/svelte';
import type { ActionStep } from '../../../../shared/domain/coaching/action-step.ts';
import type { CoachingModule } from '../../../../shared/domain/coaching/module.ts';
import type {
  CheckIn,
  CheckInInput,
  PracticeRound,
  Reflection,
  ReflectionInput,
  RoundSubmission,
} from '../../../../shared/domain/coaching/practice.ts';
import type { Draft } from '../../../../shared/protocol/practice-api.ts';
import type { Bootstrap } from '../../../../lti-tool/web/bootstrap.ts';
import PracticePage from '../../../../lti-tool/web/pages/practice/practice-page.svelte';
import type { PracticePageDeps } from '../../../../lti-tool/web/pages/practice/practice-page-state.svelte.ts';
import {
  RecorderError,
  type RecorderErrorCode,
  type RecorderPort,
} from '../../../../lti-tool/web/components/recorder/recorder-port.ts';
import { appShell, createFakeApi, testBootstrap } from './fake-api.ts';

export const NOW = new Date('2025-01-06T10:00:00.000Z');
export const LINK_KEY = 'link-calm-entry-01';
export const CRITERIA = ['All pupils silent within 5 seconds', 'Instruction given once, in under 10 words'];

export const practiceBootstrap: Bootstrap = testBootstrap({
  page: 'practice',
  user: { name: 'Ana Silva' },
  activity: { linkKey: LINK_KEY, moduleId: 'calm-entry', title: 'Calm entry practice' },
});

export function aModule(overrides: Partial<CoachingModule> = {}): CoachingModule {
  return {
    id: 'calm-entry',
    title: 'A calm, silent start',
    summary: 'Get full attention before the first instruction.',
    phase: 'secondary',
    theme: 'routines-and-behaviour',
    targetPerformance: 'Pupils are silent and looking at you before you give the first instruction.',
    models: [
      { kind: 'product', title: 'Scripted countdown', text: 'Pens down in 3… 2… 1.\nEyes on me.' },
      {
        kind: 'performance',
        title: 'Countdown in a Year 9 lesson',
        mediaUrl: 'https://video.example/countdown',
        notes: 'Watch the pause after "1".',
      },
      {
        kind: 'upload',
        title: 'Coach modelling the countdown',
        mediaId: 'model-audio-01',
        fileName: 'countdown.mp3',
        contentType: 'audio/mpeg',
        notes: '',
      },
    ],
    actionStep: {
      title: 'Use a 3-2-1 countdown before instructions',
      what: 'Count down aloud, pause, then give one instruction.',
      successCriteria: CRITERIA,
      whenToPractise: 'Period 2 with 9B',
      why: 'Attention first frees working memory for the instruction.',
    },
    scenarios: ['Pupils are chatting after group work.', 'A pupil is still writing when you start.'],
    reflectionPrompts: ['Which criterion felt secure first?', 'What did pupils do when you paused?'],
    scoring: 'criteria',
    origin: 'starter',
    version: 1,
    updatedAt: '2025-01-01T00:00:00.000Z',
    ...overrides,
  };
}

export function aRound(overrides: Partial<PracticeRound> = {}): PracticeRound {
  return {
    id: 'round-0001',
    moduleId: 'calm-entry',
    traineeId: 'teacher-ana',
    roundNumber: 1,
    script: 'Pens down in 3, 2, 1. Eyes on me.',
    audioId: null,
    selfAssessment: ['secure', 'not-yet'],
    submittedAt: '2025-01-05T09:00:00.000Z',
    feedback: null,
    ...overrides,
  };
}

export function aStepForPractice(overrides: Partial<ActionStep> = {}): ActionStep {
  return {
    id: 'step-current-01',
    teacherId: 'teacher-ana',
    goal: 'A calm, silent start',
    title: 'Use a 3-2-1 countdown before instructions',
    what: '',
    successCriteria: CRITERIA,
    whenToPractise: 'Period 2 with 9B',
    why: '',
    status: 'current',
    setAt: '2025-01-04T08:00:00.000Z',
    ...overrides,
  };
}

/** Timers fired by hand: the debounce and the recorder's clock never wait for real time. */
export function manualTimers() {
  let next = 0;
  const pending = new Map<number, { callback: () => void; ms: number }>();
  return {
    setTimer: (callback: () => void, ms: number) => {
      const id = ++next;
      pending.set(id, { callback, ms });
      return () => void pending.delete(id);
    },
    /** Fires every timer due within `ms` (once; re-armed timers wait for the next call). */
    fire(ms = Number.POSITIVE_INFINITY) {
      const due = [...pending.entries()].filter(([, timer]) => timer.ms <= ms);
      for (const [id, timer] of due) {
        pending.delete(id);
        timer.callback();
      }
      return due.length;
    },
    delays: () => [...pending.values()].map((timer) => timer.ms),
  };
}

/** A clock that moves one second on every reading, so every edit has a newer savedAt. */
export function steppingClock(start = NOW) {
  let ticks = 0;
  return { now: () => new Date(start.getTime() + ticks++ * 1000) };
}

export function sequentialIds(prefix = 'test-id') {
  let counter = 0;
  return { newId: () => `${prefix}-${String(++counter).padStart(4, '0')}` };
}

/** A microphone that records `bytes` for `durationMs`, or refuses with `failWith`. */
export function fakeRecorder(
  options: { bytes?: string; durationMs?: number; failWith?: RecorderErrorCode; available?: boolean } = {},
) {
  const calls = { starts: 0, stops: 0, cancels: 0 };
  const port: RecorderPort = {
    available: options.available ?? true,
    async start() {
      calls.starts += 1;
      if (options.failWith) throw new RecorderError(options.failWith, 'refused');
      return {
        stop: async () => {
          calls.stops += 1;
          return {
            blob: new Blob([options.bytes ?? 'fake opus audio'], { type: 'audio/webm' }),
            type: 'audio/webm',
            durationMs: options.durationMs ?? 4200,
          };
        },
        cancel: () => {
          calls.cancels += 1;
        },
      };
    },
  };
  return { port, calls };
}

/** Object URLs that remember which blob each one stands for. */
export function fakeObjectUrls() {
  const blobs = new Map<string, Blob>();
  const revoked: string[] = [];
  let next = 0;
  return {
    port: {
      create: (blob: Blob) => {
        const url = `blob:fake/${++next}`;
        blobs.set(url, blob);
        return url;
      },
      revoke: (url: string) => void revoked.push(url),
    },
    blobs,
    revoked,
  };
}

export interface PracticeServerOptions {
  module?: CoachingModule;
  rounds?: PracticeRound[];
  checkIns?: CheckIn[];
  reflections?: Reflection[];
  currentStep?: ActionStep | null;
  draft?: Draft | null;
  /** The practice response's `next` cursors (default: every list complete). */
  next?: Partial<Record<'rounds' | 'checkIns' | 'reflections', string | null>>;
}

/**
 * The trainee's side of the practice API, with state: drafts keep the newer savedAt, rounds
 * are idempotent on their id, media uploads are recorded. Flip `offline`/`failRounds`/
 * `failDraftPut`/`loseRoundResponse` to make things go wrong.
 */
export function createFakePracticeServer(options: PracticeServerOptions = {}) {
  const module = options.module ?? aModule();
  const state = {
    rounds: [...(options.rounds ?? [])],
    draft: options.draft ?? null,
    uploads: [] as { id: string; contentType: string | null; blob: Blob }[],
    /** Every request fails as if the network were down. */
    offline: false,
    /** Round submissions answer 503 this many times. */
    failRounds: 0,
    failDraftPut: false,
    /** The round is stored but the response never arrives. */
    loseRoundResponse: false,
    /** Resolved to let a round submission answer (null: answer at once). */
    holdRounds: null as Promise<void> | null,
  };
  const api = createFakeApi({
    [`GET /api/practice/${LINK_KEY}`]: () => ({
      body: {
        module,
        rounds: state.rounds,
        checkIns: options.checkIns ?? [],
        reflections: options.reflections ?? [],
        currentStep: options.currentStep ?? null,
        next: { rounds: null, checkIns: null, reflections: null, ...options.next },
      },
    }),
    [`GET /api/drafts/${LINK_KEY}`]: () => ({ body: { draft: state.draft } }),
    [`PUT /api/drafts/${LINK_KEY}`]: (request) => {
      if (state.failDraftPut)
        return { status: 503, body: { error: { code: 'unavailable', message: 'Down' } } };
      const incoming = request.body as Draft;
      if (!state.draft || Date.parse(incoming.savedAt) > Date.parse(state.draft.savedAt))
        state.draft = incoming;
      return { body: { draft: state.draft } };
    },
    [`DELETE /api/drafts/${LINK_KEY}`]: () => {
      state.draft = null;
      return { body: { draft: null } };
    },
    'POST /api/practice/rounds': async (request) => {
      if (state.holdRounds) await state.holdRounds;
      if (state.failRounds > 0) {
        state.failRounds -= 1;
        return { status: 503, body: { error: { code: 'unavailable', message: 'Down for a moment' } } };
      }
      const submission = request.body as RoundSubmission;
      const existing = state.rounds.find((round) => round.id === submission.id);
      if (existing) return { status: 200, body: { round: existing } };
      const round = aRound({
        id: submission.id,
        roundNumber: state.rounds.length + 1,
        script: submission.rehearsal.script.trim(),
        audioId: submission.rehearsal.audioId ?? null,
        selfAssessment: submission.selfAssessment,
        submittedAt: NOW.toISOString(),
      });
      state.rounds.push(round);
      return { status: 201, body: { round } };
    },
    'POST /api/check-ins': (request) => {
      const input = request.body as CheckInInput;
      const checkIn: CheckIn = {
        id: input.id,
        actionStepId: input.actionStepId ?? null,
        outcome: input.outcome,
        note: input.note,
        at: NOW.toISOString(),
      };
      return { status: 201, body: { checkIn } };
    },
    'POST /api/reflections': (request) => {
      const input = request.body as ReflectionInput;
      const reflection: Reflection = {
        id: input.id,
        wentWell: input.wentWell,
        change: input.change,
        next: input.next,
        writtenAt: NOW.toISOString(),
      };
      return { status: 201, body: { reflection } };
    },
  });

  const fetchImpl = async (input: RequestInfo | URL, init: RequestInit = {}): Promise<Response> => {
    if (state.offline) throw new TypeError('Failed to fetch');
    const url = new URL(String(input));
    const method = init.method ?? 'GET';
    if (url.pathname.startsWith('/api/media/')) {
      const id = decodeURIComponent(url.pathname.slice('/api/media/'.length));
      const headers = new Headers(init.headers);
      api.requests.push({
        method,
        path: url.pathname,
        search: url.search,
        authorization: headers.get('Authorization'),
        body: undefined,
      });
      if (method === 'PUT') {
        const blob = init.body as Blob;
        state.uploads.push({ id, contentType: headers.get('Content-Type'), blob });
        return new Response(JSON.stringify({ media: { id, contentType: 'audio/webm', size: blob.size } }), {
          status: 201,
          headers: { 'Content-Type': 'application/json' },
        });
      }
      return new Response('media bytes', { status: 200, headers: { 'Content-Type': 'audio/mpeg' } });
    }
    const response = await api.fetch(input, init);
    if (state.loseRoundResponse && method === 'POST' && url.pathname === '/api/practice/rounds') {
      state.loseRoundResponse = false;
      throw new TypeError('Failed to fetch');
    }
    return response;
  };

  return { ...api, fetch: fetchImpl as typeof fetch, state };
}

export type FakePracticeServer = ReturnType<typeof createFakePracticeServer>;

/** Renders the practice page against `server` with hand-fired timers and a fake microphone. */
export function renderPracticePage(
  server: FakePracticeServer,
  deps: PracticePageDeps = {},
  bootstrap: Bootstrap = practiceBootstrap,
) {
  const timers = manualTimers();
  const urls = fakeObjectUrls();
  const recorder = fakeRecorder();
  const result = render(PracticePage, {
    target: appShell(),
    props: {
      bootstrap,
      deps: {
        fetch: server.fetch,
        clock: steppingClock(),
        ids: sequentialIds(),
        setTimer: timers.setTimer,
        recorder: recorder.port,
        objectUrls: urls.port,
        inFrame: false,
        ...deps,
      },
    },
  });
  return { ...result, timers, urls, recorder };
}
