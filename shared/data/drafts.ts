import * as v from 'valibot';
import { CriterionJudgementSchema, type CriterionJudgement } from '../domain/coaching/practice.ts';
import { IdSchema, IsoDateSchema } from '../domain/coaching/text.ts';
import type { Draft, DraftContent } from '../protocol/practice-api.ts';
import type { CoachingDb, StoredDraft, StoredDraftAudio } from './db.ts';

/** A recording made for a draft. It stays on this device until the round is submitted. */
export interface DraftAudio {
  id: string;
  blob: Blob;
  /** The MIME type without parameters, e.g. `audio/webm`. */
  type: string;
  durationMs: number;
}

/** One practice round in progress: what was typed, judged and recorded, and whether the server has it. */
export interface PracticeDraft {
  /** Made when the draft starts, so every submit of this draft is the same round. */
  roundId: string;
  script: string;
  /** One entry per success criterion; null until judged. */
  selfAssessment: (CriterionJudgement | null)[];
  audio: DraftAudio | null;
  /** ISO timestamp of the last edit: the newest of this device's and the server's copy wins. */
  savedAt: string;
  /** True while the server has not got this `savedAt` of the text part. */
  dirty: boolean;
}

/** Practice drafts on this device, one per key (see draftKey). */
export interface DraftStore {
  load(key: string): Promise<PracticeDraft | null>;
  /** Stores the draft; the recording's bytes are only rewritten when the recording changed. */
  save(key: string, draft: PracticeDraft): Promise<void>;
  /** Clears `dirty` if the stored draft is still the one saved at `savedAt`; true if it did. */
  markSynced(key: string, savedAt: string): Promise<boolean>;
  delete(key: string): Promise<void>;
}

/** One draft per user, course and activity: `<bootstrap.storageKey>:<linkKey>`. */
export function draftKey(storageKey: string, linkKey: string): string {
  return `${storageKey}:${linkKey}`;
}

const StoredDraftSchema = v.object({
  roundId: IdSchema,
  script: v.string(),
  selfAssessment: v.array(v.nullable(CriterionJudgementSchema)),
  audio: v.nullable(
    v.object({
      id: IdSchema,
      type: v.string(),
      durationMs: v.pipe(v.number(), v.minValue(0)),
    }),
  ),
  savedAt: IsoDateSchema,
  dirty: v.boolean(),
});

export const StoredDraftAudioSchema = v.object({
  id: IdSchema,
  type: v.string(),
  // Cloned buffers may come from another realm, so check the tag rather than `instanceof`.
  bytes: v.custom<ArrayBuffer>(
    (value) => Object.prototype.toString.call(value) === '[object ArrayBuffer]',
    'bytes must be an ArrayBuffer',
  ),
});

function toStored(draft: PracticeDraft): StoredDraft {
  return {
    roundId: draft.roundId,
    script: draft.script,
    selfAssessment: [...draft.selfAssessment],
    audio: draft.audio
      ? { id: draft.audio.id, type: draft.audio.type, durationMs: draft.audio.durationMs }
      : null,
    savedAt: draft.savedAt,
    dirty: draft.dirty,
  };
}

/** Recordings are keyed `<draft key>\u0000<audio id>`: "is this take stored?" is a cheap key count. */
export const audioKey = (key: string, audioId: string): string => `${key}\u0000${audioId}`;
export const audioRange = (key: string): IDBKeyRange =>
  IDBKeyRange.bound(`${key}\u0000`, `${key}\u0000\uffff`);

/**
 * The IndexedDB draft store. A save is one transaction (it must finish even when called from
 * `pagehide`); a recording's bytes are written only when that take is not stored yet.
 * Unreadable records load as null (or without their recording), never throw.
 */
