import { describe, expect, it } from 'vitest';
import { formatPairingCode, minutesUntil } from '../../../../lti-tool/web/format.ts';

describe('formatPairingCode', () => {
  it.each([
    ['K7QM2XPD', 'K7QM-2XPD'],
    ['k7qm2xpd', 'K7QM-2XPD'],
    ['K7QM-2XPD', 'K7QM-2XPD'],
    ['ABC', 'ABC'],
  ])('%s → %s', (raw, formatted) => {
    expect(formatPairingCode(raw)).toBe(formatted);
  });
});

describe('minutesUntil', () => {
  const now = Date.parse('2025-01-06T10:00:00Z');
  it.each([
    ['2025-01-06T10:10:00Z', 10],
    ['2025-01-06T10:00:20Z', 1],
    ['2025-01-06T10:09:40Z', 10],
    ['2025-01-06T10:00:00Z', 0],
    ['2025-01-06T09:59:00Z', 0],
  ])('until %s is %i', (until, minutes) => {
    expect(minutesUntil(Date.parse(until), now)).toBe(minutes);
  });
});
