import type { ActionStep } from '../../shared/domain/coaching/action-step.ts';
import type { ChangeResult, PullResponse } from '../../shared/protocol/sync.ts';
import type { ContextStore } from '../core/contexts.ts';
import { can, scopeOf, type AllowedFor } from '../core/policy.ts';
import type { Principal } from '../core/principal.ts';
import type { ActionStepStore, SetStepChange, StepScope } from './ports.ts';

export interface StepServiceDeps {
  steps: ActionStepStore;
  /** Who is a teacher of a course: a coach sets steps for those only. */
  courses: Pick<ContextStore, 'isTeacherIn'>;
}

/**
 * Action steps: coaches set them (pushed as offline changes), teachers and their extensions
 * read them. Every read is narrowed to what the policy table lets the reader see.
 */
export function createStepService(deps: StepServiceDeps) {
  /** Applies a batch in order; each change gets its own answer, so an outbox can settle every entry. */
  async function push(principal: Principal, changes: readonly SetStepChange[]): Promise<ChangeResult[]> {
    const results: ChangeResult[] = [];
    for (const change of changes) {
      if (!can(principal, 'steps.set')) {
        results.push({
          changeId: change.id,
          status: 'rejected',
          message: 'Only a coach can set an action step.',
        });
        continue;
      }
      if (!(await deps.courses.isTeacherIn(principal.contextKey, change.teacherId))) {
        results.push({
          changeId: change.id,
          status: 'rejected',
          message: 'That teacher is not in this course.',
        });
        continue;
      }
      results.push(await deps.steps.applySetStep(change, principal));
    }
    return results;
  }

  /** The steps the reader may see: a coach their course's; a teacher their own there; a device its teacher's everywhere. */
  function scopeFor(reader: AllowedFor<'steps.read'>): StepScope {
    if (reader.kind === 'device') return { tenant: reader.tenant, teacherId: reader.userId };
    return scopeOf(reader, 'steps.read') === 'course'
      ? { tenant: reader.tenant, contextKey: reader.contextKey }
      : { tenant: reader.tenant, contextKey: reader.contextKey, teacherId: reader.userId };
  }

  return {
    push,

    /** A page of what this reader may see after `since`; `more` tells the client to pull again at once. */
    pull: (reader: AllowedFor<'steps.read'>, since: number, limit: number): Promise<PullResponse> =>
      deps.steps.pull(scopeFor(reader), since, limit),

    /** A teacher's own current step in the course of their page. */
    current: (teacher: AllowedFor<'steps.readOwn'>): Promise<ActionStep | null> =>
      deps.steps.current({
        tenant: teacher.tenant,
        contextKey: teacher.contextKey,
        teacherId: teacher.userId,
      }),
  };
}
export type StepService = ReturnType<typeof createStepService>;
