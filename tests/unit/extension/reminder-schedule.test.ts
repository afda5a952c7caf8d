// Local time is the browser's: pin it to a zone with a clock change before any Date is made.
process.env.TZ = 'Europe/London';

import { describe, expect, it } from 'vitest';
import {
  describeSlot,
  nextFireTime,
  nextReminder,
  ReminderSlotsSchema,
  type ReminderSlot,
} from '../../../extension/services/reminders/schedule.ts';
import * as v from 'valibot';

const slot = (day: number, time: string, id = `s${day}-${time.replace(':', '')}`): ReminderSlot => ({
  id,
  day,
  time,
});
/** A local wall-clock time in Europe/London. */
const local = (y: number, m: number, d: number, h = 0, min = 0) => new Date(y, m - 1, d, h, min);
const wall = (date: Date) =>
  `${date.getFullYear()}-${date.getMonth() + 1}-${date.getDate()} ${date.getHours()}:${String(date.getMinutes()).padStart(2, '0')} day ${date.getDay()}`;

describe('next fire time of a weekly slot (browser local time)', () => {
  it('runs in a zone with a clock change (sanity check of the test setup)', () => {
    expect(local(2026, 1, 15).getTimezoneOffset()).toBe(0);
    expect(local(2026, 7, 15).getTimezoneOffset()).toBe(-60);
  });

  it.each([
    // now (Monday 9 March 2026, 09:00), slot, expected
    ['later the same day', local(2026, 3, 9, 9), slot(1, '10:40'), '2026-3-9 10:40 day 1'],
    ['tomorrow', local(2026, 3, 9, 9), slot(2, '10:40'), '2026-3-10 10:40 day 2'],
    ['earlier today: next week', local(2026, 3, 9, 11), slot(1, '10:40'), '2026-3-16 10:40 day 1'],
    ['exactly now: next week', local(2026, 3, 9, 10, 40), slot(1, '10:40'), '2026-3-16 10:40 day 1'],
    [
      'Sunday from Saturday, across a month end',
      local(2026, 2, 28, 23),
      slot(0, '08:00'),
      '2026-3-1 8:00 day 0',
    ],
    ['across a year end', local(2026, 12, 31, 12), slot(5, '07:05'), '2027-1-1 7:05 day 5'],
  ])('%s', (_name, now, s, expected) => {
    expect(wall(nextFireTime(s, now))).toBe(expected);
  });

  it('keeps the wall-clock time across the spring clock change (29 March 2026)', () => {
    const now = local(2026, 3, 24, 11); // Tuesday, GMT
    const next = nextFireTime(slot(2, '10:40'), now);
    expect(wall(next)).toBe('2026-3-31 10:40 day 2');
    // A week of wall-clock time is one hour short of 7 × 24 h across the change.
    expect(next.getTime() - local(2026, 3, 24, 10, 40).getTime()).toBe((7 * 24 - 1) * 3_600_000);
    expect(next.getTimezoneOffset()).toBe(-60);
  });

  it('keeps the wall-clock time across the autumn clock change (25 October 2026)', () => {
    const now = local(2026, 10, 20, 11); // Tuesday, BST
    const next = nextFireTime(slot(2, '10:40'), now);
    expect(wall(next)).toBe('2026-10-27 10:40 day 2');
    expect(next.getTime() - local(2026, 10, 20, 10, 40).getTime()).toBe((7 * 24 + 1) * 3_600_000);
  });

  it('moves a time inside the spring-forward gap to the first real time, that day', () => {
    const next = nextFireTime(slot(0, '01:30'), local(2026, 3, 28, 12));
    expect(next.getDate()).toBe(29);
    expect(next.getHours()).toBe(2);
    expect(next.getTime()).toBeGreaterThan(local(2026, 3, 28, 12).getTime());
  });

  it('picks the soonest slot, and none from an empty list', () => {
    const now = local(2026, 3, 11, 12); // Wednesday
    const soonest = nextReminder([slot(2, '10:40'), slot(4, '09:00'), slot(3, '12:30')], now);
    expect(soonest?.slot.day).toBe(3);
    expect(wall(soonest!.at)).toBe('2026-3-11 12:30 day 3');
    expect(nextReminder([], now)).toBeNull();
  });

  it('validates slots: a few at most, real days and times', () => {
    expect(v.is(ReminderSlotsSchema, [slot(2, '10:40')])).toBe(true);
    expect(v.is(ReminderSlotsSchema, [slot(7, '10:40')])).toBe(false);
    expect(v.is(ReminderSlotsSchema, [slot(2, '24:00')])).toBe(false);
    expect(v.is(ReminderSlotsSchema, [slot(2, '9:40')])).toBe(false);
    expect(
      v.is(
        ReminderSlotsSchema,
        [0, 1, 2, 3, 4, 5].map((d) => slot(d, '10:40')),
      ),
    ).toBe(false);
    expect(describeSlot(slot(2, '10:40'))).toBe('Tuesdays 10:40');
  });
});
