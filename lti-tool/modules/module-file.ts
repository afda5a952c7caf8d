import * as v from 'valibot';
import {
  Document,
  isAlias,
  isMap,
  isNode,
  isPair,
  isScalar,
  isSeq,
  LineCounter,
  parseAllDocuments,
  visit,
} from 'yaml';
import {
  MODULE_SCHEMA_VERSION,
  ModuleActionStepSchema,
  ModuleDefinitionSchema,
  ModuleFileSchema,
  type ModuleDefinition,
} from '../../shared/domain/coaching/module.ts';
import { ModelSchema } from '../../shared/domain/coaching/model.ts';
import { MAX_IMPORT_BYTES, type ImportProblem } from '../../shared/protocol/practice-api.ts';

/** A file with more problems than this is cut short: nobody fixes 500 problems from one list. */
export const MAX_REPORTED_PROBLEMS = 50;

/** An anchor may be expanded at most this many times in all; more is an entity-expansion attack. */
const MAX_ALIAS_COUNT = 50;

/** Explicit tags a person may write by hand (`!!str 007`); anything else is refused. */
const CORE_TAGS = new Set(
  ['str', 'int', 'float', 'bool', 'null', 'map', 'seq']
    .map((name) => `tag:yaml.org,2002:${name}`)
    .concat('!'),
);

export type ParseModuleFileResult =
  { ok: true; modules: ModuleDefinition[] } | { ok: false; problems: ImportProblem[] };

type PathKey = string | number;

const FILE_KEYS = Object.keys(ModuleFileSchema.entries);
const MODULE_KEYS = Object.keys(ModuleDefinitionSchema.entries);
const ACTION_STEP_KEYS = Object.keys(ModuleActionStepSchema.entries);
/** The keys each kind of model allows, taken from the contract so they cannot drift. */
const MODEL_KEYS: Record<string, readonly string[]> = Object.fromEntries(
  ModelSchema.options.map((option) => [option.entries.kind.literal, Object.keys(option.entries)]),
);

/** `['modules', 2, 'actionStep']` → `modules[2].actionStep`. */
export function fieldPath(path: readonly PathKey[]): string {
  return path.reduce<string>((out, key) => {
    if (typeof key === 'number') return `${out}[${key}]`;
    return out ? `${out}.${key}` : key;
  }, '');
}

/**
 * Reads a module file (JSON or YAML; JSON is read as YAML 1.2, so both get line numbers) and
 * checks it against the contract. Either every module is valid, or every problem found is
 * returned with the field and the 1-based line it is on.
 */
export function parseModuleFile(fileName: string, text: string): ParseModuleFileResult {
  const problems = new ProblemList(fileName);
  try {
    return readModuleFile(text, problems);
  } catch (error) {
    // Pathological input, e.g. nesting deep enough to exhaust the stack in a recursive step.
    if (!(error instanceof RangeError)) throw error;
    problems.add([], null, `The file could not be read: ${errorMessage(error)}`);
    return problems.result();
  }
}

