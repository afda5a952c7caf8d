import { fireEvent, render, screen, waitFor, within } from '@testing-library/svelte';
import { describe, expect, it, vi } from 'vitest';
import {
  matchesModuleFilter,
  type CoachingModule,
  type ModuleDefinition,
  type Phase,
  type Theme,
} from '../../../../shared/domain/coaching/module.ts';
import type { ProviderActivityResponse } from '../../../../shared/protocol/practice-api.ts';
import ProviderPage from '../../../../lti-tool/web/pages/provider/provider-page.svelte';
import type { ProviderPageDeps } from '../../../../lti-tool/web/pages/provider/provider-page-state.svelte.ts';
import { expectNoAxeViolations } from './axe.ts';
import { appShell, createFakeApi, testBootstrap, type FakeHandler } from './fake-api.ts';
import { aCoachingModule, summaryOf } from './module-fixtures.ts';

/** The page tests' module with a second model: a video by link. */
function aModule(id: string, overrides: Partial<CoachingModule> = {}): CoachingModule {
  const { models } = aCoachingModule(id);
  const video = {
    kind: 'performance',
    title: 'Video',
    mediaUrl: 'https://video.example/calm-entry',
    notes: 'Watch the gesture.',
  } as const;
  return aCoachingModule(id, { models: [...models, video], ...overrides });
}

const starter = aModule('calm-entry-routine');
const ours = aModule('cold-call-routines', {
  title: 'Cold call routines',
  summary: 'Everyone thinks, then one answers.',
  phase: 'primary',
  theme: 'questioning-and-checking',
  origin: 'provider',
  version: 3,
});

/** In the server's order: starters, then the institution's own, by id. */
const activity: ProviderActivityResponse = {
  modules: [
    {
      moduleId: 'calm-entry-routine',
      title: 'Calm entry routine',
      courses: 1,
      trainees: 4,
      rounds: 6,
      reviewed: 6,
      checkIns: 3,
      reflections: 1,
    },
    {
      moduleId: 'cold-call-routines',
      title: 'Cold call routines',
      courses: 2,
      trainees: 17,
      rounds: 41,
      reviewed: 38,
      checkIns: 25,
      reflections: 9,
    },
    {
      moduleId: 'narrate-the-positive',
      title: 'Narrate the positive',
      courses: 0,
      trainees: 0,
      rounds: 0,
      reviewed: 0,
      checkIns: 0,
      reflections: 0,
    },
  ],
  next: null,
};

/** A provider's server: modules searched with the real filter, created, saved with versions, imported, exported. */
function createProviderServer() {
  const state = { modules: [starter, ours] as CoachingModule[] };
  const routes: Record<string, FakeHandler> = {
    'GET /api/modules': (request) => {
      const params = new URLSearchParams(request.search);
      const filter = {
        query: params.get('query') ?? '',
        phase: (params.get('phase') ?? '') as Phase | '',
        theme: (params.get('theme') ?? '') as Theme | '',
      };
      return {
        body: {
          modules: state.modules.filter((m) => matchesModuleFilter(m, filter)).map(summaryOf),
          next: null,
        },
      };
    },
    'POST /api/modules': (request) => {
      const { module } = request.body as { module: ModuleDefinition };
      if (state.modules.some((m) => m.id === module.id)) {
        return {
          status: 409,
          body: { error: { code: 'conflict', message: 'A module with this id exists.' } },
        };
      }
      const created: CoachingModule = {
        ...module,
        origin: 'provider',
        version: 1,
        updatedAt: '2025-03-01T00:00:00.000Z',
      };
      state.modules.push(created);
      routes[`GET /api/modules/${module.id}`] = () => ({
        body: { module: state.modules.find((m) => m.id === module.id) },
      });
      return { status: 201, body: { module: created } };
    },
    'GET /api/provider/activity': () => ({ body: activity }),
  };
  for (const module of state.modules) {
    routes[`GET /api/modules/${module.id}`] = () => ({
      body: { module: state.modules.find((m) => m.id === module.id) },
    });
  }
  routes[`PUT /api/modules/${ours.id}`] = (request) => {
    const { module, expectedVersion } = request.body as {
      module: Omit<ModuleDefinition, 'id'>;
      expectedVersion: number;
    };
    const stored = state.modules.find((m) => m.id === ours.id)!;
    if (expectedVersion !== stored.version) {
      return {
        status: 409,
        body: { error: { code: 'conflict', message: 'Someone saved a newer version.' } },
      };
    }
    const saved: CoachingModule = { ...stored, ...module, version: stored.version + 1 };
    state.modules = state.modules.map((m) => (m.id === ours.id ? saved : m));
    return { body: { module: saved } };
  };
  return { ...createFakeApi(routes), state };
}

