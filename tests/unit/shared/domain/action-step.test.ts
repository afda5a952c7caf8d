import * as v from 'valibot';
import { describe, expect, it } from 'vitest';
import {
  ActionStepInputSchema,
  currentActionStep,
  setCurrentActionStep,
  type ActionStep,
} from '../../../../shared/domain/coaching/action-step.ts';
import { DomainError } from '../../../../shared/domain/errors.ts';
import { parseOrThrow } from '../../../../shared/domain/validation.ts';
import { aStepInput } from '../../../harness/builders.ts';

function step(
  id: string,
  teacherId: string,
  setAt: string,
  status: ActionStep['status'] = 'current',
): ActionStep {
  return { ...aStepInput({ title: id }), id: `step-${id}-0000`, teacherId, setAt, status, what: '', why: '' };
}

describe('the one-current-step rule', () => {
  it("archives the teacher's previous current step and makes the new one current", () => {
    const before = [step('a', 't1', '2026-01-01T00:00:00.000Z')];
    const after = setCurrentActionStep(before, { ...step('b', 't1', '2026-01-02T00:00:00.000Z') });
    expect(after.filter((s) => s.status === 'current').map((s) => s.title)).toEqual(['b']);
    expect(after.find((s) => s.title === 'a')?.status).toBe('archived');
  });

  it("leaves other teachers' steps alone", () => {
    const before = [step('a', 't1', '2026-01-01T00:00:00.000Z'), step('x', 't2', '2026-01-01T00:00:00.000Z')];
    const after = setCurrentActionStep(before, step('b', 't1', '2026-01-02T00:00:00.000Z'));
    expect(after.find((s) => s.title === 'x')?.status).toBe('current');
  });

  it('keeps exactly one current step per teacher however many are set', () => {
    let steps: ActionStep[] = [];
    for (let i = 0; i < 20; i += 1) {
      steps = setCurrentActionStep(
        steps,
        step(String(i), i % 2 ? 't1' : 't2', `2026-01-01T00:00:${String(i).padStart(2, '0')}.000Z`),
      );
    }
    for (const teacher of ['t1', 't2']) {
      expect(steps.filter((s) => s.teacherId === teacher && s.status === 'current')).toHaveLength(1);
    }
    expect(steps).toHaveLength(20);
  });

  it('currentActionStep picks the most recently set current step', () => {
    const steps = [
      step('old', 't1', '2026-01-01T00:00:00.000Z'),
      step('new', 't2', '2026-02-01T00:00:00.000Z'),
      step('archived', 't1', '2026-03-01T00:00:00.000Z', 'archived'),
    ];
    expect(currentActionStep(steps)?.title).toBe('new');
    expect(currentActionStep(steps, 't1')?.title).toBe('old');
    expect(currentActionStep([], 't1')).toBeNull();
  });
});

describe('action step validation', () => {
  it('trims text and accepts 1 to 5 success criteria', () => {
    const parsed = v.parse(
      ActionStepInputSchema,
      aStepInput({ title: '  Cold call  ', successCriteria: ['one'] }),
    );
    expect(parsed.title).toBe('Cold call');
    expect(() =>
      v.parse(ActionStepInputSchema, aStepInput({ successCriteria: ['1', '2', '3', '4', '5'] })),
    ).not.toThrow();
  });

  it.each([
    [{ successCriteria: [] }, /successCriteria: Add at least one success criterion/],
    [{ successCriteria: ['1', '2', '3', '4', '5', '6'] }, /at most 5 success criteria/],
    [{ title: '   ' }, /title: Action step is required/],
    [{ whenToPractise: 'x'.repeat(201) }, /whenToPractise: When to practise must be at most 200/],
  ])('refuses %j with a message naming the field', (overrides, message) => {
    expect(() => parseOrThrow(ActionStepInputSchema, aStepInput(overrides as never), 'step')).toThrow(
      message,
    );
  });

  it('throws a DomainError with code invalid-input', () => {
    try {
      parseOrThrow(ActionStepInputSchema, {}, 'step');
      expect.unreachable();
    } catch (error) {
      expect(error).toBeInstanceOf(DomainError);
      expect((error as DomainError).code).toBe('invalid-input');
    }
  });
});
