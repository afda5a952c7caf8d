import { describe, expect, it } from 'vitest';
import { rangeOf } from '../../../../lti-tool/http/byte-range.ts';

describe('HTTP byte ranges of a 1,000-byte file', () => {
  it('reads a-b, a- and -n, clamped to the file', () => {
    expect(rangeOf('bytes=0-99', 1000)).toEqual({ start: 0, end: 99 });
    expect(rangeOf('bytes=900-', 1000)).toEqual({ start: 900, end: 999 });
    expect(rangeOf('bytes=-100', 1000)).toEqual({ start: 900, end: 999 });
    expect(rangeOf('bytes=990-5000', 1000)).toEqual({ start: 990, end: 999 });
    expect(rangeOf('bytes=-5000', 1000)).toEqual({ start: 0, end: 999 });
  });

  it('serves it all for no range, another unit, several ranges or a backwards one', () => {
    for (const header of [
      undefined,
      '',
      'items=0-1',
      'bytes=0-1,5-9',
      'bytes=50-10',
      'bytes=-',
      'bytes=a-b',
    ]) {
      expect(rangeOf(header, 1000)).toBeNull();
    }
  });

  it('refuses a range wholly past the end (416)', () => {
    expect(rangeOf('bytes=1000-', 1000)).toBe('unsatisfiable');
    expect(rangeOf('bytes=-0', 1000)).toBe('unsatisfiable');
  });
});
