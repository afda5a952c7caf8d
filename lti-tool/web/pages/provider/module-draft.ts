import * as v from 'valibot';
import { MODEL_UPLOAD_TYPES, type Model } from '../../../../shared/domain/coaching/model.ts';
import {
  ModuleDefinitionSchema,
  type CoachingModule,
  type ModuleContent,
  type ModuleDefinition,
  type Phase,
  type Scoring,
  type Theme,
} from '../../../../shared/domain/coaching/module.ts';
import { providerStrings as t } from '../../strings/provider.ts';

export type ModelKind = Model['kind'];
export type UploadType = (typeof MODEL_UPLOAD_TYPES)[number];

/** A text in a repeatable list; `key` keeps each row's identity while rows are added and removed. */
export interface ItemDraft {
  key: string;
  text: string;
}

/** One model row as typed: every kind's fields, only the chosen kind's are sent. */
export interface ModelDraft {
  key: string;
  kind: ModelKind;
  title: string;
  text: string;
  mediaUrl: string;
  notes: string;
  mediaId: string;
  fileName: string;
  contentType: string;
}

/** A module as the editor holds it: text everywhere, lists of rows. */
export interface ModuleDraft {
  id: string;
  title: string;
  summary: string;
  phase: Phase | '';
  theme: Theme | '';
  targetPerformance: string;
  models: ModelDraft[];
  actionStep: {
    title: string;
    what: string;
    successCriteria: ItemDraft[];
    whenToPractise: string;
    why: string;
  };
  scenarios: ItemDraft[];
  reflectionPrompts: ItemDraft[];
  scoring: Scoring;
}

/** A problem with one field, named by its dotted path (`models.0.text`, `actionStep.successCriteria`). */
export interface DraftProblem {
  path: string;
  message: string;
}

let rowCounter = 0;
/** A key for a new row; unique within the page. */
export function rowKey(): string {
  rowCounter += 1;
  return `row-${rowCounter}`;
}

export function item(text = ''): ItemDraft {
  return { key: rowKey(), text };
}

export function emptyModel(kind: ModelKind = 'product'): ModelDraft {
  return {
    key: rowKey(),
    kind,
    title: '',
    text: '',
    mediaUrl: '',
    notes: '',
    mediaId: '',
    fileName: '',
    contentType: '',
  };
}

export function emptyDraft(): ModuleDraft {
  return {
    id: '',
    title: '',
    summary: '',
    phase: '',
    theme: '',
    targetPerformance: '',
    models: [emptyModel()],
    actionStep: { title: '', what: '', successCriteria: [item()], whenToPractise: '', why: '' },
    scenarios: [item()],
    reflectionPrompts: [item()],
    scoring: 'criteria',
  };
}

function modelDraft(model: Model): ModelDraft {
  const base = emptyModel(model.kind);
  switch (model.kind) {
    case 'product':
      return { ...base, title: model.title, text: model.text };
    case 'performance':
      return { ...base, title: model.title, mediaUrl: model.mediaUrl, notes: model.notes };
    case 'upload':
      return {
        ...base,
        title: model.title,
        mediaId: model.mediaId,
        fileName: model.fileName,
        contentType: model.contentType,
        notes: model.notes,
      };
  }
}

/** A stored module (or a definition) as an editable draft. */
export function draftFromModule(module: ModuleDefinition | CoachingModule): ModuleDraft {
  return {
    id: module.id,
    title: module.title,
    summary: module.summary,
    phase: module.phase,
    theme: module.theme,
    targetPerformance: module.targetPerformance,
    models: module.models.map(modelDraft),
    actionStep: {
      title: module.actionStep.title,
      what: module.actionStep.what,
      successCriteria: module.actionStep.successCriteria.map((text) => item(text)),
      whenToPractise: module.actionStep.whenToPractise,
      why: module.actionStep.why,
    },
    scenarios: module.scenarios.map((text) => item(text)),
    reflectionPrompts: module.reflectionPrompts.map((text) => item(text)),
    scoring: module.scoring,
  };
}

function modelInput(model: ModelDraft): unknown {
  switch (model.kind) {
    case 'product':
      return { kind: 'product', title: model.title, text: model.text };
    case 'performance':
      return { kind: 'performance', title: model.title, mediaUrl: model.mediaUrl.trim(), notes: model.notes };
    case 'upload':
      return {
        kind: 'upload',
        title: model.title,
        mediaId: model.mediaId,
        fileName: model.fileName,
        contentType: model.contentType,
        notes: model.notes,
      };
  }
}

