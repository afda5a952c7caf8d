import { fireEvent, render, screen, waitFor, within } from '@testing-library/svelte';
import { describe, expect, it } from 'vitest';
import type { RosterMember } from '../../../../shared/protocol/api.ts';
import type { Change } from '../../../../shared/protocol/sync.ts';
import CoachPage from '../../../../lti-tool/web/pages/coach/coach-page.svelte';
import { expectNoAxeViolations } from './axe.ts';
import { appShell, createFakeCoachServer, showTab, testBootstrap } from './fake-api.ts';
import { aCoachingModule, summaryOf } from './module-fixtures.ts';

const roster: RosterMember[] = [
  { userId: 'teacher-ana', name: 'Ana Silva', role: 'teacher' },
  { userId: 'teacher-ben', name: 'Ben Okafor', role: 'teacher' },
];

const modules = [
  aCoachingModule('calm-entry-routine'),
  aCoachingModule('ask-pause-then-name', {
    title: 'Ask, pause, then name',
    summary: 'Cold calling that gives everyone time to think.',
    theme: 'questioning-and-checking',
    targetPerformance: 'Every pupil expects to be asked and has time to think first.',
    actionStep: {
      title: 'Ask the whole class, pause for 3 seconds, then name one pupil',
      what: '',
      successCriteria: ['Question to everyone first', 'Silent 3-second pause', 'Name comes last'],
      whenToPractise: 'Starter questions, period 3',
      why: '',
    },
    origin: 'provider',
    version: 4,
  }),
];

function createServer() {
  const server = createFakeCoachServer({ roster });
  server.routes['GET /api/review-queue'] = () => ({ body: { items: [], total: 0, next: null } });
  server.routes['GET /api/modules'] = () => ({ body: { modules: modules.map(summaryOf), next: null } });
  for (const module of modules) {
    server.routes[`GET /api/modules/${module.id}`] = () => ({ body: { module } });
  }
  return server;
}

function field(name: string): HTMLInputElement | HTMLTextAreaElement {
  const element = document.querySelector<HTMLInputElement | HTMLTextAreaElement>(`[name="${name}"]`);
  if (!element) throw new Error(`No field named ${name}`);
  return element;
}

describe('coach page: set an action step from a module', () => {
  it('fills the form from the chosen module, lets the coach adjust it, and pushes a set-action-step change', async () => {
    const server = createServer();
    render(CoachPage, {
      target: appShell(),
      props: { bootstrap: testBootstrap({ page: 'coach' }), deps: { fetch: server.fetch } },
    });
    showTab('Action steps');
    await fireEvent.click(await screen.findByRole('radio', { name: 'Ana Silva' }));
    expect(server.callsTo('GET', '/api/modules')).toHaveLength(0);

    const disclosure = screen.getByRole('button', { name: 'Set from a module' });
    expect(disclosure).toHaveAttribute('aria-expanded', 'false');
    await fireEvent.click(disclosure);
    expect(disclosure).toHaveAttribute('aria-expanded', 'true');

    const select = (await screen.findByRole('combobox', { name: 'Module' })) as HTMLSelectElement;
    expect(
      within(select)
        .getAllByRole('option')
        .map((option) => option.textContent),
    ).toEqual(['Choose a module…', 'Ask, pause, then name (Secondary)', 'Calm entry routine (Secondary)']);
    await fireEvent.input(screen.getByRole('searchbox', { name: 'Find a module' }), {
      target: { value: 'cold calling' },
    });
    expect(
      within(select)
        .getAllByRole('option')
        .map((option) => option.textContent),
    ).toEqual(['Choose a module…', 'Ask, pause, then name (Secondary)']);
    await fireEvent.change(select, { target: { value: 'ask-pause-then-name' } });
    await fireEvent.click(screen.getByRole('button', { name: 'Fill the form from this module' }));

    await waitFor(() =>
      expect(field('title')).toHaveValue('Ask the whole class, pause for 3 seconds, then name one pupil'),
    );
    expect(field('goal')).toHaveValue('Every pupil expects to be asked and has time to think first.');
    expect(field('successCriteria')).toHaveValue(
      'Question to everyone first\nSilent 3-second pause\nName comes last',
    );
    expect(field('whenToPractise')).toHaveValue('Starter questions, period 3');
    expect(field('goal')).toHaveFocus();
    expect(screen.getByRole('status')).toHaveTextContent(
      'Filled from “Ask, pause, then name”. Check and adjust it for this teacher, then save.',
    );
    await expectNoAxeViolations();

    await fireEvent.input(field('whenToPractise'), { target: { value: 'Period 2 with 9B' } });
    await fireEvent.click(screen.getByRole('button', { name: 'Save action step' }));

    await waitFor(() =>
      expect(screen.getByRole('status')).toHaveTextContent(
        'Saved. Ana Silva will see it in their browser extension',
      ),
    );
    const pushed = server
      .callsTo('POST', '/api/sync/push')
      .flatMap((call) => (call.body as { changes: Change[] }).changes);
    expect(pushed).toEqual([
      expect.objectContaining({
        kind: 'set-action-step',
        teacherId: 'teacher-ana',
        step: {
          goal: 'Every pupil expects to be asked and has time to think first.',
          title: 'Ask the whole class, pause for 3 seconds, then name one pupil',
          what: '',
          successCriteria: ['Question to everyone first', 'Silent 3-second pause', 'Name comes last'],
          whenToPractise: 'Period 2 with 9B',
          why: '',
        },
      }),
    ]);
  });

  it('opens with the launching module chosen when the coach came from an embedded module', async () => {
    const server = createServer();
    render(CoachPage, {
      target: appShell(),
      props: {
        bootstrap: testBootstrap({
          page: 'coach',
          activity: { linkKey: 'link-calm-entry-01', moduleId: 'calm-entry-routine', title: 'Calm entry' },
        }),
        deps: { fetch: server.fetch },
      },
    });
    showTab('Action steps');
    await waitFor(() => expect(server.callsTo('GET', '/api/modules')).toHaveLength(1));
    await fireEvent.click(await screen.findByRole('radio', { name: 'Ben Okafor' }));

    expect(screen.getByRole('button', { name: 'Set from a module' })).toHaveAttribute(
      'aria-expanded',
      'true',
    );
    expect(screen.getByRole('combobox', { name: 'Module' })).toHaveValue('calm-entry-routine');
    await fireEvent.click(screen.getByRole('button', { name: 'Fill the form from this module' }));
    await waitFor(() => expect(field('title')).toHaveValue('Greet at the door and point to the do-now'));
    expect(field('why')).toHaveValue('A predictable start frees attention for learning.');
  });

  it('says when the module list cannot be loaded, and tries again', async () => {
    const server = createServer();
    const route = server.routes['GET /api/modules']!;
    let down = true;
    server.routes['GET /api/modules'] = (request) =>
      down ? { status: 503, body: { error: { code: 'unavailable', message: 'Down' } } } : route(request);
    render(CoachPage, {
      target: appShell(),
      props: { bootstrap: testBootstrap({ page: 'coach' }), deps: { fetch: server.fetch } },
    });
    showTab('Action steps');
    await fireEvent.click(await screen.findByRole('radio', { name: 'Ana Silva' }));
    await fireEvent.click(screen.getByRole('button', { name: 'Set from a module' }));

    const alert = await screen.findByRole('alert');
    expect(alert).toHaveTextContent('Could not load the modules.');
    down = false;
    await fireEvent.click(within(alert).getByRole('button', { name: 'Try again' }));
    expect(await screen.findByRole('combobox', { name: 'Module' })).toBeInTheDocument();
  });
});
