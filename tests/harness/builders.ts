import type { ActionStepInput } from '../../shared/domain/coaching/action-step.ts';
import type { Change } from '../../shared/protocol/sync.ts';

let counter = 0;
/** Ids in the shape clients generate (UUIDs), unique within a test run. */
export function testId(): string {
  counter += 1;
  return `00000000-0000-4000-8000-${String(counter).padStart(12, '0')}`;
}

export function aStepInput(overrides: Partial<ActionStepInput> = {}): ActionStepInput {
  return {
    goal: 'Pupils start work promptly after the transition',
    title: 'Give a 3-step entry routine with a countdown',
    what: 'Script the routine; narrate the positive as pupils follow it.',
    successCriteria: [
      'Instructions fit on one slide',
      'Countdown from 5 with a pause',
      'Two pupils praised by name',
    ],
    whenToPractise: 'Period 3, after lunch',
    why: 'A predictable start frees attention for learning.',
    ...overrides,
  };
}

export function aSetStepChange(teacherId: string, overrides: Partial<ActionStepInput> = {}): Change {
  return {
    id: testId(),
    kind: 'set-action-step',
    madeAt: new Date().toISOString(),
    teacherId,
    stepId: testId(),
    step: aStepInput(overrides),
  };
}
