import ICAL from 'ical.js';
import { describe, expect, it } from 'vitest';
import { buildCalendarFeed } from '../../../lti-tool/reminders/calendar-feed.ts';
import { composeDigest, periodOf } from '../../../lti-tool/reminders/digest.ts';
import type { CoachAgenda } from '../../../lti-tool/reminders/ports.ts';

const COACH = { tenant: 'tenant-1', contextKey: 'course-1', coachId: 'coach-1' };
const NOW = new Date('2026-01-07T15:30:00.000Z');

const events = (text: string) =>
  new ICAL.Component(ICAL.parse(text))
    .getAllSubcomponents('vevent')
    .map((component) => new ICAL.Event(component));

describe('the calendar feed builder', () => {
  const agenda: Pick<CoachAgenda, 'checkBacks' | 'plannedObservations'> = {
    checkBacks: [
      {
        teacherId: 't-1',
        teacherName: 'Ana\r\nX-INJECTED:1',
        stepTitle: 'Narrate; the, positive',
        on: '2026-01-09',
      },
      // The same entry twice is one event.
      {
        teacherId: 't-1',
        teacherName: 'Ana\r\nX-INJECTED:1',
        stepTitle: 'Narrate; the, positive',
        on: '2026-01-09',
      },
    ],
    plannedObservations: [{ teacherId: 't-1', teacherName: 'Ana', on: '2026-01-31' }],
  };

  it('writes all-day events that a real parser reads back, names and titles kept on one line', () => {
    const text = buildCalendarFeed({
      coach: COACH,
      agenda,
      name: 'Coaching:\nYear 7',
      domain: 'coach.example.org',
      now: NOW,
    });
    expect(text.endsWith('\r\n')).toBe(true);
    expect(text).not.toMatch(/^X-INJECTED/m);
    const calendar = new ICAL.Component(ICAL.parse(text));
    expect(calendar.getFirstPropertyValue('x-wr-calname')).toBe('Coaching: Year 7');
    expect(calendar.getFirstPropertyValue('method')).toBe('PUBLISH');
    const [checkBack, observation, ...rest] = events(text);
    expect(rest).toEqual([]);
    expect(checkBack!.summary).toBe('Check back: Ana X-INJECTED:1 — Narrate; the, positive');
    expect(checkBack!.startDate.isDate).toBe(true);
    expect(checkBack!.startDate.toString()).toBe('2026-01-09');
    expect(checkBack!.endDate.toString()).toBe('2026-01-10');
    expect(checkBack!.component.getFirstPropertyValue('dtstamp')?.toString()).toBe('2026-01-07T15:30:00Z');
    expect(observation!.summary).toBe('Observe: Ana');
    expect(observation!.uid).toMatch(/^observation-[0-9a-f]{32}@coach\.example\.org$/);
  });

  it('gives each entry the same UID at every build, and another coach’s entries other UIDs', () => {
    const build = (coach: typeof COACH, now: Date) =>
      events(buildCalendarFeed({ coach, agenda, name: 'Coaching', domain: 'coach.example.org', now })).map(
        (event) => event.uid,
      );
    const uids = build(COACH, NOW);
    expect(build(COACH, new Date('2026-02-01T00:00:00.000Z'))).toEqual(uids);
    const other = build({ ...COACH, coachId: 'coach-2' }, NOW);
    expect(other.filter((uid) => uids.includes(uid))).toEqual([]);
  });
});

describe('digest periods and text', () => {
  it.each([
    ['2026-01-05T00:00:00.000Z', 'weekly', '2026-01-05', '2026-01-05', '2026-01-11'],
    ['2026-01-11T23:59:00.000Z', 'weekly', '2026-01-05', '2026-01-11', '2026-01-11'],
    ['2026-01-07T12:00:00.000Z', 'daily', '2026-01-07', '2026-01-07', '2026-01-07'],
  ] as const)('at %s a %s digest’s period starts %s and lists %s to %s', (now, digest, start, from, to) => {
    const period = periodOf(digest, new Date(now));
    expect(period.start).toEqual(new Date(`${start}T00:00:00.000Z`));
    expect({ from: period.from, to: period.to }).toEqual({ from, to });
  });

  const empty: CoachAgenda = { checkBacks: [], plannedObservations: [], roundsWaiting: 0, newCheckIns: 0 };
  const window = { from: '2026-01-07', to: '2026-01-07' };

  it('is not written when there is nothing to tell', () => {
    expect(
      composeDigest({ to: 'c@school.test', digest: 'daily', courseTitle: null, window, agenda: empty }),
    ).toBeNull();
  });

  it('keeps the subject on one line and escapes every name in the HTML part', () => {
    const mail = composeDigest({
      to: 'c@school.test',
      digest: 'daily',
      courseTitle: 'Year 7\r\nBcc: someone@else.test',
      window,
      agenda: {
        ...empty,
        checkBacks: [
          {
            teacherId: 't',
            teacherName: '<img src=x onerror=alert(1)>',
            stepTitle: 'Step',
            on: '2026-01-07',
          },
        ],
        newCheckIns: 1,
      },
    });
    expect(mail!.subject).toBe(
      'Daily coaching digest for Year 7 Bcc: someone@else.test: 1 check-back due, 0 rounds waiting, 1 new check-in',
    );
    expect(mail!.html).toContain('&lt;img src=x onerror=alert(1)&gt;');
    expect(mail!.html).not.toContain('<img');
    expect(mail!.text).toContain('- Wed 7 Jan: <img src=x onerror=alert(1)> — Step');
  });
});
