import { describe, expect, it } from 'vitest';
import type { CoachingEvent, ProgrammeFacts } from '../../../../shared/domain/programme/programme-facts.ts';
import { periodOf, PeriodChoiceSchema } from '../../../../shared/domain/programme/programme-period.ts';
import {
  median,
  SMALLEST_GROUP,
  summariseProgramme,
} from '../../../../shared/domain/programme/programme-summary.ts';
import * as v from 'valibot';

const NOW = new Date('2026-03-18T12:00:00Z');
const period = periodOf({ months: 3, end: '2026-03' }, NOW);
const teachers = (course: string, count: number) =>
  Array.from({ length: count }, (_, index) => ({ contextKey: course, teacherId: `${course}-t${index}` }));
const talk = (contextKey: string, teacherId: string, coachId: string, at: string): CoachingEvent => ({
  kind: 'conversation',
  contextKey,
  teacherId,
  coachId,
  at: new Date(at),
});

function facts(overrides: Partial<ProgrammeFacts> = {}): ProgrammeFacts {
  return {
    courses: [
      { key: 'big', title: 'Big course' },
      { key: 'small', title: 'Small course' },
    ],
    coaches: new Map([['coach-1', 'Coach One']]),
    modules: new Map([['m1', 'Module one']]),
    teachers: [...teachers('big', SMALLEST_GROUP), ...teachers('small', SMALLEST_GROUP - 1)],
    events: [],
    practice: [],
    checkIns: [],
    secured: [],
    overdue: [],
    ...overrides,
  };
}

describe('the programme period', () => {
  it('is whole calendar months ending with the chosen one, its weeks stopping at today', () => {
    expect(period.months).toEqual(['2026-01', '2026-02', '2026-03']);
    expect(period.from.toISOString()).toBe('2026-01-01T00:00:00.000Z');
    expect(period.to.toISOString()).toBe('2026-04-01T00:00:00.000Z');
    expect(period.until).toEqual(NOW);
    // Monday 29 December 2025 starts the first week; the last starts Monday 16 March.
    expect(period.weekStarts[0]!.toISOString()).toBe('2025-12-29T00:00:00.000Z');
    expect(period.weekStarts.at(-1)!.toISOString()).toBe('2026-03-16T00:00:00.000Z');
    expect(periodOf({ months: 1, end: '2026-01' }, NOW).until.toISOString()).toBe('2026-02-01T00:00:00.000Z');
  });

  it.each([['0'], ['13'], ['1.5'], ['-1'], ['x']])('refuses %s months', (months) => {
    expect(v.safeParse(PeriodChoiceSchema, { months, end: '2026-03' }).success).toBe(false);
  });
});

describe('the programme summary', () => {
  it('takes the median of every gap between a teacher’s conversations, per course', () => {
    expect(median([])).toBeNull();
    expect(median([7, 21, 14])).toBe(14);
    expect(median([7, 14])).toBe(10.5);
    const events = [
      talk('big', 'big-t0', 'coach-1', '2026-01-05T10:00:00Z'),
      talk('big', 'big-t0', 'coach-1', '2026-01-12T10:00:00Z'),
      talk('big', 'big-t0', 'coach-1', '2026-02-02T10:00:00Z'),
      // The same person in another course is another coaching relationship: no gap across them.
      talk('small', 'big-t0', 'coach-1', '2026-01-06T10:00:00Z'),
    ];
    const summary = summariseProgramme(facts({ events }), [], period);
    expect(summary.programme).toMatchObject({ medianDaysBetweenConversations: 14, teachersCoached: 2 });
  });

  it('shows a group of fewer than five teachers as small, whatever its activity', () => {
    const events = teachers('small', SMALLEST_GROUP - 1).map((ref) =>
      talk(ref.contextKey, ref.teacherId, 'coach-1', '2026-02-10T10:00:00Z'),
    );
    const summary = summariseProgramme(facts({ events }), [], period);
    const small = summary.courses.find((course) => course.key === 'small')!;
    expect(small.figures).toEqual({ suppressed: true });
    // The coach coached four: small too, and no cadence strip that would count them.
    expect(summary.coaches).toEqual([
      { id: 'coach-1', name: 'Coach One', figures: { suppressed: true }, weeks: null },
    ]);
    expect(summary.courses.find((course) => course.key === 'big')!.figures).toMatchObject({
      suppressed: false,
      teachers: SMALLEST_GROUP,
      teachersCoached: 0,
    });
  });

  it('groups courses by school, with the courses in no school together', () => {
    const summary = summariseProgramme(
      facts(),
      [{ id: 'school-1', name: 'North', courseKeys: ['big'] }],
      period,
    );
    expect(summary.schools.map((school) => [school.name, school.courses, school.figures.suppressed])).toEqual(
      [
        ['North', 1, false],
        ['Courses not in a school', 1, true],
      ],
    );
    expect(summary.schools[0]!.months.map((point) => point.month)).toEqual(period.months);
  });

  it('counts a round as timely only when its feedback came within three days', () => {
    const practice = teachers('big', SMALLEST_GROUP).map((ref, index) => ({
      ...ref,
      moduleId: 'm1',
      rounds: 2,
      reviewedWithin3Days: index % 2,
    }));
    const summary = summariseProgramme(facts({ practice }), [], period);
    expect(summary.modules).toEqual([
      {
        id: 'm1',
        title: 'Module one',
        figures: { suppressed: false, teachers: 5, roundsPerTeacher: 2, reviewedWithin3DaysShare: 2 / 10 },
      },
    ]);
  });
});
