import type { BlobStore } from '../media/ports.ts';
import type { Writable } from 'node:stream';
import type { CoachingModule } from '../../shared/domain/coaching/module.ts';
import type { AllowedFor } from '../core/policy.ts';
import { fileNameFor } from '../media/media-types.ts';
import type { ModuleCatalogue } from '../modules/module-catalogue.ts';
import { writeZip, type ArchiveEntry } from './export-archive.ts';
import { renderExportPage } from './export-page.ts';
import type { PersonAt, PersonalData, PersonalDataStore } from './ports.ts';

/** What data.json is: its format, when it was made, whose it is, then everything (ports.ts PersonalData). */
export const EXPORT_FORMAT = 'coaching-data/1';

/** A teacher's download, read and ready to be written as a ZIP. */
export interface PreparedExport {
  /** The name the browser saves it as. */
  fileName: string;
  write(out: Writable): Promise<void>;
}

const utf8 = (text: string) => new TextEncoder().encode(text);

/**
 * The right of access (docs/privacy.md "Download"): everything the tool holds about a teacher at
 * their institution, across their courses, as data.json (for programs), index.html (for people)
 * and their recordings as files. Streamed: recordings are read one at a time as they are written.
 */
export function createExportService(deps: {
  store: PersonalDataStore;
  blobs: Pick<BlobStore, 'get'>;
  modules: Pick<ModuleCatalogue, 'cachedFinder'>;
  now: () => Date;
}) {
  return {
    async prepare(teacher: AllowedFor<'data.exportOwn'>): Promise<PreparedExport> {
      const person: PersonAt = { tenant: teacher.tenant, userId: teacher.userId };
      const data: PersonalData = await deps.store.collect(person);
      const generatedAt = deps.now();
      const find = deps.modules.cachedFinder(person.tenant);
      const modules = new Map<string, CoachingModule | null>();
      for (const round of data.practiceRounds) {
        if (!modules.has(round.moduleId)) modules.set(round.moduleId, await find(round.moduleId));
      }
      const recordingFiles = new Map(
        data.recordings.map((media) => [media.id, `recordings/${fileNameFor(media.contentType, media.id)}`]),
      );
      const json = JSON.stringify(
        { format: EXPORT_FORMAT, generatedAt: generatedAt.toISOString(), userId: person.userId, ...data },
        null,
        2,
      );
      const page = renderExportPage(data, { generatedAt, recordingFiles, modules });
      async function* entries(): AsyncGenerator<ArchiveEntry> {
        yield { name: 'index.html', bytes: utf8(page), compress: true };
        yield { name: 'data.json', bytes: utf8(json), compress: true };
        for (const [id, name] of recordingFiles) {
          const key = await deps.store.blobKeyOf(person, id);
          const stream = key && (await deps.blobs.get(key));
          const bytes = stream && Buffer.concat((await stream.toArray()) as Buffer[]);
          // Deleted since it was listed (retention, at this very moment): the page says no recording.
          if (bytes) yield { name, bytes, compress: false };
        }
      }
      return {
        fileName: `coaching-data-${generatedAt.toISOString().slice(0, 10)}.zip`,
        write: (out) => writeZip(out, entries(), generatedAt),
      };
    },
  };
}
export type ExportService = ReturnType<typeof createExportService>;
