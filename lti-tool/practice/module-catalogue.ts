import {
  matchesModuleFilter,
  type CoachingModule,
  type Phase,
  type Theme,
} from '../../shared/domain/coaching/module.ts';
import type { ModuleSummary } from '../../shared/protocol/practice-api.ts';
import type { ModuleRepository } from '../db/repositories/modules.ts';

/** Ids a provider may not use: starter ids, and the words that are paths under /api/modules. */
const ROUTE_WORDS = new Set(['import', 'export']);

export interface ModuleFilter {
  query: string;
  phase: Phase | '';
  theme: Theme | '';
}

export function summaryOf(module: CoachingModule): ModuleSummary {
  return {
    id: module.id,
    title: module.title,
    summary: module.summary,
    phase: module.phase,
    theme: module.theme,
    origin: module.origin,
    version: module.version,
    criteriaCount: module.actionStep.successCriteria.length,
  };
}

/**
 * Every module an institution can use: the starter library (shared, read-only, never stored)
 * followed by the institution's own. Starter ids are reserved for every institution.
 */
export function createModuleCatalogue(deps: {
  starters: readonly CoachingModule[];
  store: ModuleRepository;
}) {
  const starters = new Map(deps.starters.map((module) => [module.id, module]));

  async function find(tenant: string, id: string): Promise<CoachingModule | null> {
    return starters.get(id) ?? (await deps.store.get(tenant, id));
  }

  async function all(tenant: string): Promise<CoachingModule[]> {
    return [...deps.starters, ...(await deps.store.list(tenant))];
  }

  async function summaries(tenant: string, filter: ModuleFilter): Promise<ModuleSummary[]> {
    return (await all(tenant)).filter((module) => matchesModuleFilter(module, filter)).map(summaryOf);
  }

  return {
    find,
    all,
    summaries,
    isStarter: (id: string) => starters.has(id),
    /** Why an id cannot be a provider's module id, or null if it can. */
    reservedReason(id: string): string | null {
      if (starters.has(id)) {
        return `"${id}" is the id of a starter module, which is read-only: give your module its own id`;
      }
      if (ROUTE_WORDS.has(id)) return `"${id}" is a reserved word: give your module another id`;
      return null;
    },
    /** A lookup that asks the store once per module: for one request that lists many rounds. */
    cachedFinder(tenant: string): (id: string) => Promise<CoachingModule | null> {
      const seen = new Map<string, Promise<CoachingModule | null>>();
      return (id) => {
        let found = seen.get(id);
        if (!found) {
          found = find(tenant, id);
          seen.set(id, found);
        }
        return found;
      };
    },
    /** The deep-linking picker's view: summaries by institution (tenant key). */
    asModuleSource() {
      return {
        listModules: (tenant: string, filter: ModuleFilter) => summaries(tenant, filter),
        getModule: async (tenant: string, id: string) => {
          const module = await find(tenant, id);
          return module ? summaryOf(module) : null;
        },
      };
    },
  };
}
export type ModuleCatalogue = ReturnType<typeof createModuleCatalogue>;
