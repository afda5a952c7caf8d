import * as v from 'valibot';
import type { HttpTransportOptions } from '../../../../shared/data/index.ts';
import {
  ImportErrorBodySchema,
  ImportResponseSchema,
  MAX_IMPORT_BYTES,
  PRACTICE_API,
  type ImportProblem,
  type ModuleSummary,
} from '../../../../shared/protocol/practice-api.ts';
import { describeError } from '../../api.ts';
import type { ObjectUrlPort } from '../../components/media/index.ts';
import { fetchModulesByTitle } from '../../module-list.ts';
import { providerStrings as t } from '../../strings/provider.ts';
import { ApiRefusal, callJson, callText, isAbort, queryString } from '../../api-call.ts';

export type ExportFormat = 'yaml' | 'json';

export type ImportResult =
  | { status: 'idle' }
  | { status: 'importing' }
  | { status: 'imported'; message: string }
  | { status: 'problems'; problems: readonly ImportProblem[] }
  | { status: 'failed'; message: string };

/** Reads a chosen file as text (File.text where the browser has it, else a FileReader). */
function readText(file: File): Promise<string> {
  if (typeof file.text === 'function') return file.text();
  return new Promise((resolve, reject) => {
    const reader = new FileReader();
    reader.onload = () => resolve(String(reader.result ?? ''));
    reader.onerror = () => reject(reader.error ?? new Error('The file could not be read.'));
    reader.readAsText(file);
  });
}

/** Import a module file (all or nothing) and export the institution's own modules as YAML or JSON. */
export class ImportExportState {
  readonly #api: HttpTransportOptions;
  /** The browser's object URLs in production, a fake in tests (jsdom has none). */
  readonly #urls: ObjectUrlPort;
  #import = $state.raw<ImportResult>({ status: 'idle' });
  #own = $state.raw<readonly ModuleSummary[]>([]);
  #chosen = $state<string[]>([]);
  #format = $state<ExportFormat>('yaml');
  #exporting = $state(false);
  #exportError = $state('');
  #download = $state.raw<{ url: string; fileName: string } | null>(null);

  constructor(api: HttpTransportOptions, urls: ObjectUrlPort) {
    this.#api = api;
    this.#urls = urls;
  }

  get importResult(): ImportResult {
    return this.#import;
  }
  /** The institution's own modules: what can be exported. */
  get ownModules(): readonly ModuleSummary[] {
    return this.#own;
  }
  get chosen(): readonly string[] {
    return this.#chosen;
  }
  get format(): ExportFormat {
    return this.#format;
  }
  get exporting(): boolean {
    return this.#exporting;
  }
  get exportError(): string {
    return this.#exportError;
  }
  get download(): { url: string; fileName: string } | null {
    return this.#download;
  }

  async loadOwn(signal?: AbortSignal): Promise<void> {
    try {
      const modules = await fetchModulesByTitle(this.#api, signal);
      this.#own = modules.filter((module) => module.origin === 'provider');
      this.#chosen = this.#chosen.filter((id) => this.#own.some((module) => module.id === id));
    } catch {
      // The export list stays as it was; exporting "all yours" still works without it.
    }
  }

  /** Reads the file and posts it; the server stores everything or nothing. True when something was imported. */
  async importFile(file: File | null, signal?: AbortSignal): Promise<boolean> {
    if (!file) {
      this.#import = { status: 'failed', message: t.chooseImportFile };
      return false;
    }
    if (file.size > MAX_IMPORT_BYTES) {
      this.#import = { status: 'failed', message: t.importTooLarge };
      return false;
    }
    this.#import = { status: 'importing' };
    try {
      const text = await readText(file);
      const { imported } = await callJson(
        this.#api,
        PRACTICE_API.moduleImport,
        { method: 'POST', body: { fileName: file.name, text }, signal },
        ImportResponseSchema,
      );
      // Titles, as people know their modules; ids are for files and URLs.
      const created = imported.filter((entry) => entry.created).map((entry) => `“${entry.title}”`);
      const updated = imported.filter((entry) => !entry.created).map((entry) => `“${entry.title}”`);
      this.#import = { status: 'imported', message: t.imported(created, updated) };
      return true;
    } catch (error) {
      if (isAbort(error)) {
        this.#import = { status: 'idle' };
        return false;
      }
      if (error instanceof ApiRefusal && v.is(ImportErrorBodySchema, error.body)) {
        this.#import = { status: 'problems', problems: error.body.problems };
        return false;
      }
      this.#import = { status: 'failed', message: t.importFailed(describeError(error)) };
      return false;
    }
  }

  toggleChosen(id: string, chosen: boolean): void {
    const others = this.#chosen.filter((candidate) => candidate !== id);
    this.#chosen = chosen ? [...others, id] : others;
  }

  setFormat(format: ExportFormat): void {
    this.#format = format;
  }

  /** `GET /api/modules/export?ids=…&format=…` (no ids: all of ours), ready as an object URL to download. */
  async export(signal?: AbortSignal): Promise<boolean> {
    if (this.#exporting) return false;
    this.#exporting = true;
    this.#exportError = '';
    const ids = this.#own.map((module) => module.id).filter((id) => this.#chosen.includes(id));
    const query = queryString({ ids: ids.join(','), format: this.#format });
    try {
      const file = await callText(this.#api, `${PRACTICE_API.moduleExport}?${query}`, {
        method: 'GET',
        signal,
      });
      const type = this.#format === 'json' ? 'application/json' : 'application/yaml';
      const fileName = file.fileName ?? `coaching-modules.${this.#format === 'json' ? 'json' : 'yaml'}`;
      this.#revokeDownload();
      this.#download = { url: this.#urls.create(new Blob([file.text], { type })), fileName };
      return true;
    } catch (error) {
      if (!isAbort(error)) this.#exportError = t.exportFailed(describeError(error));
      return false;
    } finally {
      this.#exporting = false;
    }
  }

  dispose(): void {
    this.#revokeDownload();
  }

  #revokeDownload(): void {
    if (this.#download) this.#urls.revoke(this.#download.url);
    this.#download = null;
  }
}
