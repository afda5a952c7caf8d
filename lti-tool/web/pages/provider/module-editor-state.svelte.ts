import type { HttpTransportOptions, IdSource } from '../../../../shared/data/index.ts';
import type { CoachingModule } from '../../../../shared/domain/coaching/module.ts';
import { MAX_MODEL_FILE_BYTES } from '../../../../shared/domain/coaching/practice.ts';
import { ModuleResponseSchema, PRACTICE_API } from '../../../../shared/protocol/practice-api.ts';
import { describeError } from '../../api.ts';
import type { StoredMedia } from '../../media-client.ts';
import { providerStrings as t } from '../../strings/provider.ts';
import { ApiRefusal, callJson, isAbort } from '../../api-call.ts';
import {
  changedTexts,
  contentOf,
  copyId,
  draftFromModule,
  emptyDraft,
  emptyModel,
  isUploadType,
  item,
  validateDraft,
  type DraftProblem,
  type ModelKind,
  type ModuleDraft,
  idFromTitle,
} from './module-draft.ts';

export type UploadFn = (options: HttpTransportOptions, id: string, blob: Blob) => Promise<StoredMedia>;

export type SaveOutcome = 'invalid' | 'saved' | 'conflict' | 'failed';

/** The lists a provider can add rows to and remove rows from, with their limits. */
export type ListName = 'criteria' | 'scenarios' | 'prompts';

/** Texts typed before a newer version was loaded over them. */
export interface Unsaved {
  texts: { path: string; text: string }[];
}

/**
 * The module editor: a new module (blank or copied) or an edit of one of the institution's
 * modules against the version it was loaded at. Everything typed survives every failure.
 */
export class ModuleEditorState {
  readonly #api: HttpTransportOptions;
  readonly #ids: IdSource;
  readonly #upload: UploadFn;
  #draft = $state<ModuleDraft>(emptyDraft());
  #mode = $state<'new' | 'edit'>('new');
  #copiedFrom = $state<string | null>(null);
  /** True once the module has an id the author chose (or a copy was given): the title stops changing it. */
  #idTyped = false;
  #version = $state(0);
  #savedTitle = $state('');
  #problems = $state.raw<readonly DraftProblem[]>([]);
  #saving = $state(false);
  #failure = $state('');
  #conflict = $state(false);
  #reloading = $state(false);
  #unsaved = $state.raw<Unsaved | null>(null);
  #uploads = $state<Record<string, { status: 'uploading' | 'failed'; message: string }>>({});
  #announcement = $state('');

  constructor(api: HttpTransportOptions, deps: { ids: IdSource; uploadMedia: UploadFn }) {
    this.#api = api;
    this.#ids = deps.ids;
    this.#upload = deps.uploadMedia;
  }

  /** The draft itself: the component binds inputs to it. */
  get draft(): ModuleDraft {
    return this.#draft;
  }
  get mode(): 'new' | 'edit' {
    return this.#mode;
  }
  /** The title of the module a new draft was copied from. */
  get copiedFrom(): string | null {
    return this.#copiedFrom;
  }
  /** The version an edit is made against. */
  get version(): number {
    return this.#version;
  }
  /** The title as last saved (the heading should not change while someone types). */
  get savedTitle(): string {
    return this.#savedTitle;
  }
  get problems(): readonly DraftProblem[] {
    return this.#problems;
  }
  get saving(): boolean {
    return this.#saving;
  }
  /** Why the last save failed (other than invalid input or a conflict). */
  get failure(): string {
    return this.#failure;
  }
  get conflict(): boolean {
    return this.#conflict;
  }
  get reloading(): boolean {
    return this.#reloading;
  }
  get unsaved(): Unsaved | null {
    return this.#unsaved;
  }
  get announcement(): string {
    return this.#announcement;
  }

  problemFor(path: string): string | null {
    const messages = this.#problems.filter((problem) => problem.path === path).map((p) => p.message);
    return messages.length > 0 ? messages.join(' ') : null;
  }

  upload(modelKey: string): { status: 'uploading' | 'failed'; message: string } | null {
    return this.#uploads[modelKey] ?? null;
  }

  /** The title; a new module's id follows it until the author types an id of their own. */
  setTitle(value: string): void {
    this.#draft.title = value;
    if (this.#mode === 'new' && !this.#idTyped) this.#draft.id = idFromTitle(value);
  }

  setId(value: string): void {
    this.#draft.id = value;
    this.#idTyped = value.trim() !== '';
  }

  startNew(): void {
    this.#load(emptyDraft(), 'new', 0, '');
    this.#copiedFrom = null;
  }

  startEdit(module: CoachingModule): void {
    this.#load(draftFromModule(module), 'edit', module.version, module.title);
    this.#copiedFrom = null;
    this.#announce(t.editing(module.title));
  }

  /** A new module pre-filled from another (a starter, usually), under a new free id. */
  startCopy(module: CoachingModule, takenIds: readonly string[]): void {
    const draft = draftFromModule(module);
    draft.id = copyId(module.id, takenIds);
    // Two modules of one title would be told apart by nobody in the library or the LMS.
    draft.title = t.copyTitle(module.title);
    this.#load(draft, 'new', 0, '');
    this.#copiedFrom = module.title;
    this.#announce(t.copied(module.title));
  }

  #load(draft: ModuleDraft, mode: 'new' | 'edit', version: number, title: string): void {
    this.#draft = draft;
    // A copy's id was chosen for it; a new module's comes from its title.
    this.#idTyped = draft.id !== '';
    this.#mode = mode;
    this.#version = version;
    this.#savedTitle = title;
    this.#problems = [];
    this.#failure = '';
    this.#conflict = false;
    this.#unsaved = null;
    this.#uploads = {};
  }

