import * as v from 'valibot';
import { IdSchema, IsoDateSchema } from '../../domain/coaching/text.ts';
import type { CycleRecordSave, CycleSaveAnswer } from '../../protocol/cycle-api.ts';
import type { CoachingDb, CycleSaveRef } from '../db.ts';
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

    discard: (id) => db.delete('cycleRecords', id),
  };
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
  const tx = db.transaction('cycleRecords', 'readwrite');
  const record = readable(await tx.store.get(save.id));
  if (record?.state === 'queued' && record.changeId === save.body.changeId) {
    const updatedAt = clock.now().toISOString();
    if (outcome.status === 'saved') {
      await tx.store.put({
        ...record,
        state: 'sent',
        baseVersion: outcome.version,
        changeId: null,
        updatedAt,
      });
    } else if (outcome.status === 'conflict') {
      await tx.store.put({
        ...record,
        state: 'conflict',
        theirs: outcome.current,
        changeId: null,
        updatedAt,
      });
    } else {
      await tx.store.put({
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
