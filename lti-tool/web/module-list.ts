import type { HttpTransportOptions } from '../../shared/data/index.ts';
import {
  ModuleListResponseSchema,
  PRACTICE_API,
  type ModuleSummary,
} from '../../shared/protocol/practice-api.ts';
import { callJson } from './api-call.ts';

/** The whole module library (`GET /api/modules`), sorted by title for a picker or a list. */
export async function fetchModulesByTitle(
  api: HttpTransportOptions,
  signal?: AbortSignal,
): Promise<ModuleSummary[]> {
  const { modules } = await callJson(
    api,
    PRACTICE_API.modules,
    { method: 'GET', signal },
    ModuleListResponseSchema,
  );
  return [...modules].sort((a, b) => a.title.localeCompare(b.title));
}