let idCounter = 0;
const ids = { newId: () => `new-id-${String(++idCounter).padStart(4, '0')}` };

function renderPage(server: ReturnType<typeof createProviderServer>, deps: ProviderPageDeps = {}) {
  return render(ProviderPage, {
    target: appShell(),
    props: {
      bootstrap: testBootstrap({ page: 'provider', user: { name: 'Pat Provider' } }),
      deps: { fetch: server.fetch, ids, ...deps },
    },
  });
}

const region = (name: string) => screen.getByRole('region', { name });

/** Opens one part of the page with its tab, as the provider does. */
async function showTab(name: 'Library' | 'Editor' | 'Import and export' | 'Activity'): Promise<void> {
  await fireEvent.click(screen.getByRole('tab', { name }));
}
const editor = () => region('Editor');

function editorField(name: string | RegExp): HTMLInputElement | HTMLTextAreaElement {
  return within(editor()).getByRole('textbox', { name }) as HTMLInputElement | HTMLTextAreaElement;
}

async function type(name: string | RegExp, value: string): Promise<void> {
  await fireEvent.input(editorField(name), { target: { value } });
}

async function fillNewModule(): Promise<void> {
  // The id follows the title: the author need not invent one.
  await type('Title', 'Narrate the positive!');
  expect(editorField('Module id')).toHaveValue('narrate-the-positive');
  await type('Title', 'Narrate the positive');
  await type('Summary', 'Name what pupils do right, so the rest follow.');
  await fireEvent.change(within(editor()).getByRole('combobox', { name: 'Phase' }), {
    target: { value: 'secondary' },
  });
  await fireEvent.change(within(editor()).getByRole('combobox', { name: 'Theme' }), {
    target: { value: 'routines-and-behaviour' },
  });
  await type('Target performance', 'Pupils settle within a minute.');
  await type('Model title', 'Script');
  await type('Script or exemplar', 'I can see Row 2 has books open. Thank you.');
  await type('Action step title', 'Narrate two pupils who follow the instruction');
  await type('Success criterion 1', 'Names two pupils');
  await type('When to practise', 'After a whole-class instruction');
  await type('Scenario 1', 'Year 9 after lunch');
  await type('Reflection prompt 1', 'Who responded first?');
}

