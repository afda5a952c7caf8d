import { describe, expect, it } from 'vitest';
import {
  SCORE_MAXIMUM,
  matchesModuleFilter,
  scoreForReview,
  type ModuleDefinition,
} from '../../../../shared/domain/coaching/module.ts';

describe('scoreForReview', () => {
  it('gives full marks for a reviewed round when scoring is completion, whatever the judgements', () => {
    expect(scoreForReview('completion', ['not-yet', 'not-yet'])).toBe(SCORE_MAXIMUM);
    expect(scoreForReview('completion', [])).toBe(SCORE_MAXIMUM);
  });

  it.each([
    [['secure', 'secure', 'secure'], 100],
    [['secure', 'not-yet'], 50],
    [['not-yet', 'not-yet', 'not-yet'], 0],
    [['secure', 'not-yet', 'not-yet'], 33],
    [['secure', 'secure', 'not-yet'], 67],
    [['secure', 'secure', 'secure', 'not-yet', 'not-yet'], 60],
  ] as const)('scores %j as %i out of 100 under criteria scoring', (criteria, score) => {
    expect(scoreForReview('criteria', criteria)).toBe(score);
  });

  it('gives full marks under criteria scoring when there are no criteria to judge', () => {
    expect(scoreForReview('criteria', [])).toBe(SCORE_MAXIMUM);
  });

  it('always returns a whole number between 0 and the maximum', () => {
    for (let total = 1; total <= 5; total += 1) {
      for (let secured = 0; secured <= total; secured += 1) {
        const criteria = Array.from({ length: total }, (_, i): 'secure' | 'not-yet' =>
          i < secured ? 'secure' : 'not-yet',
        );
        const score = scoreForReview('criteria', criteria);
        expect(Number.isInteger(score)).toBe(true);
        expect(score).toBeGreaterThanOrEqual(0);
        expect(score).toBeLessThanOrEqual(SCORE_MAXIMUM);
      }
    }
  });
});

describe('matchesModuleFilter', () => {
  const module: Pick<ModuleDefinition, 'title' | 'summary' | 'phase' | 'theme' | 'targetPerformance'> = {
    title: 'A calm start after lunch',
    summary: 'Pupils start a task within two minutes.',
    phase: 'primary',
    theme: 'routines-and-behaviour',
    targetPerformance: 'Every pupil is writing when the register is taken.',
  };

  it('matches everything with an empty filter', () => {
    expect(matchesModuleFilter(module, {})).toBe(true);
    expect(matchesModuleFilter(module, { query: '   ', phase: '', theme: '' })).toBe(true);
  });

  it.each([
    ['a word in the title', 'lunch'],
    ['a word in the summary', 'minutes'],
    ['a word in the target performance', 'register'],
    ['any case', 'CALM'],
    ['part of a word', 'regist'],
    ['several words from different fields, in any order', 'register calm'],
  ])('finds %s', (_what, query) => {
    expect(matchesModuleFilter(module, { query })).toBe(true);
  });

  it('needs every word of the query to match', () => {
    expect(matchesModuleFilter(module, { query: 'calm questioning' })).toBe(false);
  });

  it('does not search the phase or theme names as text', () => {
    expect(matchesModuleFilter(module, { query: 'behaviour' })).toBe(false);
  });

  it('filters by theme exactly', () => {
    expect(matchesModuleFilter(module, { theme: 'routines-and-behaviour' })).toBe(true);
    expect(matchesModuleFilter(module, { theme: 'feedback' })).toBe(false);
  });

  it('filters by phase, and counts an all-phases module in every phase', () => {
    expect(matchesModuleFilter(module, { phase: 'primary' })).toBe(true);
    expect(matchesModuleFilter(module, { phase: 'secondary' })).toBe(false);
    const everywhere = { ...module, phase: 'all-phases' as const };
    expect(matchesModuleFilter(everywhere, { phase: 'early-years' })).toBe(true);
    expect(matchesModuleFilter(everywhere, { phase: 'further-education' })).toBe(true);
  });

  it('combines the query with the filters', () => {
    expect(
      matchesModuleFilter(module, { query: 'calm', phase: 'primary', theme: 'routines-and-behaviour' }),
    ).toBe(true);
    expect(matchesModuleFilter(module, { query: 'calm', theme: 'feedback' })).toBe(false);
    expect(matchesModuleFilter(module, { query: 'nothing-like-this', phase: 'primary' })).toBe(false);
  });
});
