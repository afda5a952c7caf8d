import express, { Router, type ErrorRequestHandler, type RequestHandler } from 'express';
import * as v from 'valibot';
import { ModuleIdSchema } from '../../shared/domain/coaching/module.ts';
import { DomainError } from '../../shared/domain/errors.ts';
import { parseOrThrow } from '../../shared/domain/validation.ts';
import {
  CreateModuleRequestSchema,
  ImportRequestSchema,
  MAX_IMPORT_BYTES,
  ModuleListQuerySchema,
  PRACTICE_API,
  UpdateModuleRequestSchema,
  type ImportProblem,
  type ModuleListResponse,
  type ModuleResponse,
} from '../../shared/protocol/practice-api.ts';
import type { Database } from '../db/database.ts';
import { parseModuleFile, serializeModules } from '../modules/module-file.ts';
import { summaryOf, type ModuleCatalogue } from '../practice/module-catalogue.ts';
import { lineOfModuleId } from '../practice/module-lines.ts';
import { asyncRoute } from '../http/async-route.ts';
import { CURSORS, decodeCursor, nextOf } from '../core/page-cursor.ts';
import { authorize } from './auth.ts';

export interface ModuleRouteDeps {
  db: Database;
  modules: ModuleCatalogue;
}

const ExportQuerySchema = v.object({
  ids: v.optional(
    v.pipe(
      v.string(),
      v.maxLength(5000),
      v.transform((raw) =>
        raw
          .split(',')
          .map((id) => id.trim())
          .filter(Boolean),
      ),
      v.array(ModuleIdSchema),
    ),
    '',
  ),
  format: v.optional(v.picklist(['yaml', 'json'], 'format must be "yaml" or "json"'), 'yaml'),
});

/** JSON-escaping can double a file's size (every newline becomes `\n`): room for that, and no more. */
const IMPORT_BODY_LIMIT = 2 * MAX_IMPORT_BYTES + 16 * 1024;

const importTooLarge: ErrorRequestHandler = (error: unknown, _req, _res, next) => {
  if ((error as { type?: string } | null)?.type === 'entity.too.large') {
    next(new DomainError('payload-too-large', 'The file is larger than 1 MB: split it into several files.'));
    return;
  }
  next(error);
};

/** Checked before the body is read: nobody else should make the server parse a megabyte. */
const providersOnly: RequestHandler = (_req, res, next) => {
  authorize(res, 'modules.author');
  next();
};

/**
 * POST /api/modules/import, with its own JSON parser (files are larger than API bodies).
 * Mounted before the API's 64 kB parser. All modules of a file are stored, or none.
 */
export function moduleImportRoutes(deps: ModuleRouteDeps): Router {
  const router = Router();
  router.post(
    PRACTICE_API.moduleImport,
    providersOnly,
    express.json({ limit: IMPORT_BODY_LIMIT }),
    importTooLarge,
    asyncRoute(async (req, res) => {
      const provider = authorize(res, 'modules.author');
      const request = parseOrThrow(ImportRequestSchema, req.body, 'import');
      const parsed = parseModuleFile(request.fileName, request.text);
      const problems: ImportProblem[] = parsed.ok ? [] : parsed.problems;
      if (parsed.ok) {
        parsed.modules.forEach((module, index) => {
          const reason = deps.modules.reservedReason(module.id);
          if (!reason) return;
          problems.push({
            file: request.fileName,
            field: `modules[${index}].id`,
            line: lineOfModuleId(request.text, index),
            message: reason,
          });
        });
      }
      if (!parsed.ok || problems.length > 0) {
        const count = problems.length;
        res.status(400).json({
          error: {
            code: 'invalid-input',
            message: `${request.fileName} was not imported: ${count} problem${count === 1 ? '' : 's'} to fix. Nothing was stored.`,
          },
          problems,
        });
        return;
      }
      const saved = await deps.db.modules.saveAll(provider.tenant, parsed.modules, provider.userId);
      res.json({
        imported: saved.map(({ module, created }) => ({ id: module.id, version: module.version, created })),
      });
    }),
  );
  return router;
}

