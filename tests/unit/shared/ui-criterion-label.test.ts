import { describe, expect, it } from 'vitest';
import { criterionLabel } from '../../../shared/ui/criterion-label.ts';

describe('a criterion as a label before its judgement', () => {
  it('drops its own closing punctuation, so a colon can follow', () => {
    expect(criterionLabel('Pupils are silent when the timer arrives.')).toBe(
      'Pupils are silent when the timer arrives',
    );
    expect(criterionLabel('Did everyone start?!  ')).toBe('Did everyone start');
    expect(criterionLabel('Eyes on me: 3, 2, 1')).toBe('Eyes on me: 3, 2, 1');
  });
});