function readModuleFile(text: string, problems: ProblemList): ParseModuleFileResult {
  // UTF-8 never takes fewer bytes than UTF-16 code units, so the cheap check comes first.
  if (text.length > MAX_IMPORT_BYTES || new TextEncoder().encode(text).length > MAX_IMPORT_BYTES) {
    problems.add([], null, 'The file is larger than 1 MB: split it into several files');
    return problems.result();
  }

  const lineCounter = new LineCounter();
  const lineOf = (offset: number) => lineCounter.linePos(offset).line;
  let documents: ReturnType<typeof parseAllDocuments>;
  try {
    documents = parseAllDocuments(text, {
      lineCounter,
      prettyErrors: false,
      version: '1.2',
      schema: 'core',
      merge: false,
      uniqueKeys: true,
      strict: true,
    });
  } catch (error) {
    // Pathological input, e.g. nesting deep enough to exhaust the stack.
    problems.add([], null, `The file could not be read: ${errorMessage(error)}`);
    return problems.result();
  }
  const [doc, second] = documents;
  if (!doc) {
    problems.add([], null, 'The file is empty');
    return problems.result();
  }
  if (second) {
    problems.add(
      [],
      second.range ? lineOf(second.range[0]) : null,
      'A module file holds one document: remove the "---" and what follows, or make a second file',
    );
  }
  for (const error of documents.flatMap((d) => d.errors)) {
    const message = /call stack/i.test(error.message) ? 'it is nested too deeply' : error.message;
    problems.add([], lineOf(error.pos[0]), `The file could not be read: ${message}`);
  }
  visit(doc, (_key, node) => {
    if (isNode(node) && node.tag && !CORE_TAGS.has(node.tag)) {
      problems.add(
        [],
        node.range ? lineOf(node.range[0]) : null,
        `Custom YAML tags such as ${node.tag} are not allowed`,
      );
    }
  });
  if (problems.length > 0) return problems.result();

  let data: unknown;
  try {
    data = doc.toJS({ maxAliasCount: MAX_ALIAS_COUNT });
  } catch (error) {
    problems.add([], null, `The file could not be read: ${errorMessage(error)}`);
    return problems.result();
  }

  const lineAt = (path: readonly PathKey[]) => lineOfPath(doc, path, lineOf);
  if (data === null || data === undefined) {
    problems.add([], null, 'The file is empty');
    return problems.result();
  }
  if (!isPlainObject(data)) {
    problems.add(
      [],
      lineAt([]),
      `The file must be a mapping with schemaVersion and modules, e.g. "schemaVersion: ${MODULE_SCHEMA_VERSION}" then "modules:"`,
    );
    return problems.result();
  }

  const version = data['schemaVersion'];
  if (version === undefined) {
    problems.add(
      ['schemaVersion'],
      lineAt([]),
      `schemaVersion is missing: add "schemaVersion: ${MODULE_SCHEMA_VERSION}" (this tool reads version ${MODULE_SCHEMA_VERSION})`,
    );
  } else if (version !== MODULE_SCHEMA_VERSION) {
    const newer = typeof version === 'number' && version > MODULE_SCHEMA_VERSION;
    problems.add(
      ['schemaVersion'],
      lineAt(['schemaVersion']),
      newer
        ? `schemaVersion ${version} is newer than this tool: it reads schemaVersion ${MODULE_SCHEMA_VERSION} only. Export the file again as version ${MODULE_SCHEMA_VERSION}, or update the tool`
        : `schemaVersion must be ${MODULE_SCHEMA_VERSION}, the only version this tool reads (found ${String(JSON.stringify(version)).slice(0, 40)})`,
    );
    // Another version may lay modules out differently: checking them against version 1 would only add noise.
    return problems.result();
  }

  for (const [path, key] of unknownKeys(data)) {
    problems.add([...path, key], lineAt([...path, key]), unknownKeyMessage(key, allowedKeysAt(data, path)));
  }
  for (const [index, firstIndex, id] of duplicateIds(data)) {
    problems.add(
      ['modules', index, 'id'],
      lineAt(['modules', index, 'id']),
      `Module id "${id}" is already used by modules[${firstIndex}] (line ${lineAt(['modules', firstIndex, 'id']) ?? '?'}): ids must be unique`,
    );
  }

  const parsed = v.safeParse(ModuleFileSchema, data);
  if (!parsed.success) {
    for (const issue of parsed.issues) {
      if (issue.path?.[0]?.key === 'schemaVersion' && version === undefined) continue; // reported above
      const path = (issue.path ?? []).map((item) => item.key as PathKey);
      problems.add(path, lineAt(path), issueMessage(issue));
    }
  }
  if (problems.length > 0 || !parsed.success) return problems.result();
  return { ok: true, modules: parsed.output.modules };
}

/** A file `parseModuleFile` reads back to the same modules. Extra keys (origin, version…) are left out. */
export function serializeModules(modules: readonly ModuleDefinition[], format: 'json' | 'yaml'): string {
  const file = { schemaVersion: MODULE_SCHEMA_VERSION, modules: modules.map(definitionForFile) };
  if (format === 'json') return `${JSON.stringify(file, null, 2)}\n`;
  const header = `# Coaching modules, schemaVersion ${MODULE_SCHEMA_VERSION}: see docs/module-schema.md\n`;
  return header + new Document(file, { version: '1.2' }).toString({ lineWidth: 0, blockQuote: 'literal' });
}

