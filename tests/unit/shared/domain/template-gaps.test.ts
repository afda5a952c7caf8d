import * as v from 'valibot';
import { describe, expect, it } from 'vitest';
import { FeedbackInputSchema } from '../../../../shared/domain/coaching/practice.ts';
import { TEMPLATE_GAPS, templateGapIn } from '../../../../shared/domain/coaching/template-gaps.ts';

const feedback = (praise: string, nextStep = 'Point first, then speak') => ({
  praise,
  probe: 'What did the back row do?',
  nextStep,
  criteria: ['secure'],
});

describe('template gaps', () => {
  it('finds the first gap left in a text, wherever it sits', () => {
    expect(templateGapIn(`A ${TEMPLATE_GAPS.next} then ${TEMPLATE_GAPS.saw}`)).toEqual({
      gap: TEMPLATE_GAPS.next,
      at: 2,
    });
    expect(templateGapIn('No gaps here… only an ellipsis and [brackets]')).toBeNull();
  });

  it('refuses feedback that still holds a gap, and takes it once the coach wrote their own words', () => {
    const hollow = v.safeParse(FeedbackInputSchema, feedback(`You met it: ${TEMPLATE_GAPS.saw}`));
    expect(hollow.success).toBe(false);
    expect(hollow.issues?.[0]?.message).toBe(
      'Praise: replace [what you saw] with your own words before sending.',
    );
    expect(v.safeParse(FeedbackInputSchema, feedback('You met it: every name by 3')).success).toBe(true);
  });
});