/** The draft as the module file format has it (before validation). */
export function draftInput(draft: ModuleDraft): unknown {
  return {
    id: draft.id.trim(),
    title: draft.title,
    summary: draft.summary,
    phase: draft.phase,
    theme: draft.theme,
    targetPerformance: draft.targetPerformance,
    models: draft.models.map(modelInput),
    actionStep: {
      title: draft.actionStep.title,
      what: draft.actionStep.what,
      successCriteria: draft.actionStep.successCriteria.map((row) => row.text),
      whenToPractise: draft.actionStep.whenToPractise,
      why: draft.actionStep.why,
    },
    scenarios: draft.scenarios.map((row) => row.text),
    reflectionPrompts: draft.reflectionPrompts.map((row) => row.text),
    scoring: draft.scoring,
  };
}

/**
 * Validates a draft with the module file's own schema, so what the editor accepts is what
 * the server accepts. Problems are named by dotted path, with a few messages made plainer
 * (an empty choice, an upload row with no file yet).
 */
export function validateDraft(
  draft: ModuleDraft,
): { ok: true; module: ModuleDefinition } | { ok: false; problems: DraftProblem[] } {
  const result = v.safeParse(ModuleDefinitionSchema, draftInput(draft));
  if (result.success) return { ok: true, module: result.output };
  const problems: DraftProblem[] = [];
  for (const issue of result.issues) {
    const path = (issue.path ?? []).map((segment) => String(segment.key)).join('.');
    let message = issue.message;
    if (path === 'phase' && draft.phase === '') message = t.choosePhaseError;
    if (path === 'theme' && draft.theme === '') message = t.chooseThemeError;
    const upload = /^models\.(\d+)\.(mediaId|fileName|contentType)$/.exec(path);
    if (upload) {
      const model = draft.models[Number(upload[1])];
      if (model && !model.mediaId) {
        if (upload[2] !== 'mediaId') continue;
        message = t.fields.chooseFile;
      }
    }
    if (!problems.some((problem) => problem.path === path && problem.message === message)) {
      problems.push({ path, message });
    }
  }
  return { ok: false, problems };
}

/** The content of a definition, for `PUT` (the id is in the address). */
export function contentOf(module: ModuleDefinition): ModuleContent {
  const { id: _id, ...content } = module;
  return content;
}

/** Every text of a draft by path: to show what someone typed next to a newer version. */
export function draftTexts(draft: ModuleDraft): { path: string; text: string }[] {
  const texts: { path: string; text: string }[] = [];
  const walk = (value: unknown, path: string): void => {
    if (typeof value === 'string') {
      texts.push({ path, text: value });
    } else if (Array.isArray(value)) {
      value.forEach((entry, index) => walk(entry, path ? `${path}.${index}` : String(index)));
    } else if (value && typeof value === 'object') {
      for (const [key, entry] of Object.entries(value)) {
        walk(entry, path ? `${path}.${key}` : key);
      }
    }
  };
  walk(draftInput(draft), '');
  return texts;
}

/** The texts of `mine` that differ from `theirs` (and are not empty). */
export function changedTexts(mine: ModuleDraft, theirs: ModuleDraft): { path: string; text: string }[] {
  const other = new Map(draftTexts(theirs).map((entry) => [entry.path, entry.text]));
  return draftTexts(mine).filter(
    (entry) => entry.text.trim() !== '' && other.get(entry.path)?.trim() !== entry.text.trim(),
  );
}

/**
 * An id made from a title ("Cold call: routines" → "cold-call-routines"): lowercase letters and
 * digits joined by "-", accents dropped, at most 48 characters; '' when the title has too few.
 */
export function idFromTitle(title: string): string {
  const slug = title
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, 48)
    .replace(/-+$/, '');
  return slug.length >= 3 ? slug : '';
}

/** A free id for a copy: `<id>-copy`, then `-copy-2`… within the 48 characters an id may have. */
export function copyId(id: string, taken: readonly string[]): string {
  for (let n = 1; n < 100; n += 1) {
    const suffix = n === 1 ? '-copy' : `-copy-${n}`;
    const candidate = `${id.slice(0, 48 - suffix.length)}${suffix}`;
    if (!taken.includes(candidate)) return candidate;
  }
  return id;
}

export function isUploadType(type: string): type is UploadType {
  return (MODEL_UPLOAD_TYPES as readonly string[]).includes(type);
}