  setModelKind(index: number, kind: ModelKind): void {
    const model = this.#draft.models[index];
    if (model) model.kind = kind;
  }

  addModel(): void {
    this.#draft.models.push(emptyModel());
  }

  removeModel(index: number): void {
    this.#draft.models.splice(index, 1);
  }

  #list(name: ListName) {
    if (name === 'criteria') return this.#draft.actionStep.successCriteria;
    if (name === 'scenarios') return this.#draft.scenarios;
    return this.#draft.reflectionPrompts;
  }

  /** Adds a row; limits are checked on save, with the schema's own message. */
  addRow(name: ListName): void {
    this.#list(name).push(item());
  }

  removeRow(name: ListName, index: number): void {
    this.#list(name).splice(index, 1);
  }

  /** Uploads a model file under a new id and records it on the row; type and size are checked first. */
  async uploadModelFile(index: number, file: File, signal?: AbortSignal): Promise<void> {
    const model = this.#draft.models[index];
    if (!model) return;
    const key = model.key;
    const type = file.type.split(';')[0]?.trim().toLowerCase() ?? '';
    if (!isUploadType(type)) {
      this.#uploads[key] = { status: 'failed', message: t.fileWrongType(file.name) };
      return;
    }
    if (file.size > MAX_MODEL_FILE_BYTES) {
      this.#uploads[key] = { status: 'failed', message: t.fileTooBig(file.name) };
      return;
    }
    this.#uploads[key] = { status: 'uploading', message: t.fields.uploading(file.name) };
    try {
      const stored = await this.#upload(this.#api, this.#ids.newId(), file);
      const row = this.#draft.models.find((candidate) => candidate.key === key);
      if (row && !signal?.aborted) {
        row.mediaId = stored.id;
        row.fileName = file.name;
        row.contentType = isUploadType(stored.contentType) ? stored.contentType : type;
      }
      delete this.#uploads[key];
      this.#announce(t.fields.uploaded(file.name));
    } catch (error) {
      if (isAbort(error)) return;
      this.#uploads[key] = { status: 'failed', message: t.uploadFailed(describeError(error)) };
    }
  }

  /** Validates with the module schema, then creates (POST) or saves against the loaded version (PUT). */
  async save(signal?: AbortSignal): Promise<{ outcome: SaveOutcome; module?: CoachingModule }> {
    if (this.#saving) return { outcome: 'failed' };
    const result = validateDraft(this.#draft);
    if (!result.ok) {
      this.#problems = result.problems;
      return { outcome: 'invalid' };
    }
    this.#problems = [];
    this.#failure = '';
    this.#saving = true;
    try {
      const { module } =
        this.#mode === 'new'
          ? await callJson(
              this.#api,
              PRACTICE_API.modules,
              { method: 'POST', body: { module: result.module }, signal },
              ModuleResponseSchema,
            )
          : await callJson(
              this.#api,
              PRACTICE_API.module(result.module.id),
              {
                method: 'PUT',
                body: { module: contentOf(result.module), expectedVersion: this.#version },
                signal,
              },
              ModuleResponseSchema,
            );
      const created = this.#mode === 'new';
      this.#load(draftFromModule(module), 'edit', module.version, module.title);
      this.#copiedFrom = null;
      this.#announce(created ? t.created(module.title) : t.saved(module.title, module.version));
      return { outcome: 'saved', module };
    } catch (error) {
      if (isAbort(error)) return { outcome: 'failed' };
      if (error instanceof ApiRefusal && error.status === 409 && this.#mode === 'edit') {
        this.#conflict = true;
        return { outcome: 'conflict' };
      }
      if (error instanceof ApiRefusal && error.status === 409) {
        // A new module whose id is taken: the problem is the id.
        this.#problems = [{ path: 'id', message: error.message }];
        return { outcome: 'invalid' };
      }
      this.#failure = t.saveFailed(describeError(error));
      return { outcome: 'failed' };
    } finally {
      this.#saving = false;
    }
  }

  /** After a conflict: loads the newer version, keeping what was typed visible beside it. */
  async reloadLatest(signal?: AbortSignal): Promise<boolean> {
    if (this.#reloading) return false;
    this.#reloading = true;
    try {
      const { module } = await callJson(
        this.#api,
        PRACTICE_API.module(this.#draft.id),
        { method: 'GET', signal },
        ModuleResponseSchema,
      );
      const mine = this.#draft;
      const theirs = draftFromModule(module);
      this.#load(theirs, 'edit', module.version, module.title);
      this.#unsaved = { texts: changedTexts(mine, theirs) };
      this.#announce(t.reloaded(module.version));
      return true;
    } catch (error) {
      if (!isAbort(error)) this.#failure = t.saveFailed(describeError(error));
      return false;
    } finally {
      this.#reloading = false;
    }
  }

  dismissUnsaved(): void {
    this.#unsaved = null;
  }

  #announce(message: string): void {
    this.#announcement = this.#announcement === message ? `${message}\u00a0` : message;
  }
}
