import type { ActionStep } from '../../shared/domain/coaching/action-step.ts';
import type { Change, ChangeResult } from '../../shared/protocol/sync.ts';

/** A coach's offline change that sets a teacher's action step. */
export type SetStepChange = Extract<Change, { kind: 'set-action-step' }>;

/**
 * Whose steps a pull may return: a coach's course, one teacher in one course (their page), or
 * one teacher across their courses (their extension).
 */
export type StepScope =
  { tenant: string; contextKey: string; teacherId?: string } | { tenant: string; teacherId: string };

/** Action steps and the sequence they sync by (implemented by db/repositories/action-steps.ts). */
export interface ActionStepStore {
  /**
   * Archives the teacher's current step and stores the new one, recording the change id so a
   * repeat is a no-op (`duplicate`).
   */
  applySetStep(
    change: SetStepChange,
    actor: { tenant: string; contextKey: string; userId: string },
  ): Promise<ChangeResult>;
  /**
   * Up to `limit` steps changed after sequence number `since`, in sequence order; `cursor` is
   * where the next pull starts and `more` says whether it already has something.
   */
  pull(
    scope: StepScope,
    since: number,
    limit: number,
  ): Promise<{ cursor: string; steps: ActionStep[]; more: boolean }>;
  /**
   * A teacher's step and the course it belongs to: the one named by `stepId` if it is theirs
   * (at this institution), else their newest current step; null if neither.
   */
  ofTeacher(
    scope: { tenant: string; teacherId: string },
    stepId: string | null,
  ): Promise<{ step: ActionStep; contextKey: string } | null>;
  current(scope: { tenant: string; contextKey: string; teacherId: string }): Promise<ActionStep | null>;
}
