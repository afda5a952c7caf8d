import * as v from 'valibot';
import { CalendarDaySchema, IdSchema, IsoDateSchema, optionalText, requiredText } from './text.ts';

export const MAX_SUCCESS_CRITERIA = 5;

export const SuccessCriteriaSchema = v.pipe(
  v.array(requiredText('Each success criterion', 200), 'Success criteria must be a list'),
  v.minLength(1, 'Add at least one success criterion'),
  v.maxLength(MAX_SUCCESS_CRITERIA, `Keep to at most ${MAX_SUCCESS_CRITERIA} success criteria`),
);

/** What a coach (or a teacher in local-only mode) writes: ONE bite-sized step. */
export const ActionStepInputSchema = v.object({
  goal: requiredText('Goal (target performance)', 500),
  title: requiredText('Action step', 160),
  what: optionalText('What to do', 1000),
  successCriteria: SuccessCriteriaSchema,
  whenToPractise: requiredText('When to practise', 200),
  why: optionalText('Why it helps', 1000),
});
export type ActionStepInput = v.InferOutput<typeof ActionStepInputSchema>;

export const ActionStepStatusSchema = v.picklist(['current', 'archived']);
export type ActionStepStatus = v.InferOutput<typeof ActionStepStatusSchema>;

export const ActionStepSchema = v.object({
  ...ActionStepInputSchema.entries,
  id: IdSchema,
  teacherId: v.pipe(v.string(), v.nonEmpty(), v.maxLength(255)),
  status: ActionStepStatusSchema,
  setAt: IsoDateSchema,
  /**
   * When the coach checks back on it (set in a coaching conversation). Optional on the wire:
   * servers and extensions from before the coaching cycle neither send nor expect it.
   */
  checkBackOn: v.optional(v.nullable(CalendarDaySchema)),
  /**
   * When a coaching conversation found it secure: the step is archived then, and the next one
   * set. A secured step is still `archived`, so extensions from before read it as they always did.
   */
  securedAt: v.optional(v.nullable(IsoDateSchema)),
  /** Who secured it, by name (their coach), when the LMS gave one. */
  securedByName: v.optional(v.nullable(v.pipe(v.string(), v.maxLength(255)))),
});
export type ActionStep = v.InferOutput<typeof ActionStepSchema>;

/**
 * The one-current-step rule: making `next` current archives every other current
 * step of the same teacher. Pure; returns the whole new list.
 */
export function setCurrentActionStep(
  steps: readonly ActionStep[],
  next: Omit<ActionStep, 'status'>,
): ActionStep[] {
  const others = steps
    .filter((step) => step.id !== next.id)
    .map((step) =>
      step.teacherId === next.teacherId && step.status === 'current'
        ? { ...step, status: 'archived' as const }
        : step,
    );
  return [...others, { ...next, status: 'current' }];
}

/** The teacher's current step, or null. If data ever holds two, the most recently set wins. */
export function currentActionStep(steps: readonly ActionStep[], teacherId?: string): ActionStep | null {
  let best: ActionStep | null = null;
  for (const step of steps) {
    if (step.status !== 'current') continue;
    if (teacherId !== undefined && step.teacherId !== teacherId) continue;
    if (!best || step.setAt > best.setAt) best = step;
  }
  return best;
}