/** Only the keys of a module definition, in the order a person reads them; empty optional text left out. */
function definitionForFile(module: ModuleDefinition): Record<string, unknown> {
  const step = module.actionStep;
  return {
    id: module.id,
    title: module.title,
    summary: module.summary,
    phase: module.phase,
    theme: module.theme,
    targetPerformance: module.targetPerformance,
    models: module.models.map((model) => {
      const title = model.title ? { title: model.title } : {};
      switch (model.kind) {
        case 'product':
          return { kind: model.kind, ...title, text: model.text };
        case 'performance':
          return { kind: model.kind, ...title, mediaUrl: model.mediaUrl, ...nonEmpty('notes', model.notes) };
        case 'upload':
          return {
            kind: model.kind,
            ...title,
            mediaId: model.mediaId,
            fileName: model.fileName,
            contentType: model.contentType,
            ...nonEmpty('notes', model.notes),
          };
      }
    }),
    actionStep: {
      title: step.title,
      ...nonEmpty('what', step.what),
      successCriteria: [...step.successCriteria],
      whenToPractise: step.whenToPractise,
      ...nonEmpty('why', step.why),
    },
    scenarios: [...module.scenarios],
    reflectionPrompts: [...module.reflectionPrompts],
    scoring: module.scoring,
  };
}

function nonEmpty(key: string, value: string): Record<string, string> {
  return value ? { [key]: value } : {};
}

class ProblemList {
  readonly #problems: ImportProblem[] = [];
  #dropped = 0;

  constructor(readonly file: string) {}

  get length(): number {
    return this.#problems.length + this.#dropped;
  }

