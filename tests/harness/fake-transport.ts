import type { SyncTransport } from '../../shared/data/ports.ts';
import { SyncError } from '../../shared/data/errors.ts';
import type { ActionStep } from '../../shared/domain/coaching/action-step.ts';
import type { CheckInInput } from '../../shared/domain/coaching/practice.ts';
import type { CycleRecordSave, CycleSaveAnswer } from '../../shared/protocol/cycle-api.ts';
import type { Change, PullResponse, PushRequest, PushResponse } from '../../shared/protocol/sync.ts';

/**
 * An in-memory server with the real server's rules (idempotent pushes and check-ins, seq cursor),
 * plus switches to go offline or refuse changes and check-ins.
 */
export class FakeSyncServer implements SyncTransport {
  offline = false;
  refuse: ((change: Change) => string | null) | null = null;
  refuseCheckIn: ((checkIn: CheckInInput) => string | null) | null = null;
  readonly received: Change[] = [];
  /** Every check-in sent, repeats included; `checkIns` holds each one stored, once. */
  readonly receivedCheckIns: CheckInInput[] = [];
  readonly checkIns = new Map<string, CheckInInput>();
  #applied = new Set<string>();
  #rows: { step: ActionStep; seq: number }[] = [];
  #seq = 0;

  async push(request: PushRequest): Promise<PushResponse> {
    if (this.offline) throw new SyncError('offline', 'offline');
    const results = request.changes.map((change) => {
      this.received.push(change);
      if (this.#applied.has(change.id)) return { changeId: change.id, status: 'duplicate' as const };
      const refusal = this.refuse?.(change);
      if (refusal) return { changeId: change.id, status: 'rejected' as const, message: refusal };
      this.#applied.add(change.id);
      for (const row of this.#rows) {
        if (row.step.teacherId === change.teacherId && row.step.status === 'current') {
          row.step = { ...row.step, status: 'archived' };
          row.seq = ++this.#seq;
        }
      }
      this.#rows.push({
        step: {
          ...change.step,
          what: change.step.what ?? '',
          why: change.step.why ?? '',
          id: change.stepId,
          teacherId: change.teacherId,
          status: 'current',
          setAt: change.madeAt,
        },
        seq: ++this.#seq,
      });
      return { changeId: change.id, status: 'applied' as const };
    });
    return { results };
  }

  async checkIn(checkIn: CheckInInput): Promise<void> {
    if (this.offline) throw new SyncError('offline', 'offline');
    this.receivedCheckIns.push(checkIn);
    const refusal = this.refuseCheckIn?.(checkIn);
    if (refusal) throw new SyncError('rejected', refusal);
    if (!this.checkIns.has(checkIn.id)) this.checkIns.set(checkIn.id, checkIn);
  }

  /** Observations and conversations as the server keeps them: the version rule of PUT /api/… /:id. */
  readonly cycleRecords = new Map<string, { version: number; lastChangeId: string; record: unknown }>();
  /** Every cycle save sent, repeats included. */
  readonly receivedCycleSaves: CycleRecordSave[] = [];
  refuseCycleSave: ((save: CycleRecordSave) => string | null) | null = null;

  async saveCycleRecord(save: CycleRecordSave): Promise<CycleSaveAnswer> {
    if (this.offline) throw new SyncError('offline', 'offline');
    this.receivedCycleSaves.push(save);
    this.sent.push(`save:${save.id}`);
    const refusal = this.refuseCycleSave?.(save);
    if (refusal) throw new SyncError('rejected', refusal);
    const stored = this.cycleRecords.get(save.id);
    if (stored && stored.lastChangeId === save.body.changeId)
      return { status: 'saved', version: stored.version };
    if ((stored?.version ?? 0) !== save.body.baseVersion) {
      return {
        status: 'conflict',
        current: { version: stored?.version ?? 0, record: stored?.record ?? null },
      };
    }
    const version = (stored?.version ?? 0) + 1;
    this.cycleRecords.set(save.id, { version, lastChangeId: save.body.changeId, record: save.body.record });
    return { status: 'saved', version };
  }

  /** Uploads as the server keeps them: by id, once (a repeat is a no-op). */
  readonly media = new Map<string, { type: string; size: number }>();
  /** Every upload sent, repeats included, in order with the cycle saves (`upload:<id>`, `save:<id>`). */
  readonly sent: string[] = [];
  refuseUpload: ((id: string, blob: Blob) => string | null) | null = null;

  async uploadMedia(id: string, blob: Blob): Promise<void> {
    if (this.offline) throw new SyncError('offline', 'offline');
    this.sent.push(`upload:${id}`);
    const refusal = this.refuseUpload?.(id, blob);
    if (refusal) throw new SyncError('rejected', refusal);
    if (!this.media.has(id)) this.media.set(id, { type: blob.type, size: blob.size });
  }

  /** How many changes one pull returns at most (the real server pages too); `more` says there are others. */
  pageSize = 500;
  /** Cursors pulled from, in order. */
  readonly pulls: string[] = [];

  async pull(cursor: string): Promise<PullResponse> {
    if (this.offline) throw new SyncError('offline', 'offline');
    this.pulls.push(cursor);
    const since = Number(cursor);
    const all = this.#rows.filter((row) => row.seq > since).sort((a, b) => a.seq - b.seq);
    const rows = all.slice(0, this.pageSize);
    return {
      cursor: String(rows.at(-1)?.seq ?? since),
      steps: rows.map((row) => row.step),
      more: all.length > rows.length,
    };
  }
}

export const fixedClock = (iso = '2026-11-22T09:00:00.000Z') => ({ now: () => new Date(iso) });

export function sequentialIds(prefix = 'id') {
  let n = 0;
  return { newId: () => `${prefix}-${String(++n).padStart(8, '0')}` };
}
