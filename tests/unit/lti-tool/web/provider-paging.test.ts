import { fireEvent, render, screen, waitFor, within } from '@testing-library/svelte';
import { describe, expect, it } from 'vitest';
import type { ModuleSummary, ProviderActivityResponse } from '../../../../shared/protocol/practice-api.ts';
import { fetchModulesByTitle } from '../../../../lti-tool/web/module-list.ts';
import { apiOptions } from '../../../../lti-tool/web/api.ts';
import ProviderPage from '../../../../lti-tool/web/pages/provider/provider-page.svelte';
import { expectNoAxeViolations } from './axe.ts';
import { appShell, createFakeApi, testBootstrap, type FakeHandler } from './fake-api.ts';
import { aCoachingModule, summaryOf } from './module-fixtures.ts';

const titles = [
  'Ask, pause, then name',
  'Calm entry routine',
  'Whole-class feedback',
  'Exit tickets',
  'Turn and talk',
];
const summaries: ModuleSummary[] = titles.map((title, i) =>
  summaryOf(aCoachingModule(`module-${i + 1}`, { title, origin: i < 2 ? 'starter' : 'provider' })),
);

/** Serves `items` two at a time, in order, as the server pages (the cursor is the next index). */
function pagesOfTwo<T>(items: readonly T[], body: (page: T[], next: string | null) => unknown): FakeHandler {
  return (request) => {
    const after = new URLSearchParams(request.search).get('after');
    const start = after === null ? 0 : Number(after.replace('at-', ''));
    const end = start + 2;
    return { body: body(items.slice(start, end), end < items.length ? `at-${end}` : null) };
  };
}

function providerServer() {
  const counts = (moduleId: string, title: string) => ({
    moduleId,
    title,
    courses: 1,
    trainees: 2,
    rounds: 3,
    reviewed: 1,
    checkIns: 4,
    reflections: 5,
  });
  const rows: ProviderActivityResponse['modules'] = summaries.map((module) =>
    counts(module.id, module.title),
  );
  return createFakeApi({
    'GET /api/modules': pagesOfTwo(summaries, (modules, next) => ({ modules, next })),
    'GET /api/provider/activity': pagesOfTwo(rows, (modules, next) => ({ modules, next })),
  });
}

function renderPage(server: ReturnType<typeof providerServer>) {
  return render(ProviderPage, {
    target: appShell(),
    props: {
      bootstrap: testBootstrap({ page: 'provider', user: { name: 'Pat Provider' } }),
      deps: { fetch: server.fetch },
    },
  });
}

describe('provider page: lists a page at a time', () => {
  it('shows the first page of the library and "Show more modules" adds the next ones for the same search', async () => {
    const server = providerServer();
    renderPage(server);
    const library = screen.getByRole('region', { name: 'Library' });
    await within(library).findByRole('button', { name: 'Calm entry routine' });
    const opened = () => within(within(library).getByRole('list')).getAllByRole('listitem');
    expect(opened()).toHaveLength(2);
    expect(within(library).getByText('2 modules shown; there are more')).toBeInTheDocument();

    await fireEvent.click(within(library).getByRole('button', { name: 'Show more modules' }));
    await waitFor(() => expect(opened()).toHaveLength(4));
    await fireEvent.click(within(library).getByRole('button', { name: 'Show more modules' }));
    await waitFor(() => expect(opened()).toHaveLength(5));

    expect(within(library).getByText('5 modules')).toBeInTheDocument();
    expect(within(library).getByRole('button', { name: 'Turn and talk' })).toBeInTheDocument();
    expect(within(library).getByText('That is every module for this search.')).toHaveFocus();
    expect(server.callsTo('GET', '/api/modules').map((call) => call.search)).toEqual(
      expect.arrayContaining(['', '?after=at-2', '?after=at-4']),
    );
    await expectNoAxeViolations();

    // Another search starts again from its first page, and pages on with the same filter.
    await fireEvent.change(within(library).getByRole('combobox', { name: 'Phase' }), {
      target: { value: 'secondary' },
    });
    await waitFor(() => expect(opened()).toHaveLength(2));
    await fireEvent.click(within(library).getByRole('button', { name: 'Show more modules' }));
    await waitFor(() => expect(opened()).toHaveLength(4));
    expect(server.callsTo('GET', '/api/modules').at(-1)!.search).toBe('?phase=secondary&after=at-2');
  });

  it('adds the next page of activity counts below the rows already shown', async () => {
    const server = providerServer();
    renderPage(server);
    await fireEvent.click(screen.getByRole('tab', { name: 'Activity' }));
    const activity = screen.getByRole('region', { name: 'Activity' });
    const table = await within(activity).findByRole('table', { name: 'Use of each module across courses' });
    const rowNames = () =>
      within(table)
        .getAllByRole('rowheader')
        .map((cell) => cell.textContent);
    expect(rowNames()).toEqual(['Ask, pause, then name', 'Calm entry routine']);

    await fireEvent.click(within(activity).getByRole('button', { name: 'Show more modules' }));

    await waitFor(() => expect(rowNames()).toHaveLength(4));
    expect(rowNames()).toEqual(titles.slice(0, 4));
    expect(within(activity).getByText('2 more modules shown.')).toBeInTheDocument();
  });

  it('gives a picker every page of the library, sorted by title', async () => {
    const server = providerServer();
    const modules = await fetchModulesByTitle(apiOptions(testBootstrap(), server.fetch));
    expect(modules.map((module) => module.title)).toEqual([...titles].sort((a, b) => a.localeCompare(b)));
    const searches = server.callsTo('GET', '/api/modules').map((call) => new URLSearchParams(call.search));
    expect(searches.map((search) => search.get('after'))).toEqual([null, 'at-2', 'at-4']);
    expect(searches.every((search) => search.get('limit') === '200')).toBe(true);
  });
});
