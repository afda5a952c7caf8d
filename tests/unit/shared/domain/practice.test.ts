import { describe, expect, it } from 'vitest';
import { ModelSchema } from '../../../../shared/domain/coaching/model.ts';
import {
  nextRoundNumber,
  securedCount,
  type PracticeRound,
} from '../../../../shared/domain/coaching/practice.ts';
import * as v from 'valibot';

const round = (actionStepId: string, roundNumber: number): PracticeRound => ({
  id: `round-${actionStepId}-${roundNumber}`,
  actionStepId,
  roundNumber,
  rehearsal: 'script',
  selfAssessment: [],
  submittedAt: '2026-01-01T00:00:00.000Z',
});

describe('deliberate practice', () => {
  it('numbers rounds per action step', () => {
    const rounds = [round('stepaaaa', 1), round('stepaaaa', 2), round('stepbbbb', 1)];
    expect(nextRoundNumber(rounds, 'stepaaaa')).toBe(3);
    expect(nextRoundNumber(rounds, 'stepcccc')).toBe(1);
  });

  it('counts criteria judged secure', () => {
    expect(securedCount({ criteria: ['secure', 'not-yet', 'secure'] })).toBe(2);
  });

  it('models are product-based text or performance-based https media', () => {
    expect(v.is(ModelSchema, { kind: 'product', text: 'A scripted opening' })).toBe(true);
    expect(v.is(ModelSchema, { kind: 'performance', mediaUrl: 'https://video.example/1' })).toBe(true);
    expect(v.is(ModelSchema, { kind: 'performance', mediaUrl: 'javascript:alert(1)' })).toBe(false);
  });
});
