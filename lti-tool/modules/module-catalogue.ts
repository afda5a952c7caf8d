import {
  matchesModuleFilter,
  type CoachingModule,
  type Phase,
  type Theme,
} from '../../shared/domain/coaching/module.ts';
import type { ModuleSummary } from '../../shared/protocol/practice-api.ts';
import type { ModuleStore } from './ports.ts';

/** How many of an institution's own modules a page reads at a time while filling itself. */
const OWN_BATCH = 100;

/** Ids a provider may not use: starter ids, and the words that are paths under /api/modules. */
const ROUTE_WORDS = new Set(['import', 'export']);

/** Where a page of modules ends: starters come first, then the institution's own. */
export interface ModulePosition {
  origin: CoachingModule['origin'];
  id: string;
}

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
  store: Pick<ModuleStore, 'get' | 'list' | 'listAfter'>;
}) {
  const starters = new Map(deps.starters.map((module) => [module.id, module]));
  const sortedStarters = [...deps.starters].sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));

  async function find(tenant: string, id: string): Promise<CoachingModule | null> {
    return starters.get(id) ?? (await deps.store.get(tenant, id));
  }

  async function all(tenant: string): Promise<CoachingModule[]> {
    return [...deps.starters, ...(await deps.store.list(tenant))];
  }

  async function summaries(tenant: string, filter: ModuleFilter): Promise<ModuleSummary[]> {
    return (await all(tenant)).filter((module) => matchesModuleFilter(module, filter)).map(summaryOf);
  }

  /**
   * The modules matching `filter` (all, if null): the starters by id, then the institution's
   * own by id; `limit` of them after `after`, and `more` when others follow. Each part keeps its
   * own order (the database's collation for the stored ones), so a page never skips or repeats
   * one. The institution's own are read a batch at a time until the page is full.
   */
  async function page(
    tenant: string,
    filter: ModuleFilter | null,
    options: { limit: number; after: ModulePosition | null },
  ): Promise<{ items: CoachingModule[]; more: boolean }> {
    const wanted = options.limit + 1;
    const matches = (module: CoachingModule) => filter === null || matchesModuleFilter(module, filter);
    const { after } = options;
    const found =
      after?.origin === 'provider'
        ? []
        : sortedStarters.filter((module) => (after === null || module.id > after.id) && matches(module));
    let cursor = after?.origin === 'provider' ? after.id : null;
    const batchSize = Math.max(wanted, OWN_BATCH);
    while (found.length < wanted) {
      const batch = await deps.store.listAfter(tenant, cursor, batchSize);
      found.push(...batch.filter(matches));
      if (batch.length < batchSize) break;
      cursor = batch.at(-1)!.id;
    }
    return { items: found.slice(0, options.limit), more: found.length > options.limit };
  }

  return {
    find,
    all,
    summaries,
    page,
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
