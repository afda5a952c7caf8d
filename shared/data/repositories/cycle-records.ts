import * as v from 'valibot';
import { IdSchema, IsoDateSchema } from '../../domain/coaching/text.ts';
import type { CycleRecordSave, CycleSaveAnswer } from '../../protocol/cycle-api.ts';
import { ConversationModelSchema, modelRecordingOf } from '../../domain/coaching/cycle.ts';
import type { CoachingDb, CycleSaveRef } from '../db.ts';
import { audioKey, audioRange, StoredDraftAudioSchema } from '../drafts.ts';
import { enqueueCycleSave } from '../outbox.ts';
import type { Clock, IdSource } from '../ports.ts';

/**
 * Where a record is: `draft` (typed on this device, not sent; may be incomplete), `queued`
 * (complete, waiting in the outbox), `sent` (the server has `baseVersion`), `conflict` (another
 * device saved a newer version first: `theirs` holds it, this device's text is kept), `refused`
 * (the server said no, for good: `problem` says why).
 */
export const CycleRecordStateSchema = v.picklist(['draft', 'queued', 'sent', 'conflict', 'refused']);
export type CycleRecordState = v.InferOutput<typeof CycleRecordStateSchema>;

const LocalCycleRecordSchema = v.object({
  kind: v.picklist(['observation', 'conversation']),
  id: IdSchema,
  teacherId: v.pipe(v.string(), v.nonEmpty()),
  /** What the form holds: a complete input once queued, anything the form can read back before. */
  record: v.unknown(),
  state: CycleRecordStateSchema,
  /** The server version this text was edited from (0: never saved). */
  baseVersion: v.pipe(v.number(), v.integer(), v.minValue(0)),
  /** The id of the save in flight (queued), so a resend after a lost answer is the same save. */
  changeId: v.nullable(IdSchema),
  theirs: v.nullable(v.object({ version: v.number(), record: v.unknown() })),
  problem: v.string(),
  updatedAt: IsoDateSchema,
});
export type LocalCycleRecord = v.InferOutput<typeof LocalCycleRecordSchema>;

export interface CycleRecordRepository {
  get(id: string): Promise<LocalCycleRecord | null>;
  /** A teacher's records on this device, newest edit first. */
  forTeacher(teacherId: string): Promise<LocalCycleRecord[]>;
  /**
   * Keeps what the coach typed, as a draft (on every change: nothing is lost if the connection or
   * the battery goes). Editing a record that waits to be sent takes it back to a draft: it is sent
   * when the coach saves again.
   */
  saveDraft(draft: Pick<LocalCycleRecord, 'kind' | 'id' | 'teacherId' | 'record'>): Promise<void>;
  /**
   * Queues the record to be sent as `record` (already validated by the caller), writing it and
   * its outbox entry in one transaction.
   */
  submit(ref: CycleSaveRef & { teacherId: string }, record: unknown): Promise<LocalCycleRecord>;
  /** After a conflict: send this device's text over the newer version (now its base). */
  keepMine(id: string): Promise<LocalCycleRecord | null>;
  /** After a conflict: take the other device's version; this device's text is dropped. */
  takeTheirs(id: string): Promise<LocalCycleRecord | null>;
  discard(id: string): Promise<void>;
  /**
   * Keeps a recording made for the record (a coach's model) on this device, replacing any other
   * take of it; null drops it. Written apart from the record, so typing never rewrites megabytes.
   * It stays until the server has the record, and is uploaded just before it.
   */
  keepRecording(id: string, take: { id: string; blob: Blob } | null): Promise<void>;
  /** A recording kept for the record, or null if this device has none by that id. */
  recording(id: string, takeId: string): Promise<Blob | null>;
}

function readable(value: unknown): LocalCycleRecord | null {
  const parsed = v.safeParse(LocalCycleRecordSchema, value);
  return parsed.success ? parsed.output : null;
}

