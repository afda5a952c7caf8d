import * as v from 'valibot';
import { describe, expect, it } from 'vitest';
import { ModelSchema } from '../../../../shared/domain/coaching/model.ts';
import {
  RehearsalSchema,
  securedCount,
  securedPerRound,
  type Feedback,
} from '../../../../shared/domain/coaching/practice.ts';

const feedback = (criteria: Feedback['criteria']): Feedback => ({
  praise: 'Clear signal',
  probe: 'What did you notice?',
  nextStep: 'Pause longer',
  criteria,
  coachName: 'Coach',
  givenAt: '2026-01-01T00:00:00.000Z',
});

describe('deliberate practice', () => {
  it('counts the criteria the coach judged secure', () => {
    expect(securedCount({ criteria: ['secure', 'not-yet', 'secure'] })).toBe(2);
  });

  it('charts secured criteria per round in round order, leaving unreviewed rounds empty', () => {
    expect(
      securedPerRound([
        { roundNumber: 2, feedback: null },
        { roundNumber: 1, feedback: feedback(['secure', 'not-yet']) },
      ]),
    ).toEqual([
      { roundNumber: 1, secured: 1, total: 2 },
      { roundNumber: 2, secured: null, total: null },
    ]);
  });

  it('needs a script or a recording in every rehearsal', () => {
    expect(v.is(RehearsalSchema, { script: '', audioId: null })).toBe(false);
    expect(v.is(RehearsalSchema, { script: '  ' })).toBe(false);
    expect(v.is(RehearsalSchema, { script: 'Eyes on me in 3, 2, 1' })).toBe(true);
    expect(v.is(RehearsalSchema, { script: '', audioId: 'audio-12345678' })).toBe(true);
  });

  it('accepts written and performed models, and refuses script URLs', () => {
    expect(v.is(ModelSchema, { kind: 'product', text: 'A scripted opening' })).toBe(true);
    expect(v.is(ModelSchema, { kind: 'performance', mediaUrl: 'https://video.example/1' })).toBe(true);
    expect(v.is(ModelSchema, { kind: 'performance', mediaUrl: 'javascript:alert(1)' })).toBe(false);
    expect(v.is(ModelSchema, { kind: 'performance', mediaUrl: 'http://video.example/1' })).toBe(false);
  });
});
