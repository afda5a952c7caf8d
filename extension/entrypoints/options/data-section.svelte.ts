import type { ExportedData } from '../../../shared/protocol/messages.ts';
import type { OverviewState } from '../../state/overview-state.svelte.ts';

/** Saves a file the way a web page can: an object URL behind a temporary `<a download>`. */
export type SaveFile = (name: string, contents: string) => void;

export const saveWithObjectUrl: SaveFile = (name, contents) => {
  const url = URL.createObjectURL(new Blob([contents], { type: 'application/json' }));
  const link = document.createElement('a');
  link.href = url;
  link.download = name;
  link.hidden = true;
  document.body.append(link);
  try {
    link.click();
  } finally {
    link.remove();
    URL.revokeObjectURL(url);
  }
};

export function exportFileName(exported: ExportedData): string {
  return `action-step-coach-${exported.exportedAt.slice(0, 10)}.json`;
}

/** "Your data": export to a file, and delete everything after a confirm step. */
export class DataSectionState {
  #confirming = $state(false);
  #message = $state('');
  #failed = $state(false);
  readonly #overview: OverviewState;
  readonly #save: SaveFile;

  constructor(overview: OverviewState, save: SaveFile = saveWithObjectUrl) {
    this.#overview = overview;
    this.#save = save;
  }

  /** True while the "Delete everything?" confirmation is showing. */
  get confirming(): boolean {
    return this.#confirming;
  }

  get message(): string {
    return this.#message;
  }

  get failed(): boolean {
    return this.#failed;
  }

  #say(message: string, failed = false): void {
    this.#message = message;
    this.#failed = failed;
  }

  async exportData(): Promise<void> {
    this.#say('Preparing your data…');
    const response = await this.#overview.run({ type: 'export-data' });
    if (!response.ok) return this.#say(response.error.message, true);
    if (!response.exported) return this.#say('The extension sent no data to export.', true);
    const name = exportFileName(response.exported);
    this.#save(name, `${JSON.stringify(response.exported, null, 2)}\n`);
    this.#say(`Saved ${name}.`);
  }

  askToDelete(): void {
    this.#confirming = true;
    this.#say('');
  }

  cancelDelete(): void {
    this.#confirming = false;
    this.#say('Nothing was deleted.');
  }

  async confirmDelete(): Promise<void> {
    this.#confirming = false;
    this.#say('Deleting…');
    const response = await this.#overview.run({ type: 'delete-everything' });
    if (response.ok)
      this.#say('Everything this extension kept is deleted, and this browser is disconnected.');
    else this.#say(response.error.message, true);
  }
}