export function createDraftStore(db: CoachingDb): DraftStore {
  // Each take is read into memory once, before any transaction: awaiting a Blob inside one would end it.
  const bytes = new WeakMap<Blob, Promise<ArrayBuffer>>();
  const bytesOf = (blob: Blob): Promise<ArrayBuffer> => {
    let read = bytes.get(blob);
    if (!read) {
      read = blob.arrayBuffer();
      bytes.set(blob, read);
    }
    return read;
  };

  return {
    async load(key) {
      const tx = db.transaction(['drafts', 'draftAudio'], 'readonly');
      const raw = await tx.objectStore('drafts').get(key);
      const parsed = v.safeParse(StoredDraftSchema, raw);
      const stored = parsed.success ? parsed.output : null;
      const rawAudio = stored?.audio
        ? await tx.objectStore('draftAudio').get(audioKey(key, stored.audio.id))
        : undefined;
      await tx.done;
      if (!stored) {
        if (!parsed.success && raw !== undefined) {
          console.warn(`Skipped an unreadable practice draft: ${parsed.issues[0].message}`);
        }
        return null;
      }
      const audio = v.safeParse(StoredDraftAudioSchema, rawAudio);
      return {
        ...stored,
        audio:
          stored.audio && audio.success && audio.output.id === stored.audio.id
            ? { ...stored.audio, blob: new Blob([audio.output.bytes], { type: audio.output.type }) }
            : null,
      };
    },

    async save(key, draft) {
      const take = draft.audio;
      const audio: StoredDraftAudio | null = take
        ? { id: take.id, type: take.type, bytes: await bytesOf(take.blob) }
        : null;
      const tx = db.transaction(['drafts', 'draftAudio'], 'readwrite');
      const drafts = tx.objectStore('drafts');
      const audios = tx.objectStore('draftAudio');
      const work = (async () => {
        await drafts.put(toStored(draft), key);
        if (!audio) {
          await audios.delete(audioRange(key));
          return;
        }
        const ownKey = audioKey(key, audio.id);
        if ((await audios.count(ownKey)) > 0) return;
        // A new take replaces any other: delete the draft's recordings, then store this one.
        await audios.delete(audioRange(key));
        await audios.put(audio, ownKey);
      })();
      await Promise.all([work, tx.done]);
    },

    async markSynced(key, savedAt) {
      const tx = db.transaction('drafts', 'readwrite');
      const parsed = v.safeParse(StoredDraftSchema, await tx.store.get(key));
      let marked = false;
      if (parsed.success && parsed.output.savedAt === savedAt) {
        if (parsed.output.dirty) await tx.store.put({ ...parsed.output, dirty: false }, key);
        marked = true;
      }
      await tx.done;
      return marked;
    },

    async delete(key) {
      const tx = db.transaction(['drafts', 'draftAudio'], 'readwrite');
      await Promise.all([
        tx.objectStore('drafts').delete(key),
        tx.objectStore('draftAudio').delete(audioRange(key)),
        tx.done,
      ]);
    },
  };
}

/**
 * The `savedAt` for an edit made at `now`: strictly after `previous`, so "newest wins" and
 * "is this still the save the server confirmed" never tie within one millisecond.
 */
export function nextSavedAt(previous: string, now: Date): string {
  const last = previous ? Date.parse(previous) : 0;
  return new Date(Math.max(now.getTime(), (Number.isNaN(last) ? 0 : last) + 1)).toISOString();
}

/** The part of a draft the server keeps: recordings never leave the device before submit. */
export function draftContent(
  draft: Pick<PracticeDraft, 'roundId' | 'script' | 'selfAssessment'>,
): DraftContent {
  return { roundId: draft.roundId, script: draft.script, selfAssessment: [...draft.selfAssessment] };
}

/**
 * Which copy of a draft to continue: the newer `savedAt` wins (this device on a tie). When
 * the server's copy wins, this device's recording is kept: it exists nowhere else.
 */
export function reconcileDrafts(local: PracticeDraft | null, remote: Draft | null): PracticeDraft | null {
  if (!remote) return local ? { ...local, dirty: true } : null;
  const remoteNewer = !local || Date.parse(remote.savedAt) > Date.parse(local.savedAt);
  if (!remoteNewer) return { ...local, dirty: local.dirty || local.savedAt !== remote.savedAt };
  return {
    roundId: remote.content.roundId,
    script: remote.content.script,
    selfAssessment: [...remote.content.selfAssessment],
    audio: local?.audio ?? null,
    savedAt: remote.savedAt,
    dirty: false,
  };
}