export function createCycleRecordRepository(
  db: CoachingDb,
  deps: { clock: Clock; ids: IdSource },
): CycleRecordRepository {
  const now = () => deps.clock.now().toISOString();

  /** Requeues a record in one transaction with its outbox entry. */
  async function queue(record: LocalCycleRecord): Promise<LocalCycleRecord> {
    const queued: LocalCycleRecord = {
      ...record,
      state: 'queued',
      changeId: deps.ids.newId(),
      problem: '',
      updatedAt: now(),
    };
    const tx = db.transaction(['cycleRecords', 'outbox'], 'readwrite');
    await tx.objectStore('cycleRecords').put(queued);
    await enqueueCycleSave(tx, { kind: record.kind, id: record.id });
    await tx.done;
    return queued;
  }

  return {
    get: async (id) => readable(await db.get('cycleRecords', id)),

    async forTeacher(teacherId) {
      const all = await db.getAllFromIndex('cycleRecords', 'by-teacher', teacherId);
      return all
        .flatMap((value) => readable(value) ?? [])
        .sort((a, b) => b.updatedAt.localeCompare(a.updatedAt));
    },

    async saveDraft(draft) {
      const tx = db.transaction('cycleRecords', 'readwrite');
      const existing = readable(await tx.store.get(draft.id));
      await tx.store.put({
        baseVersion: 0,
        theirs: null,
        problem: '',
        ...existing,
        ...draft,
        // A conflict stays one until the coach chooses. Anything else is a draft again, even one
        // waiting to be sent: its outbox entry then sends nothing, so half-typed text never leaves.
        state: existing?.state === 'conflict' ? 'conflict' : 'draft',
        changeId: null,
        updatedAt: now(),
      } satisfies LocalCycleRecord);
      await tx.done;
    },

    async submit(ref, record) {
      const existing = readable(await db.get('cycleRecords', ref.id));
      return queue({
        baseVersion: 0,
        theirs: null,
        ...existing,
        kind: ref.kind,
        id: ref.id,
        teacherId: ref.teacherId,
        record,
        state: 'queued',
        changeId: null,
        problem: '',
        updatedAt: now(),
      });
    },

    async keepMine(id) {
      const existing = readable(await db.get('cycleRecords', id));
      if (existing?.state !== 'conflict' || !existing.theirs) return existing;
      return queue({ ...existing, baseVersion: existing.theirs.version, theirs: null });
    },

    async takeTheirs(id) {
      const existing = readable(await db.get('cycleRecords', id));
      if (existing?.state !== 'conflict' || !existing.theirs) return existing;
      const taken: LocalCycleRecord = {
        ...existing,
        record: existing.theirs.record,
        baseVersion: existing.theirs.version,
        theirs: null,
        state: 'sent',
        changeId: null,
        updatedAt: now(),
      };
      await db.put('cycleRecords', taken);
      return taken;
    },

    async discard(id) {
      const tx = db.transaction(['cycleRecords', 'draftAudio'], 'readwrite');
      await Promise.all([
        tx.objectStore('cycleRecords').delete(id),
        tx.objectStore('draftAudio').delete(audioRange(recordingsOf(id))),
        tx.done,
      ]);
    },

    async keepRecording(id, take) {
      // Read before the transaction: awaiting a Blob inside one would end it.
      const stored = take
        ? { id: take.id, type: take.blob.type, bytes: await take.blob.arrayBuffer() }
        : null;
      const tx = db.transaction('draftAudio', 'readwrite');
      await tx.store.delete(audioRange(recordingsOf(id)));
      if (stored) await tx.store.put(stored, audioKey(recordingsOf(id), stored.id));
      await tx.done;
    },

    recording: (id, takeId) => storedRecording(db, id, takeId),
  };
}

/** A cycle record's recordings share the practice drafts' store, under a key space of their own. */
const recordingsOf = (recordId: string) => `cycle-record:${recordId}`;

async function storedRecording(db: CoachingDb, recordId: string, takeId: string): Promise<Blob | null> {
  const parsed = v.safeParse(
    StoredDraftAudioSchema,
    await db.get('draftAudio', audioKey(recordingsOf(recordId), takeId)),
  );
  return parsed.success && parsed.output.id === takeId
    ? new Blob([parsed.output.bytes], { type: parsed.output.type })
    : null;
}

/**
 * The file a queued save refers to that this device still holds (a model recorded offline): it is
 * uploaded first, so the record never names a file the server lacks. Null when there is none, or
 * the server has it already (the device dropped it when the record was saved).
 */
export async function uploadFor(
  db: CoachingDb,
  save: CycleRecordSave,
): Promise<{ id: string; blob: Blob } | null> {
  // Read defensively: a record queued by an older version of this page may have no model.
  const model = v.safeParse(
    ConversationModelSchema,
    save.kind === 'conversation' ? (save.body.record as { model?: unknown } | null)?.model : undefined,
  );
  const takeId = model.success ? modelRecordingOf(model.output) : null;
  const blob = takeId === null ? null : await storedRecording(db, save.id, takeId);
  return takeId !== null && blob ? { id: takeId, blob } : null;
}

/** The PUT a queued record is sent as; null if it is no longer waiting (sent, discarded…). */
export async function cycleSaveFor(db: CoachingDb, ref: CycleSaveRef): Promise<CycleRecordSave | null> {
  const record = readable(await db.get('cycleRecords', ref.id));
  if (record?.state !== 'queued' || record.changeId === null || record.kind !== ref.kind) return null;
  const body = { changeId: record.changeId, baseVersion: record.baseVersion, record: record.record };
  // The record was validated when it was queued; the server validates it again.
  return record.kind === 'observation'
    ? {
        kind: 'observation',
        id: record.id,
        body: body as Extract<CycleRecordSave, { kind: 'observation' }>['body'],
      }
    : {
        kind: 'conversation',
        id: record.id,
        body: body as Extract<CycleRecordSave, { kind: 'conversation' }>['body'],
      };
}

/** Records the server's answer (or its final refusal) on the record, if it is still the one sent. */
export async function settleCycleSave(
  db: CoachingDb,
  save: CycleRecordSave,
  outcome: CycleSaveAnswer | { status: 'refused'; message: string },
  clock: Clock,
): Promise<void> {
  const tx = db.transaction(['cycleRecords', 'draftAudio'], 'readwrite');
  const records = tx.objectStore('cycleRecords');
  const record = readable(await records.get(save.id));
  if (record?.state === 'queued' && record.changeId === save.body.changeId) {
    const updatedAt = clock.now().toISOString();
    if (outcome.status === 'saved') {
      // The server has the record and the recording it names: the device's copy can go.
      await tx.objectStore('draftAudio').delete(audioRange(recordingsOf(save.id)));
      await records.put({
        ...record,
        state: 'sent',
        baseVersion: outcome.version,
        changeId: null,
        updatedAt,
      });
    } else if (outcome.status === 'conflict') {
      await records.put({
        ...record,
        state: 'conflict',
        theirs: outcome.current,
        changeId: null,
        updatedAt,
      });
    } else {
      await records.put({
        ...record,
        state: 'refused',
        problem: outcome.message,
        changeId: null,
        updatedAt,
      });
    }
  }
  await tx.done;
}
