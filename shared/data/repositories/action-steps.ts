import { setCurrentActionStep, currentActionStep } from '../../domain/coaching/action-step.ts';
import type { ActionStep, ActionStepInput } from '../../domain/coaching/action-step.ts';
import type { CoachingDb } from '../db.ts';
import { enqueueChange } from '../outbox.ts';
import type { Clock, IdSource } from '../ports.ts';

export const LOCAL_TEACHER_ID = 'local';

export interface ActionStepRepository {
  all(): Promise<ActionStep[]>;
  current(teacherId?: string): Promise<ActionStep | null>;
  /** A coach sets a teacher's step: stored locally and queued for the server in one transaction. */
  setForTeacher(teacherId: string, input: ActionStepInput): Promise<ActionStep>;
  /** Local-only mode: the teacher's own step, never queued for any server. */
  setLocal(input: ActionStepInput): Promise<ActionStep>;
  /** Apply what the server sent, by id (server state wins for what it sends). */
  applyFromServer(steps: readonly ActionStep[]): Promise<void>;
}

export function createActionStepRepository(
  db: CoachingDb,
  deps: { clock: Clock; ids: IdSource },
): ActionStepRepository {
  async function write(teacherId: string, input: ActionStepInput, queue: boolean): Promise<ActionStep> {
    const tx = db.transaction(['steps', 'outbox'], 'readwrite');
    const steps = tx.objectStore('steps');
    const existing = await steps.index('by-teacher').getAll(teacherId);
    const setAt = deps.clock.now().toISOString();
    const next = { ...input, id: deps.ids.newId(), teacherId, setAt };
    const updated = setCurrentActionStep(existing, next);
    for (const step of updated) await steps.put(step);
    if (queue) {
      await enqueueChange(tx, {
        id: deps.ids.newId(),
        kind: 'set-action-step',
        madeAt: setAt,
        teacherId,
        stepId: next.id,
        step: input,
      });
    }
    await tx.done;
    return { ...next, status: 'current' };
  }

  return {
    all: () => db.getAll('steps'),
    current: async (teacherId) => currentActionStep(await db.getAll('steps'), teacherId),
    setForTeacher: (teacherId, input) => write(teacherId, input, true),
    setLocal: (input) => write(LOCAL_TEACHER_ID, input, false),
    async applyFromServer(steps) {
      const tx = db.transaction('steps', 'readwrite');
      await Promise.all([...steps.map((step) => tx.store.put(step)), tx.done]);
    },
  };
}