/** The module library: everyone reads it; providers author their institution's own modules. */
export function moduleRoutes(deps: ModuleRouteDeps): Router {
  const { db, modules } = deps;
  const router = Router();

  router.get(
    PRACTICE_API.modules,
    asyncRoute(async (req, res) => {
      const principal = authorize(res, 'modules.read');
      const { limit, after, ...filter } = parseOrThrow(ModuleListQuerySchema, req.query, 'query');
      // A cursor belongs to one search: another filter starts again from the first page.
      const cursorScope = [principal.tenant, filter.query, filter.phase, filter.theme];
      const position = decodeCursor(CURSORS.modules, cursorScope, after);
      const page = await modules.page(principal.tenant, filter, {
        limit,
        after: position ? { origin: position[0], id: position[1] } : null,
      });
      const body: ModuleListResponse = {
        modules: page.items.map(summaryOf),
        next: nextOf(CURSORS.modules, cursorScope, page, (module) => [module.origin, module.id]),
      };
      res.json(body);
    }),
  );

  // Before /:id: "export" is a path here, never a module id (module-catalogue.ts reserves it).
  router.get(
    PRACTICE_API.moduleExport,
    asyncRoute(async (req, res) => {
      const provider = authorize(res, 'modules.author');
      const query = parseOrThrow(ExportQuerySchema, req.query, 'query');
      const chosen =
        query.ids.length === 0
          ? await db.modules.list(provider.tenant)
          : await Promise.all(
              query.ids.map(async (id) => {
                const module = await modules.find(provider.tenant, id);
                if (!module) throw new DomainError('not-found', `There is no module "${id}".`);
                return module;
              }),
            );
      res.setHeader('Cache-Control', 'private, no-store');
      res.setHeader(
        'Content-Type',
        query.format === 'json' ? 'application/json; charset=utf-8' : 'application/yaml; charset=utf-8',
      );
      res.setHeader('Content-Disposition', `attachment; filename="coaching-modules.${query.format}"`);
      res.send(serializeModules(chosen, query.format));
    }),
  );

  router.get(
    `${PRACTICE_API.modules}/:id`,
    asyncRoute(async (req, res) => {
      const principal = authorize(res, 'modules.read');
      const id = parseOrThrow(ModuleIdSchema, req.params.id, 'module id');
      const module = await modules.find(principal.tenant, id);
      if (!module) throw new DomainError('not-found', `There is no module "${id}".`);
      const body: ModuleResponse = { module };
      res.json(body);
    }),
  );

  router.post(
    PRACTICE_API.modules,
    asyncRoute(async (req, res) => {
      const provider = authorize(res, 'modules.author');
      const { module } = parseOrThrow(CreateModuleRequestSchema, req.body, 'module');
      const reserved = modules.reservedReason(module.id);
      if (reserved) throw new DomainError('conflict', `${reserved}.`);
      const body: ModuleResponse = {
        module: await db.modules.create(provider.tenant, module, provider.userId),
      };
      res.status(201).json(body);
    }),
  );

  router.put(
    `${PRACTICE_API.modules}/:id`,
    asyncRoute(async (req, res) => {
      const provider = authorize(res, 'modules.author');
      const id = parseOrThrow(ModuleIdSchema, req.params.id, 'module id');
      if (modules.isStarter(id)) {
        throw new DomainError(
          'forbidden',
          'Starter modules are read-only. Export it, change the id, and import it as your own.',
        );
      }
      const update = parseOrThrow(UpdateModuleRequestSchema, req.body, 'module');
      const body: ModuleResponse = {
        module: await db.modules.update(provider.tenant, id, update.module, update.expectedVersion),
      };
      res.json(body);
    }),
  );

  return router;
}