describe('provider page: library', () => {
  it('lists starter and own modules, and filters by phase, theme and search text', async () => {
    const server = createProviderServer();
    renderPage(server);

    const library = region('Library');
    const open = await within(library).findByRole('button', { name: 'Calm entry routine' });
    expect(open).toHaveAccessibleDescription(
      'Starter Secondary · Routines and behaviour Version 1 2 success criteria',
    );
    expect(within(library).getByRole('button', { name: 'Cold call routines' })).toHaveAccessibleDescription(
      /^Yours Primary · Questioning and checking Version 3/,
    );
    expect(within(library).getByRole('status')).toHaveTextContent('2 modules');
    expect(server.callsTo('GET', '/api/modules')[0]!.search).toBe('');

    await fireEvent.change(within(library).getByRole('combobox', { name: 'Phase' }), {
      target: { value: 'primary' },
    });
    await waitFor(() =>
      expect(within(library).queryByRole('button', { name: 'Calm entry routine' })).toBeNull(),
    );
    await fireEvent.change(within(library).getByRole('combobox', { name: 'Theme' }), {
      target: { value: 'questioning-and-checking' },
    });
    await fireEvent.input(within(library).getByRole('searchbox', { name: 'Search modules' }), {
      target: { value: 'everyone thinks' },
    });
    await fireEvent.click(within(library).getByRole('button', { name: 'Search' }));

    await waitFor(() => expect(server.callsTo('GET', '/api/modules').length).toBeGreaterThanOrEqual(4));
    const searches = server
      .callsTo('GET', '/api/modules')
      .map((call) => Object.fromEntries(new URLSearchParams(call.search)));
    expect(searches.at(-1)).toEqual({
      query: 'everyone thinks',
      phase: 'primary',
      theme: 'questioning-and-checking',
    });
    expect(searches).toContainEqual({ phase: 'primary' });
    expect(await within(library).findByRole('button', { name: 'Cold call routines' })).toBeInTheDocument();
    expect(within(library).getByRole('status')).toHaveTextContent('1 module');
  });

  it('shows a starter module in full, read-only, and copies it into the editor under a new id', async () => {
    const server = createProviderServer();
    renderPage(server);
    const library = region('Library');
    await fireEvent.click(await within(library).findByRole('button', { name: 'Calm entry routine' }));

    const article = await within(library).findByRole('article', { name: 'Calm entry routine' });
    await waitFor(() => expect(within(article).getByRole('heading', { level: 3 })).toHaveFocus());
    expect(
      within(article).getByText('Every lesson starts calmly and purposefully within two minutes.'),
    ).toBeInTheDocument();
    expect(within(article).getByRole('heading', { name: 'Model 1: Script' })).toBeInTheDocument();
    expect(within(article).getByRole('link', { name: 'https://video.example/calm-entry' })).toHaveAttribute(
      'href',
      'https://video.example/calm-entry',
    );
    expect(within(article).getByText('Greet at the door and point to the do-now')).toBeInTheDocument();
    expect(within(article).getByRole('list', { name: 'Success criteria' })).toHaveTextContent(
      'Greet every pupil by name',
    );
    expect(within(article).getByRole('list', { name: 'Practice scenarios' })).toHaveTextContent(
      'Year 8 arriving from PE',
    );
    expect(within(article).getByRole('list', { name: 'Reflection prompts' })).toHaveTextContent(
      'Who started last, and why?',
    );
    expect(within(article).getByText(/Starter modules are read-only/)).toBeInTheDocument();
    expect(within(article).queryByRole('button', { name: 'Edit this module' })).toBeNull();
    await expectNoAxeViolations();

    await fireEvent.click(within(article).getByRole('button', { name: 'Copy to edit' }));

    const heading = within(editor()).getByRole('heading', { level: 3 });
    expect(heading).toHaveTextContent('New module, copied from “Calm entry routine”');
    await waitFor(() => expect(heading).toHaveFocus());
    expect(editorField('Module id')).toHaveValue('calm-entry-routine-copy');
    expect(editorField('Module id')).not.toHaveAttribute('readonly');
    expect(editorField('Title')).toHaveValue('Calm entry routine (copy)');
    expect(editorField('Success criterion 2')).toHaveValue('All pupils start within 2 minutes');
    expect(within(editor()).getByRole('button', { name: 'Create module' })).toBeInTheDocument();

    await showTab('Library');
    await fireEvent.click(within(article).getByRole('button', { name: 'Back to the list' }));
    await waitFor(() =>
      expect(within(library).getByRole('button', { name: 'Calm entry routine' })).toHaveFocus(),
    );
  });
});

