import type { HttpTransportOptions } from '../../shared/data/index.ts';
import { SyncError } from '../../shared/data/index.ts';
import { PAGE_SIZES, pageSearch } from '../../shared/protocol/paging.ts';
import {
  ModuleListResponseSchema,
  PRACTICE_API,
  type ModuleSummary,
} from '../../shared/protocol/practice-api.ts';
import { callJson } from './api-call.ts';

/** A library of more than this many pages (10,000 modules) is not one a picker will load. */
const MAX_MODULE_PAGES = 50;

/**
 * The whole module library (`GET /api/modules`, page after page), sorted by title: the pickers
 * (set a step from a module, choose modules to export) search and list every module.
 */
export async function fetchModulesByTitle(
  api: HttpTransportOptions,
  signal?: AbortSignal,
): Promise<ModuleSummary[]> {
  const all: ModuleSummary[] = [];
  let after: string | null = null;
  for (let page = 0; ; page += 1) {
    const body: { modules: ModuleSummary[]; next: string | null } = await callJson(
      api,
      `${PRACTICE_API.modules}?${pageSearch({ limit: PAGE_SIZES.modules.max, after })}`,
      { method: 'GET', signal },
      ModuleListResponseSchema,
    );
    all.push(...body.modules);
    after = body.next;
    if (after === null) break;
    if (page + 1 >= MAX_MODULE_PAGES) throw new SyncError('bad-response', 'The module library did not end.');
  }
  return all.sort((a, b) => a.title.localeCompare(b.title));
}
