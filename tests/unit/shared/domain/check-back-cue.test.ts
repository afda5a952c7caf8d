import { describe, expect, it } from 'vitest';
import { checkBackCue, localDay } from '../../../../shared/domain/coaching/check-back-cue.ts';

describe('the check-back cue beside a teacher’s step', () => {
  const today = '2026-12-02'; // a Wednesday
  it.each([
    ['2026-12-02', 'Coach checks back today'],
    ['2026-12-03', 'Coach checks back tomorrow'],
    ['2026-12-04', 'Coach checks back Fri'],
    ['2026-12-14', 'Coach checks back Mon 14 Dec'],
    ['2026-11-30', 'Coach was due to check back Mon 30 Nov'],
  ])('%s reads "%s"', (day, cue) => {
    expect(checkBackCue(day, today, 'en-GB')).toBe(cue);
  });

  it('takes today from the local calendar, not UTC', () => {
    expect(localDay(new Date(2026, 11, 2, 23, 59))).toBe('2026-12-02');
    expect(localDay(new Date(2026, 0, 5, 0, 1))).toBe('2026-01-05');
  });
});