describe('provider page: editor', () => {
  it('refuses a sixth success criterion on the client, then creates the module', async () => {
    const server = createProviderServer();
    renderPage(server);
    await within(region('Library')).findByRole('button', { name: 'Calm entry routine' });
    await showTab('Editor');
    await fillNewModule();
    for (let n = 2; n <= 6; n += 1) {
      await fireEvent.click(within(editor()).getByRole('button', { name: 'Add a success criterion' }));
      await type(`Success criterion ${n}`, `Criterion number ${n}`);
    }
    expect(editorField('Success criterion 6')).toHaveFocus();

    await fireEvent.click(within(editor()).getByRole('button', { name: 'Create module' }));

    const summary = await within(editor()).findByRole('alert');
    expect(
      within(summary).getByRole('link', { name: 'Success criteria: Keep to at most 5 success criteria' }),
    ).toBeInTheDocument();
    const criteria = within(editor()).getByRole('group', { name: 'Success criteria' });
    expect(criteria).toHaveAccessibleDescription(/Keep to at most 5 success criteria/);
    await waitFor(() => expect(editorField('Success criterion 1')).toHaveFocus());
    expect(server.callsTo('POST', '/api/modules')).toHaveLength(0);

    await fireEvent.click(within(editor()).getByRole('button', { name: 'Remove success criterion 6' }));
    expect(within(editor()).getByRole('button', { name: 'Add a success criterion' })).toHaveFocus();
    await fireEvent.click(within(editor()).getByRole('button', { name: 'Create module' }));

    await waitFor(() =>
      expect(within(editor()).getByRole('status')).toHaveTextContent(
        'Created “Narrate the positive”. It is now in your library.',
      ),
    );
    expect(server.callsTo('POST', '/api/modules').map((call) => call.body)).toEqual([
      {
        module: {
          id: 'narrate-the-positive',
          title: 'Narrate the positive',
          summary: 'Name what pupils do right, so the rest follow.',
          phase: 'secondary',
          theme: 'routines-and-behaviour',
          targetPerformance: 'Pupils settle within a minute.',
          models: [{ kind: 'product', title: 'Script', text: 'I can see Row 2 has books open. Thank you.' }],
          actionStep: {
            title: 'Narrate two pupils who follow the instruction',
            what: '',
            successCriteria: [
              'Names two pupils',
              'Criterion number 2',
              'Criterion number 3',
              'Criterion number 4',
              'Criterion number 5',
            ],
            whenToPractise: 'After a whole-class instruction',
            why: '',
          },
          scenarios: ['Year 9 after lunch'],
          reflectionPrompts: ['Who responded first?'],
          scoring: 'criteria',
        },
      },
    ]);
    // Now it is ours: the editor edits it, and the library lists it.
    expect(within(editor()).getByRole('heading', { level: 3 })).toHaveTextContent(
      'Editing “Narrate the positive” (version 1)',
    );
    expect(editorField('Module id')).toHaveAttribute('readonly');
    await showTab('Library');
    expect(
      await within(region('Library')).findByRole('heading', { level: 3, name: 'Narrate the positive' }),
    ).toBeInTheDocument();
  });

  it('names every missing field with its own message, linked from the summary', async () => {
    const server = createProviderServer();
    renderPage(server);
    await showTab('Editor');
    await fireEvent.click(within(editor()).getByRole('button', { name: 'Create module' }));

    const summary = await within(editor()).findByRole('alert');
    for (const message of [
      'Module id: Module id must be 3–48 lowercase letters, digits or "-"',
      'Title: Title is required',
      'Phase: Choose a phase',
      'Model 1: text: Model text is required',
      'Success criterion 1: Each success criterion is required',
    ]) {
      expect(within(summary).getByRole('link', { name: message })).toBeInTheDocument();
    }
    expect(editorField('Title')).toHaveAttribute('aria-invalid', 'true');
    expect(editorField('Title')).toHaveAccessibleDescription('Title is required');
    await fireEvent.click(within(summary).getByRole('link', { name: 'Phase: Choose a phase' }));
    expect(within(editor()).getByRole('combobox', { name: 'Phase' })).toHaveFocus();
    expect(server.callsTo('POST', '/api/modules')).toHaveLength(0);
    await expectNoAxeViolations();
  });

  it('saves an edit against its version, and on a conflict loads the newer one keeping the typed text in view', async () => {
    const server = createProviderServer();
    renderPage(server);
    const library = region('Library');
    await fireEvent.click(await within(library).findByRole('button', { name: 'Cold call routines' }));
    await fireEvent.click(await within(library).findByRole('button', { name: 'Edit this module' }));
    expect(within(editor()).getByRole('heading', { level: 3 })).toHaveTextContent(
      'Editing “Cold call routines” (version 3)',
    );
    await type('Title', 'Cold call, kindly');

    await fireEvent.click(within(editor()).getByRole('button', { name: 'Save changes' }));

    await waitFor(() =>
      expect(within(editor()).getByRole('status')).toHaveTextContent(
        'Saved “Cold call, kindly” as version 4.',
      ),
    );
    const [put] = server.callsTo('PUT', '/api/modules/cold-call-routines');
    expect(put!.body).toEqual({
      module: expect.objectContaining({ title: 'Cold call, kindly', scoring: 'criteria' }),
      expectedVersion: 3,
    });
    expect((put!.body as { module: object }).module).not.toHaveProperty('id');

    // Someone else saves version 5 meanwhile.
    const stored = server.state.modules.find((m) => m.id === 'cold-call-routines')!;
    server.state.modules = server.state.modules.map((m) =>
      m === stored ? { ...stored, title: 'Cold call (their edit)', version: 5 } : m,
    );
    await type('Summary', 'My new summary, not saved yet.');
    await fireEvent.click(within(editor()).getByRole('button', { name: 'Save changes' }));

    const alert = await within(editor()).findByRole('alert');
    expect(alert).toHaveTextContent(
      'Someone else saved a newer version of this module while you were editing.',
    );
    expect(server.callsTo('PUT', '/api/modules/cold-call-routines')[1]!.body).toMatchObject({
      expectedVersion: 4,
    });
    expect(editorField('Summary')).toHaveValue('My new summary, not saved yet.');
    const reload = within(alert).getByRole('button', { name: 'Load the newer version' });
    await waitFor(() => expect(reload).toHaveFocus());

    await fireEvent.click(reload);

    const unsaved = await within(editor()).findByRole('region', { name: 'Your unsaved text' });
    await waitFor(() => expect(within(unsaved).getByRole('heading')).toHaveFocus());
    expect(within(unsaved).getByText('My new summary, not saved yet.')).toBeInTheDocument();
    expect(within(unsaved).getByText('Summary')).toBeInTheDocument();
    expect(
      within(editor()).getByRole('heading', {
        level: 3,
        name: 'Editing “Cold call (their edit)” (version 5)',
      }),
    ).toBeInTheDocument();
    expect(editorField('Title')).toHaveValue('Cold call (their edit)');
    expect(within(editor()).queryByRole('alert')).toBeNull();
    await expectNoAxeViolations();
  });

  it('uploads a model file under a new id and stores its id, name and type on the model', async () => {
    const server = createProviderServer();
    const uploadMedia = vi.fn(async (_options: unknown, id: string, blob: Blob) => ({
      id,
      contentType: blob.type,
      size: blob.size,
    }));
    renderPage(server, { uploadMedia });
    await within(region('Library')).findByRole('button', { name: 'Calm entry routine' });
    await showTab('Editor');
    await fillNewModule();
    await fireEvent.change(within(editor()).getByRole('combobox', { name: 'Kind of model' }), {
      target: { value: 'upload' },
    });
    const input = within(editor()).getByLabelText(/^File/) as HTMLInputElement;

    const wrong = new File(['#!/bin/sh'], 'script.sh', { type: 'text/x-sh' });
    await fireEvent.change(input, { target: { files: [wrong] } });
    expect(
      within(editor()).getByText(/script\.sh is not a type that can be used as a model/),
    ).toBeInTheDocument();
    expect(uploadMedia).not.toHaveBeenCalled();

    const file = new File([new Uint8Array([0xff, 0xfb, 0x90, 0x00])], 'model-lesson.mp3', {
      type: 'audio/mpeg',
    });
    await fireEvent.change(input, { target: { files: [file] } });
    await waitFor(() =>
      expect(within(editor()).getByRole('status')).toHaveTextContent('Uploaded: model-lesson.mp3'),
    );
    expect(uploadMedia).toHaveBeenCalledWith(
      expect.objectContaining({ baseUrl: 'http://tool.test' }),
      expect.stringMatching(/^new-id-/),
      file,
    );
    expect(input).toHaveAccessibleDescription(/Uploaded: model-lesson\.mp3/);

    await fireEvent.click(within(editor()).getByRole('button', { name: 'Create module' }));
    await waitFor(() => expect(server.callsTo('POST', '/api/modules')).toHaveLength(1));
    const [call] = server.callsTo('POST', '/api/modules');
    const mediaId = uploadMedia.mock.calls[0]![1];
    expect((call!.body as { module: ModuleDefinition }).module.models).toEqual([
      {
        kind: 'upload',
        title: 'Script',
        mediaId,
        fileName: 'model-lesson.mp3',
        contentType: 'audio/mpeg',
        notes: '',
      },
    ]);
  });
});

