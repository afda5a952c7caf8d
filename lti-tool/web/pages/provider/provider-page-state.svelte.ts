import { randomIds, type HttpTransportOptions, type IdSource } from '../../../../shared/data/index.ts';
import type { CoachingModule } from '../../../../shared/domain/coaching/module.ts';
import { apiOptions } from '../../api.ts';
import type { Bootstrap } from '../../bootstrap.ts';
import { browserObjectUrls, type ObjectUrlPort } from '../../components/media/index.ts';
import { mediaObjectUrl, uploadMedia } from '../../media-client.ts';
import { ActivityState } from './activity-state.svelte.ts';
import { ImportExportState } from './import-export-state.svelte.ts';
import { LibraryState } from './library-state.svelte.ts';
import { ModuleEditorState, type UploadFn } from './module-editor-state.svelte.ts';
import { ProgrammeState } from '../programme/programme-state.svelte.ts';
import { SchoolsState } from '../programme/schools-state.svelte.ts';
import { ErasureRequestState } from './erasure-request-state.svelte.ts';

/** Injected I/O for tests; production uses fetch, random ids, the media client and the browser's object URLs. */
export interface ProviderPageDeps {
  fetch?: typeof fetch;
  ids?: IdSource;
  uploadMedia?: UploadFn;
  mediaObjectUrl?: (options: HttpTransportOptions, id: string) => Promise<string>;
  objectUrls?: ObjectUrlPort;
}

/** The provider's page: library, editor, import/export and activity, and how they hand modules to each other. */
export class ProviderPageState {
  readonly library: LibraryState;
  readonly editor: ModuleEditorState;
  readonly transfer: ImportExportState;
  readonly activity: ActivityState;
  /** The programme view of the whole institution, and its schools and leaders. */
  readonly programme: ProgrammeState;
  readonly schools: SchoolsState;
  /** "Request erasure": recorded for the operator to run. */
  readonly erasure: ErasureRequestState;

  constructor(bootstrap: Bootstrap, deps: ProviderPageDeps = {}) {
    const api = apiOptions(bootstrap, deps.fetch);
    const urls = deps.objectUrls ?? browserObjectUrls;
    this.library = new LibraryState(api, {
      mediaObjectUrl: deps.mediaObjectUrl ?? ((options, id) => mediaObjectUrl(options, id)),
      revokeObjectUrl: (url) => urls.revoke(url),
    });
    this.editor = new ModuleEditorState(api, {
      ids: deps.ids ?? randomIds,
      uploadMedia: deps.uploadMedia ?? ((options, id, blob) => uploadMedia(options, id, blob)),
    });
    this.transfer = new ImportExportState(api, urls);
    this.activity = new ActivityState(api);
    this.programme = new ProgrammeState(api);
    this.schools = new SchoolsState(api, deps.ids ?? randomIds);
    this.erasure = new ErasureRequestState(api);
  }

  async start(signal?: AbortSignal): Promise<void> {
    await Promise.all([
      this.library.search(signal),
      this.transfer.loadOwn(signal),
      this.activity.load(signal),
      this.programme.load(signal),
      this.schools.load(signal),
    ]);
  }

  edit(module: CoachingModule): void {
    this.editor.startEdit(module);
  }

  /** "Copy to edit": a new module pre-filled from this one, under an id nobody has. */
  copy(module: CoachingModule): void {
    const taken = [
      ...this.library.modules.map((summary) => summary.id),
      ...this.transfer.ownModules.map((summary) => summary.id),
      module.id,
    ];
    this.editor.startCopy(module, taken);
  }

  /** A module was created or saved: the library and the export list show it. */
  async saved(module: CoachingModule, signal?: AbortSignal): Promise<void> {
    this.library.show(module);
    await Promise.all([this.library.search(signal), this.transfer.loadOwn(signal)]);
  }

  async imported(signal?: AbortSignal): Promise<void> {
    await Promise.all([this.library.search(signal), this.transfer.loadOwn(signal)]);
  }

  dispose(): void {
    this.library.dispose();
    this.transfer.dispose();
  }
}