  add(path: readonly PathKey[], line: number | null, message: string): void {
    const field = fieldPath(path);
    if (this.#problems.some((p) => p.field === field && p.message === message && p.line === line)) return;
    if (this.#problems.length >= MAX_REPORTED_PROBLEMS) this.#dropped += 1;
    else this.#problems.push({ file: this.file, field, line, message });
  }

  result(): { ok: false; problems: ImportProblem[] } {
    const problems = this.#problems
      .map((problem, order) => ({ problem, order }))
      .sort((a, b) => (a.problem.line ?? 0) - (b.problem.line ?? 0) || a.order - b.order)
      .map(({ problem }) => problem);
    if (this.#dropped > 0) {
      problems.push({
        file: this.file,
        field: '',
        line: null,
        message: `${this.#dropped} more problem(s) not shown: fix these and import the file again`,
      });
    }
    return { ok: false, problems };
  }
}

/**
 * The line of the node at `path`, or of its nearest existing parent (a missing key points at the
 * mapping that should hold it). A map entry points at its key's line, where a person looks for it.
 */
function lineOfPath(
  doc: Document,
  path: readonly PathKey[],
  lineOf: (offset: number) => number,
): number | null {
  let node: unknown = doc.contents;
  let line = startLine(node, lineOf) ?? 1;
  for (const key of path) {
    if (isAlias(node)) node = node.resolve(doc);
    if (isMap(node)) {
      const pair = node.items.find(
        (item) => isPair(item) && isScalar(item.key) && String(item.key.value) === String(key),
      );
      if (!pair) break;
      line = startLine(pair.key, lineOf) ?? startLine(pair.value, lineOf) ?? line;
      node = pair.value;
    } else if (isSeq(node) && typeof key === 'number') {
      const item = node.items[key];
      if (item === undefined) break;
      line = startLine(item, lineOf) ?? line;
      node = item;
    } else {
      break;
    }
  }
  return line;
}

function startLine(node: unknown, lineOf: (offset: number) => number): number | null {
  return isNode(node) && node.range ? lineOf(node.range[0]) : null;
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** Strict-object semantics on top of the contract's plain objects: a misspelt key is a problem, not silently dropped. */
function unknownKeys(data: Record<string, unknown>): [PathKey[], string][] {
  const found: [PathKey[], string][] = [];
  const check = (value: unknown, path: PathKey[]) => {
    if (!isPlainObject(value)) return;
    const allowed = allowedKeysAt(data, path);
    if (!allowed) return;
    for (const key of Object.keys(value)) if (!allowed.includes(key)) found.push([path, key]);
  };
  check(data, []);
  const modules = data['modules'];
  if (!Array.isArray(modules)) return found;
  modules.forEach((module: unknown, index) => {
    check(module, ['modules', index]);
    if (!isPlainObject(module)) return;
    check(module['actionStep'], ['modules', index, 'actionStep']);
    const models = module['models'];
    if (Array.isArray(models))
      models.forEach((_model, m) => check(models[m], ['modules', index, 'models', m]));
  });
  return found;
}

function allowedKeysAt(data: Record<string, unknown>, path: readonly PathKey[]): readonly string[] | null {
  if (path.length === 0) return FILE_KEYS;
  if (path.length === 2) return MODULE_KEYS;
  if (path[2] === 'actionStep') return ACTION_STEP_KEYS;
  if (path[2] === 'models') {
    const modules = data['modules'] as unknown[];
    const module = modules[path[1] as number] as Record<string, unknown>;
    const model = (module['models'] as unknown[])[path[3] as number] as Record<string, unknown>;
    // An unknown kind is reported by the contract; its other keys cannot be judged.
    return typeof model['kind'] === 'string' ? (MODEL_KEYS[model['kind']] ?? null) : null;
  }
  return null;
}

function unknownKeyMessage(key: string, allowed: readonly string[] | null): string {
  const near = allowed?.find((candidate) => editDistance(candidate.toLowerCase(), key.toLowerCase()) <= 2);
  const hint = near ? `did you mean "${near}"?` : `allowed keys are ${allowed?.join(', ') ?? 'none'}`;
  return `Unknown key "${key}": ${hint}`;
}

/** Each repeated id as [its index, the index of its first use, the id]. */
function duplicateIds(data: Record<string, unknown>): [number, number, string][] {
  const modules = data['modules'];
  if (!Array.isArray(modules)) return [];
  const firstUse = new Map<string, number>();
  const repeats: [number, number, string][] = [];
  modules.forEach((module: unknown, index) => {
    const id = isPlainObject(module) ? module['id'] : undefined;
    if (typeof id !== 'string') return;
    const first = firstUse.get(id);
    if (first === undefined) firstUse.set(id, index);
    else repeats.push([index, first, id]);
  });
  return repeats;
}

function editDistance(a: string, b: string): number {
  let previous = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i += 1) {
    const current = [i];
    for (let j = 1; j <= b.length; j += 1) {
      const substitution = (previous[j - 1] ?? 0) + (a[i - 1] === b[j - 1] ? 0 : 1);
      current.push(Math.min((previous[j] ?? 0) + 1, (current[j - 1] ?? 0) + 1, substitution));
    }
    previous = current;
  }
  return previous[b.length] ?? 0;
}

/** The contract's own messages, except valibot's generic ones, which are reworded for a person. */
function issueMessage(issue: v.BaseIssue<unknown>): string {
  const last = issue.path?.at(-1);
  const key = typeof last?.key === 'string' ? last.key : null;
  const parent: unknown = last?.input;
  if (key !== null && isPlainObject(parent) && !(key in parent)) {
    return issue.expected === `"${key}"`
      ? `"${key}" is missing`
      : `"${key}" is missing: expected ${issue.expected ?? 'a value'}`;
  }
  if (issue.expected === 'Object') {
    return `Expected a mapping of keys to values, but found ${issue.received}`;
  }
  if (issue.expected === 'Array') return `Expected a list, but found ${issue.received}`;
  return issue.message;
}

function errorMessage(error: unknown): string {
  if (error instanceof RangeError) return 'it is nested too deeply';
  return error instanceof Error ? error.message : String(error);
}
