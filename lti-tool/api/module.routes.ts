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
  type ModuleListResponse,
  type ModuleResponse,
} from '../../shared/protocol/practice-api.ts';
import { asyncRoute } from '../http/async-route.ts';
import type { ModuleService } from '../modules/module-service.ts';
import { authorize } from './auth.ts';

export interface ModuleRouteDeps {
  modules: ModuleService;
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
      const outcome = await deps.modules.importFile(
        provider,
        parseOrThrow(ImportRequestSchema, req.body, 'import'),
      );
      if (!outcome.ok) {
        res
          .status(400)
          .json({ error: { code: 'invalid-input', message: outcome.message }, problems: outcome.problems });
        return;
      }
      res.json({ imported: outcome.imported });
    }),
  );
  return router;
}

/** The module library: everyone reads it; providers author their institution's own modules. */
export function moduleRoutes(deps: ModuleRouteDeps): Router {
  const { modules } = deps;
  const router = Router();

  router.get(
    PRACTICE_API.modules,
    asyncRoute(async (req, res) => {
      const reader = authorize(res, 'modules.read');
      const body: ModuleListResponse = await modules.page(
        reader,
        parseOrThrow(ModuleListQuerySchema, req.query, 'query'),
      );
      res.json(body);
    }),
  );

  // Before /:id: "export" is a path here, never a module id (module-catalogue.ts reserves it).
  router.get(
    PRACTICE_API.moduleExport,
    asyncRoute(async (req, res) => {
      const provider = authorize(res, 'modules.author');
      const query = parseOrThrow(ExportQuerySchema, req.query, 'query');
      const file = await modules.exportFile(provider, query.ids, query.format);
      res.setHeader('Cache-Control', 'private, no-store');
      res.setHeader(
        'Content-Type',
        query.format === 'json' ? 'application/json; charset=utf-8' : 'application/yaml; charset=utf-8',
      );
      res.setHeader('Content-Disposition', `attachment; filename="coaching-modules.${query.format}"`);
      res.send(file);
    }),
  );

  router.get(
    `${PRACTICE_API.modules}/:id`,
    asyncRoute(async (req, res) => {
      const reader = authorize(res, 'modules.read');
      const body: ModuleResponse = {
        module: await modules.get(reader, parseOrThrow(ModuleIdSchema, req.params.id, 'module id')),
      };
      res.json(body);
    }),
  );

  router.post(
    PRACTICE_API.modules,
    asyncRoute(async (req, res) => {
      const provider = authorize(res, 'modules.author');
      const { module } = parseOrThrow(CreateModuleRequestSchema, req.body, 'module');
      const body: ModuleResponse = { module: await modules.create(provider, module) };
      res.status(201).json(body);
    }),
  );

  router.put(
    `${PRACTICE_API.modules}/:id`,
    asyncRoute(async (req, res) => {
      const provider = authorize(res, 'modules.author');
      const module = modules.editOf(provider, parseOrThrow(ModuleIdSchema, req.params.id, 'module id'));
      const body: ModuleResponse = {
        module: await module.save(parseOrThrow(UpdateModuleRequestSchema, req.body, 'module')),
      };
      res.json(body);
    }),
  );

  return router;
}
