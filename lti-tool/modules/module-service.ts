import type { CoachingModule, ModuleContent, ModuleDefinition } from '../../shared/domain/coaching/module.ts';
import { DomainError } from '../../shared/domain/errors.ts';
import type {
  ImportProblem,
  ModuleListQuery,
  ModuleListResponse,
} from '../../shared/protocol/practice-api.ts';
import { CURSORS, decodeCursor, nextOf } from '../core/page-cursor.ts';
import type { AllowedFor } from '../core/policy.ts';
import { summaryOf, type ModuleCatalogue } from './module-catalogue.ts';
import { parseModuleFile, serializeModules } from './module-file.ts';
import { lineOfModuleId } from './module-lines.ts';
import type { ModuleStore } from './ports.ts';

export interface ModuleServiceDeps {
  /** Starter modules plus each institution's own. */
  catalogue: ModuleCatalogue;
  store: ModuleStore;
}

/** What an import did: every module stored, or every problem found and nothing stored. */
export type ImportOutcome =
  | { ok: true; imported: { id: string; title: string; version: number; created: boolean }[] }
  | { ok: false; message: string; problems: ImportProblem[] };

const noSuchModule = (id: string) => new DomainError('not-found', `There is no module "${id}".`);

/**
 * The module library: everyone in an institution reads it (the starters and the institution's
 * own); providers author the institution's own, and never a starter.
 */
export function createModuleService(deps: ModuleServiceDeps) {
  const { catalogue, store } = deps;

  return {
    /** A page of the library matching a search; a cursor belongs to one search. */
    async page(reader: AllowedFor<'modules.read'>, query: ModuleListQuery): Promise<ModuleListResponse> {
      const { limit, after, ...filter } = query;
      // Another filter starts again from the first page.
      const cursorScope = [reader.tenant, filter.query, filter.phase, filter.theme];
      const position = decodeCursor(CURSORS.modules, cursorScope, after);
      const page = await catalogue.page(reader.tenant, filter, {
        limit,
        after: position ? { origin: position[0], id: position[1] } : null,
      });
      return {
        modules: page.items.map(summaryOf),
        next: nextOf(CURSORS.modules, cursorScope, page, (module) => [module.origin, module.id]),
      };
    },

    async get(reader: AllowedFor<'modules.read'>, id: string): Promise<CoachingModule> {
      const module = await catalogue.find(reader.tenant, id);
      if (!module) throw noSuchModule(id);
      return module;
    },

    /** A new module of the institution's own; a starter's id or a reserved word is a 409. */
    async create(author: AllowedFor<'modules.author'>, module: ModuleDefinition): Promise<CoachingModule> {
      const reserved = catalogue.reservedReason(module.id);
      if (reserved) throw new DomainError('conflict', `${reserved}.`);
      return store.create(author.tenant, module, author.userId);
    },

    /**
     * One of the institution's own modules, to edit: starters are read-only (refused before the
     * edit is even read). Saved against the version the author opened.
     */
    editOf(author: AllowedFor<'modules.author'>, id: string) {
      if (catalogue.isStarter(id)) {
        throw new DomainError(
          'forbidden',
          'Starter modules are read-only. Export it, change the id, and import it as your own.',
        );
      }
      return {
        save: (edit: { module: ModuleContent; expectedVersion: number }): Promise<CoachingModule> =>
          store.update(author.tenant, id, edit.module, edit.expectedVersion),
      };
    },

    /** A module file (JSON or YAML): all its modules are stored, or none, with every problem found. */
    async importFile(
      author: AllowedFor<'modules.author'>,
      file: { fileName: string; text: string },
    ): Promise<ImportOutcome> {
      const parsed = parseModuleFile(file.fileName, file.text);
      const problems: ImportProblem[] = parsed.ok ? [] : parsed.problems;
      if (parsed.ok) {
        parsed.modules.forEach((module, index) => {
          const reason = catalogue.reservedReason(module.id);
          if (!reason) return;
          problems.push({
            file: file.fileName,
            field: `modules[${index}].id`,
            line: lineOfModuleId(file.text, index),
            message: reason,
          });
        });
      }
      if (!parsed.ok || problems.length > 0) {
        const count = problems.length;
        return {
          ok: false,
          message: `${file.fileName} was not imported: ${count} problem${count === 1 ? '' : 's'} to fix. Nothing was stored.`,
          problems,
        };
      }
      const saved = await store.saveAll(author.tenant, parsed.modules, author.userId);
      return {
        ok: true,
        imported: saved.map(({ module, created }) => ({
          id: module.id,
          title: module.title,
          version: module.version,
          created,
        })),
      };
    },

    /** The named modules (every one of the institution's own if none is named) as one file. */
    async exportFile(
      author: AllowedFor<'modules.author'>,
      ids: readonly string[],
      format: 'yaml' | 'json',
    ): Promise<string> {
      const chosen =
        ids.length === 0
          ? await store.list(author.tenant)
          : await Promise.all(
              ids.map(async (id) => {
                const module = await catalogue.find(author.tenant, id);
                if (!module) throw noSuchModule(id);
                return module;
              }),
            );
      return serializeModules(chosen, format);
    },
  };
}
export type ModuleService = ReturnType<typeof createModuleService>;
