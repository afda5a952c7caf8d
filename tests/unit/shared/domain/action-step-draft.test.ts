import { describe, expect, it } from 'vitest';
import {
  criteriaFromText,
  parseActionStepDraft,
  type ActionStepDraft,
} from '../../../../shared/domain/coaching/action-step-draft.ts';

const draft = (overrides: Partial<ActionStepDraft> = {}): ActionStepDraft => ({
  goal: 'Pupils answer in full sentences',
  title: 'Say "Say it again, in a sentence"',
  what: '',
  successCriteria: 'Used at least 3 times\n\nPupil repeats in a full sentence\n',
  whenToPractise: 'Year 9 science, Thursday',
  why: '',
  ...overrides,
});

describe('action step drafts (what a person typed)', () => {
  it('reads one criterion per line, ignoring blank lines and Windows line ends', () => {
    expect(criteriaFromText(' a \r\n\r\nb\n')).toEqual(['a', 'b']);
  });

  it('parses a complete draft', () => {
    const result = parseActionStepDraft(draft());
    expect(result.ok && result.step.successCriteria).toEqual([
      'Used at least 3 times',
      'Pupil repeats in a full sentence',
    ]);
  });

  it('names the field of every problem, and the line of a bad criterion', () => {
    const result = parseActionStepDraft(draft({ title: '', successCriteria: `ok\n${'x'.repeat(201)}` }));
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.errors).toEqual([
      { field: 'title', message: 'Action step is required' },
      { field: 'successCriteria', message: 'Line 2: Each success criterion must be at most 200 characters' },
    ]);
  });
});