describe('provider page: import, export and activity', () => {
  function chooseFile(input: HTMLElement, file: File): void {
    Object.defineProperty(input, 'files', { value: [file], configurable: true });
  }

  it('imports a file, or lists every problem by file, field and line with nothing imported', async () => {
    const server = createProviderServer();
    let answer: { status?: number; body: unknown } = {
      status: 400,
      body: {
        error: { code: 'invalid-input', message: 'The file has problems.' },
        problems: [
          {
            file: 'modules.yaml',
            field: 'modules[0].actionStep.successCriteria',
            line: 12,
            message: 'Keep to at most 5 success criteria',
          },
          { file: 'modules.yaml', field: '', line: null, message: 'schemaVersion must be 1' },
        ],
      },
    };
    server.routes['POST /api/modules/import'] = () => answer;
    renderPage(server);
    await showTab('Import and export');
    const transfer = region('Import and export');
    const input = within(transfer).getByLabelText('Module file (.json, .yaml or .yml)');
    expect(input).toHaveAttribute('accept', '.json,.yaml,.yml');
    const text = 'schemaVersion: 1\nmodules:\n  - id: narrate-the-positive\n';
    chooseFile(input, new File([text], 'modules.yaml', { type: 'application/yaml' }));

    await fireEvent.click(within(transfer).getByRole('button', { name: 'Import' }));

    const alert = await within(transfer).findByRole('alert');
    expect(alert).toHaveTextContent('Nothing was imported. Fix these problems and try again:');
    expect(
      within(alert)
        .getAllByRole('listitem')
        .map((item) => item.textContent),
    ).toEqual([
      'modules.yaml — modules[0].actionStep.successCriteria (line 12): Keep to at most 5 success criteria',
      'modules.yaml — whole file: schemaVersion must be 1',
    ]);
    expect(server.callsTo('POST', '/api/modules/import').map((call) => call.body)).toEqual([
      { fileName: 'modules.yaml', text },
    ]);

    answer = {
      body: {
        imported: [
          { id: 'narrate-the-positive', title: 'Narrate the positive', version: 1, created: true },
          { id: 'cold-call-routines', title: 'Cold call routines', version: 4, created: false },
        ],
      },
    };
    const listed = server.callsTo('GET', '/api/modules').length;
    await fireEvent.click(within(transfer).getByRole('button', { name: 'Import' }));

    await waitFor(() =>
      expect(within(transfer).getAllByRole('status')[0]).toHaveTextContent(
        'Imported 2 modules. Created: “Narrate the positive”. Updated: “Cold call routines”.',
      ),
    );
    expect(within(transfer).queryByRole('alert')).toBeNull();
    await waitFor(() => expect(server.callsTo('GET', '/api/modules').length).toBeGreaterThan(listed));
  });

  it('exports the chosen modules in the chosen format as a download link', async () => {
    const server = createProviderServer();
    const exported = '{"schemaVersion":1,"modules":[]}';
    const fetchWithExport = (async (input: RequestInfo | URL, init?: RequestInit) => {
      const url = new URL(String(input));
      if (url.pathname === '/api/modules/export') {
        await server.fetch(input, init); // recorded like every other call
        return new Response(exported, {
          status: 200,
          headers: {
            'Content-Type': 'application/json',
            'Content-Disposition': 'attachment; filename="coaching-modules.json"',
          },
        });
      }
      return server.fetch(input, init);
    }) as typeof fetch;
    const created: Blob[] = [];
    const objectUrls = {
      create: vi.fn((blob: Blob) => {
        created.push(blob);
        return `blob:http://tool.test/export-${created.length}`;
      }),
      revoke: vi.fn(),
    };
    renderPage(server, { fetch: fetchWithExport, objectUrls });
    await showTab('Import and export');
    const transfer = region('Import and export');
    const group = within(transfer).getByRole('group', { name: 'Modules to export' });
    await fireEvent.click(await within(group).findByRole('checkbox', { name: 'Cold call routines' }));
    expect(within(group).queryByRole('checkbox', { name: 'Calm entry routine' })).toBeNull();
    await fireEvent.click(within(transfer).getByRole('radio', { name: 'JSON' }));
    // The download starts with the one click on Export (jsdom cannot save files: stop it there).
    const downloads: string[] = [];
    const onClick = (event: MouseEvent) => {
      if (event.target instanceof HTMLAnchorElement && event.target.download) {
        downloads.push(event.target.download);
        event.preventDefault();
      }
    };
    document.addEventListener('click', onClick, true);

    await fireEvent.click(within(transfer).getByRole('button', { name: 'Export' }));

    const link = await within(transfer).findByRole('link', { name: 'Download coaching-modules.json' });
    await waitFor(() => expect(downloads).toEqual(['coaching-modules.json']));
    document.removeEventListener('click', onClick, true);
    expect(link).toHaveAttribute('href', 'blob:http://tool.test/export-1');
    expect(link).toHaveAttribute('download', 'coaching-modules.json');
    await waitFor(() => expect(link).toHaveFocus());
    const [call] = server.callsTo('GET', '/api/modules/export');
    expect(Object.fromEntries(new URLSearchParams(call!.search))).toEqual({
      ids: 'cold-call-routines',
      format: 'json',
    });
    expect(call!.authorization).toBe('Bearer session-token-123');
    expect(await created[0]!.text()).toBe(exported);

    // Nothing chosen: all of ours, in YAML; the previous file's URL is let go.
    await fireEvent.click(within(group).getByRole('checkbox', { name: 'Cold call routines' }));
    await fireEvent.click(within(transfer).getByRole('radio', { name: 'YAML' }));
    await fireEvent.click(within(transfer).getByRole('button', { name: 'Export' }));
    await waitFor(() => expect(server.callsTo('GET', '/api/modules/export')).toHaveLength(2));
    expect(
      Object.fromEntries(new URLSearchParams(server.callsTo('GET', '/api/modules/export')[1]!.search)),
    ).toEqual({
      format: 'yaml',
    });
    await waitFor(() => expect(objectUrls.revoke).toHaveBeenCalledWith('blob:http://tool.test/export-1'));
  });

  it('shows activity as counts only, with the privacy note', async () => {
    const server = createProviderServer();
    renderPage(server);
    await showTab('Activity');
    const section = region('Activity');

    const table = await within(section).findByRole('table', { name: 'Use of each module across courses' });
    expect(
      within(section).getByText(
        'Counts only: providers see how modules are used, never what teachers wrote.',
      ),
    ).toBeInTheDocument();
    expect(
      within(table)
        .getAllByRole('columnheader')
        .map((cell) => cell.textContent),
    ).toEqual(['Module', 'Courses', 'Trainees', 'Rounds', 'Reviewed', 'Check-ins', 'Reflections']);
    const rows = within(table).getAllByRole('row').slice(1);
    expect(
      rows.map((row) =>
        within(row)
          .getAllByRole('cell')
          .map((cell) => cell.textContent),
      ),
    ).toEqual([
      ['1', '4', '6', '6', '3', '1'],
      ['2', '17', '41', '38', '25', '9'],
      // Embedded, opened nowhere yet: said, not a row of zeros.
      ['Not opened in a course yet.'],
    ]);
    expect(within(rows[0]!).getByRole('rowheader')).toHaveTextContent('Calm entry routine');
    await expectNoAxeViolations();
  });

  it('shows one part at a time with its tabs, opening the editor when a module is edited', async () => {
    const server = createProviderServer();
    renderPage(server);
    const tablist = screen.getByRole('tablist', { name: 'On this page' });
    expect(
      within(tablist)
        .getAllByRole('tab')
        .map((tab) => tab.textContent?.trim()),
    ).toEqual(['Library', 'Editor', 'Import and export', 'Activity', 'Programme']);
    expect(screen.queryByRole('region', { name: 'Editor' })).toBeNull();
    // Arrow keys move between tabs (automatic activation).
    const library = within(tablist).getByRole('tab', { name: 'Library' });
    library.focus();
    await fireEvent.keyDown(library, { key: 'ArrowLeft' });
    expect(within(tablist).getByRole('tab', { name: 'Programme' })).toHaveFocus();
    expect(region('Programme')).toBeInTheDocument();
    await expectNoAxeViolations();
  });
});
