import { describe, expect, it } from 'vitest';
import { MAX_ATTEMPTS, nextScoreTimestamp, retryDelayMs } from '../../../lti-tool/grades/score-timing.ts';
import { scoresUrl } from '../../../lti-tool/lti/services/ags-client.ts';

describe('score timing', () => {
  it('is at least one whole second after the previous score', () => {
    const now = new Date('2026-11-22T10:00:00.400Z');
    expect(nextScoreTimestamp(null, now)).toBe('2026-11-22T10:00:00.000Z');
    expect(nextScoreTimestamp('2026-11-22T10:00:00.000Z', now)).toBe('2026-11-22T10:00:01.000Z');
    expect(nextScoreTimestamp('2026-11-22T10:00:05.000Z', now)).toBe('2026-11-22T10:00:06.000Z');
    expect(nextScoreTimestamp('2026-11-22T09:00:00.000Z', now)).toBe('2026-11-22T10:00:00.000Z');
  });

  it('backs off 30 s, doubling, capped at an hour', () => {
    expect([0, 1, 2].map(retryDelayMs)).toEqual([30_000, 60_000, 120_000]);
    expect(retryDelayMs(MAX_ATTEMPTS + 10)).toBe(3_600_000);
  });
});

describe('AGS URLs', () => {
  it('append /scores to the line item path, keeping its query', () => {
    expect(scoresUrl('https://lms.example/li/7?type_id=1')).toBe('https://lms.example/li/7/scores?type_id=1');
    expect(scoresUrl('https://lms.example/li/7/')).toBe('https://lms.example/li/7/scores');
  });
});
