import { describe, expect, it } from 'vitest';
import { engagementCsv, isEngaged } from '../../../../lti-tool/programme/engagement-csv.ts';
import type { EngagementRow } from '../../../../lti-tool/programme/ports.ts';

const row = (overrides: Partial<EngagementRow> = {}): EngagementRow => ({
  contextKey: 'course-key',
  courseTitle: 'Year 7 ECTs',
  userId: 'user-1',
  sourcedId: null,
  conversations: 1,
  observations: 0,
  rounds: 0,
  checkIns: 1,
  reflections: 0,
  extensionCheckIns: 1,
  ...overrides,
});
const period = { from: new Date('2026-01-01T00:00:00Z'), to: new Date('2026-04-01T00:00:00Z') };

describe('the engagement export', () => {
  it('calls a teacher engaged only when coached and practising in the period', () => {
    expect(isEngaged(row())).toBe(true);
    expect(isEngaged(row({ conversations: 0 }))).toBe(false);
    expect(isEngaged(row({ conversations: 0, observations: 1 }))).toBe(true);
    expect(isEngaged(row({ checkIns: 0, extensionCheckIns: 0 }))).toBe(false);
  });

  it('writes the period as its first and last days, and escapes what a spreadsheet would run', () => {
    const csv = engagementCsv(
      [row({ courseTitle: '=HYPERLINK("http://x")', userId: '+1', sourcedId: '@sis' })],
      period,
    );
    const [header, line] = csv.trim().split('\r\n');
    expect(header!.split(',')).toContain('engaged');
    expect(line).toBe(
      `"'=HYPERLINK(""http://x"")",course-key,'+1,'@sis,2026-01-01,2026-03-31,1,0,0,1,1,0,yes`,
    );
  });
});
