import type { PracticeTally, ProgrammeFacts, TeacherRef } from './programme-facts.ts';
import type { ProgrammePeriod } from './programme-period.ts';

/**
 * A group of fewer teachers than this shows no figures at all, only that it is small: with four
 * teachers, "one step secured" or "three conversations" points at a person.
 */
export const SMALLEST_GROUP = 5;

/** Days within which feedback on a round counts as timely (the seeds: feedback while it is fresh). */
export const REVIEW_WINDOW_DAYS = 3;

/** Weeks before the period's end in which a secured step counts as recent. */
export const SECURED_WINDOW_WEEKS = 4;

/**
 * A group's figures, led by whether coaching is sustained (cadence, steps secured), not by volume.
 * Rates are null where they have no denominator (no teacher coached, no round practised).
 */
export interface GroupFigures {
  teachers: number;
  teachersCoached: number;
  conversationsPerTeacherPerMonth: number | null;
  observationsPerTeacherPerMonth: number | null;
  medianDaysBetweenConversations: number | null;
  /** Share of the group's teachers with a step secured in the last 4 weeks of the period (0–1). */
  securedShare: number | null;
  roundsPerTeacher: number | null;
  /** Share of rounds with feedback within 3 days (0–1). */
  reviewedWithin3DaysShare: number | null;
  checkInsPerTeacher: number | null;
  checkBacksOverdue: number;
}

/** A group's figures, or only that it has fewer than SMALLEST_GROUP teachers. */
export type Figures = { suppressed: true } | ({ suppressed: false } & GroupFigures);

/** Per month of the period, for the small multiples: conversations per teacher coached. */
export interface MonthPoint {
  month: string;
  conversationsPerTeacher: number | null;
}

export interface SchoolSummary {
  /** null: the courses not placed in any school. */
  id: string | null;
  name: string;
  courses: number;
  figures: Figures;
  months: MonthPoint[];
}

export interface CourseSummary {
  key: string;
  title: string;
  figures: Figures;
}

export interface CoachSummary {
  id: string;
  name: string;
  figures: Figures;
  /** Conversations held per week of the period, oldest first: the cadence strip (withheld when suppressed). */
  weeks: number[] | null;
}

export interface ModuleSummary {
  id: string;
  title: string;
  figures:
    | { suppressed: true }
    | {
        suppressed: false;
        teachers: number;
        roundsPerTeacher: number;
        reviewedWithin3DaysShare: number | null;
      };
}

export interface ProgrammeSummary {
  programme: Figures;
  schools: SchoolSummary[];
  courses: CourseSummary[];
  coaches: CoachSummary[];
  modules: ModuleSummary[];
}

/** A school: a named set of the tenant's courses (lti-tool/programme). */
export interface School {
  id: string;
  name: string;
  courseKeys: string[];
}

const DAY_MS = 86_400_000;
const pairKey = (ref: TeacherRef) => `${ref.contextKey}\u0000${ref.teacherId}`;

/** The middle value (mean of the two middle ones for an even count); null for none. */
export function median(values: readonly number[]): number | null {
  if (values.length === 0) return null;
  // A typed array sorts numbers natively, in numeric order: several times faster than a comparator.
  const sorted = Float64Array.from(values).sort();
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[middle]! : (sorted[middle - 1]! + sorted[middle]!) / 2;
}

/** Coaching events with one teacher of one course (by every coach, or by one). */
interface Coaching {
  /** When each conversation was held, ms (in order once `sorted`). */
  conversations: number[];
  observations: number;
  sorted: boolean;
}

/**
 * One teacher of one course (a pair: the same person in another course is another coaching
 * relationship) and everything the facts say about them, gathered in one pass. A group's figures
 * are sums over its pairs: every group is a set of whole pairs, so nothing is filtered per group.
 */
interface Pair {
  /** On the course's roster (facts.teachers). */
  enrolled: boolean;
  /** By every coach. */
  coaching: Coaching;
  /** The first coach who coached them, and each coach's own tally once a second one has. */
  coachId: string | null;
  byCoach: Map<string, Coaching> | null;
  rounds: number;
  reviewedWithin3Days: number;
  checkIns: number;
  secured: boolean;
  overdue: boolean;
  /** Conversations per month of the period, oldest first (null: none). */
  monthly: number[] | null;
}

/** Adds the days between consecutive conversations, whole days, to `gaps`. */
function addGaps(coaching: Coaching, gaps: number[]): void {
  const times = coaching.conversations;
  if (!coaching.sorted) {
    times.sort((a, b) => a - b);
    coaching.sorted = true;
  }
  for (let index = 1; index < times.length; index += 1) {
    gaps.push(Math.round((times[index]! - times[index - 1]!) / DAY_MS));
  }
}

const noCoaching = (): Coaching => ({ conversations: [], observations: 0, sorted: false });

const ratio = (top: number, bottom: number): number | null => (bottom > 0 ? top / bottom : null);

/**
 * The figures of one group of teachers (distinct pairs), with the coaching `coachingOf` counts for
 * each (every coach's, or one coach's).
 */
function figuresOf(
  teachers: readonly Pair[],
  months: number,
  coachingOf: (pair: Pair) => Coaching = (pair) => pair.coaching,
): Figures {
  if (teachers.length < SMALLEST_GROUP) return { suppressed: true };
  let coached = 0;
  let conversations = 0;
  let observations = 0;
  let rounds = 0;
  let reviewedWithin3Days = 0;
  let checkIns = 0;
  let secured = 0;
  let overdue = 0;
  const gaps: number[] = [];
  for (const pair of teachers) {
    const coaching = coachingOf(pair);
    if (coaching.conversations.length > 0 || coaching.observations > 0) coached += 1;
    conversations += coaching.conversations.length;
    observations += coaching.observations;
    addGaps(coaching, gaps);
    rounds += pair.rounds;
    reviewedWithin3Days += pair.reviewedWithin3Days;
    checkIns += pair.checkIns;
    if (pair.secured) secured += 1;
    if (pair.overdue) overdue += 1;
  }
  return {
    suppressed: false,
    teachers: teachers.length,
    teachersCoached: coached,
    conversationsPerTeacherPerMonth: ratio(conversations, coached * months),
    observationsPerTeacherPerMonth: ratio(observations, coached * months),
    medianDaysBetweenConversations: median(gaps),
    securedShare: ratio(secured, teachers.length),
    roundsPerTeacher: ratio(rounds, teachers.length),
    reviewedWithin3DaysShare: ratio(reviewedWithin3Days, rounds),
    checkInsPerTeacher: ratio(checkIns, teachers.length),
    checkBacksOverdue: overdue,
  };
}

function sum<T>(items: readonly T[], value: (item: T) => number): number {
  return items.reduce((total, item) => total + value(item), 0);
}

/** The month index of a UTC (year, month), as monthOf names months (YYYY-MM). */
const monthNumber = (year: number, monthIndex: number) => year * 12 + monthIndex;

/**
 * Every pair in the facts with what they did, the roster's pairs by course, and each coach's
 * events by pair: one pass over each kind of fact.
 */
function gather(facts: ProgrammeFacts, period: ProgrammePeriod) {
  const pairs: Pair[] = [];
  // By course, then teacher: two lookups cost less than building a key string per fact.
  const byCourse = new Map<string, Map<string, Pair>>();
  const pairOf = (ref: TeacherRef): Pair => {
    let course = byCourse.get(ref.contextKey);
    if (!course) {
      course = new Map();
      byCourse.set(ref.contextKey, course);
    }
    let pair = course.get(ref.teacherId);
    if (!pair) {
      pair = {
        enrolled: false,
        coaching: noCoaching(),
        coachId: null,
        byCoach: null,
        rounds: 0,
        reviewedWithin3Days: 0,
        checkIns: 0,
        secured: false,
        overdue: false,
        monthly: null,
      };
      course.set(ref.teacherId, pair);
      pairs.push(pair);
    }
    return pair;
  };
  const enrolledByCourse = new Map<string, Pair[]>();
  for (const ref of facts.teachers) {
    const pair = pairOf(ref);
    if (pair.enrolled) continue;
    pair.enrolled = true;
    const course = enrolledByCourse.get(ref.contextKey);
    if (course) course.push(pair);
    else enrolledByCourse.set(ref.contextKey, [pair]);
  }

  // monthOf(at) === month, without writing a date per event: the same UTC year and month.
  const monthIndex = new Map(
    period.months.map((month, index) => [
      monthNumber(Number(month.slice(0, 4)), Number(month.slice(5, 7)) - 1),
      index,
    ]),
  );
  const weekStarts = period.weekStarts.map((start) => start.getTime());
  const periodEnd = period.to.getTime();
  /** The week of the period `at` is in ([start, next start), the last to the period's end), or -1. */
  const weekOf = (at: number): number => {
    let low = 0;
    let high = weekStarts.length - 1;
    let found = -1;
    while (low <= high) {
      const middle = (low + high) >> 1;
      if (weekStarts[middle]! <= at) {
        found = middle;
        low = middle + 1;
      } else high = middle - 1;
    }
    if (found < 0) return -1;
    const end = found + 1 < weekStarts.length ? weekStarts[found + 1]! : periodEnd;
    return at < end ? found : -1;
  };

  // Each coach's teachers. Most teachers have one coach, whose tally is then theirs in full; a
  // separate tally per coach only for those with more than one.
  const byCoach = new Map<string, { pairs: Pair[]; weeks: number[] }>();
  for (const event of facts.events) {
    const pair = pairOf(event);
    let coach = byCoach.get(event.coachId);
    if (!coach) {
      coach = { pairs: [], weeks: weekStarts.map(() => 0) };
      byCoach.set(event.coachId, coach);
    }
    let theirs: Coaching | undefined;
    if (pair.coachId === null) {
      pair.coachId = event.coachId;
      coach.pairs.push(pair);
    } else if (pair.coachId !== event.coachId || pair.byCoach) {
      pair.byCoach ??= new Map([
        [pair.coachId, { ...pair.coaching, conversations: [...pair.coaching.conversations], sorted: false }],
      ]);
      theirs = pair.byCoach.get(event.coachId);
      if (!theirs) {
        theirs = noCoaching();
        pair.byCoach.set(event.coachId, theirs);
        coach.pairs.push(pair);
      }
    }
    if (event.kind !== 'conversation') {
      pair.coaching.observations += 1;
      if (theirs) theirs.observations += 1;
      continue;
    }
    const at = event.at.getTime();
    pair.coaching.conversations.push(at);
    theirs?.conversations.push(at);
    const month = monthIndex.get(monthNumber(event.at.getUTCFullYear(), event.at.getUTCMonth()));
    if (month !== undefined) {
      pair.monthly ??= period.months.map(() => 0);
      pair.monthly[month]! += 1;
    }
    const week = weekOf(at);
    if (week >= 0) coach.weeks[week]! += 1;
  }
  for (const tally of facts.practice) {
    const pair = pairOf(tally);
    pair.rounds += tally.rounds;
    pair.reviewedWithin3Days += tally.reviewedWithin3Days;
  }
  for (const tally of facts.checkIns) pairOf(tally).checkIns += tally.checkIns;
  for (const ref of facts.secured) pairOf(ref).secured = true;
  for (const ref of facts.overdue) pairOf(ref).overdue = true;
  return { pairs, enrolledByCourse, byCoach };
}

/** Per month: the group's conversations per teacher who had one that month. */
function monthPoints(teachers: readonly Pair[], period: ProgrammePeriod): MonthPoint[] {
  return period.months.map((month, index) => {
    let conversations = 0;
    let talkedTo = 0;
    for (const pair of teachers) {
      const count = pair.monthly?.[index] ?? 0;
      conversations += count;
      if (count > 0) talkedTo += 1;
    }
    return { month, conversationsPerTeacher: ratio(conversations, talkedTo) };
  });
}

/**
 * The programme view's figures for the facts of one scope (a tenant, or a leader's school) over a
 * period, by school, course, coach and module. Groups of fewer than SMALLEST_GROUP teachers show no
 * figures; teachers are never named. Linear in the facts: they are gathered by pair once
 * (BENCHMARKS.md, "Programme view").
 */
export function summariseProgramme(
  facts: ProgrammeFacts,
  schools: readonly School[],
  period: ProgrammePeriod,
): ProgrammeSummary {
  const months = period.months.length;
  const { pairs, enrolledByCourse, byCoach } = gather(facts, period);
  const teachersOf = (courseKeys: Iterable<string>) =>
    [...new Set(courseKeys)].flatMap((key) => enrolledByCourse.get(key) ?? []);
  // The programme: everyone on a roster, and anyone coached in these courses.
  const all = pairs.filter(
    (pair) => pair.enrolled || pair.coaching.conversations.length > 0 || pair.coaching.observations > 0,
  );
  const inScope = new Set(facts.courses.map((course) => course.key));
  const placed = new Set(schools.flatMap((school) => school.courseKeys));
  const unplaced = facts.courses.filter((course) => !placed.has(course.key)).map((course) => course.key);
  const schoolGroups = [
    ...schools.map((school) => ({
      id: school.id as string | null,
      name: school.name,
      courseKeys: school.courseKeys.filter((key) => inScope.has(key)),
    })),
    ...(unplaced.length && schools.length
      ? [{ id: null, name: 'Courses not in a school', courseKeys: unplaced }]
      : []),
  ];

  return {
    programme: figuresOf(all, months),
    schools: schoolGroups.map((school) => {
      const teachers = teachersOf(school.courseKeys);
      const figures = figuresOf(teachers, months);
      return {
        id: school.id,
        name: school.name,
        courses: school.courseKeys.length,
        figures,
        months: figures.suppressed ? [] : monthPoints(teachers, period),
      };
    }),
    courses: facts.courses.map((course) => ({
      key: course.key,
      title: course.title ?? 'Untitled course',
      figures: figuresOf(teachersOf([course.key]), months),
    })),
    coaches: [...facts.coaches].map(([id, name]) => {
      const coach = byCoach.get(id);
      const figures = figuresOf(coach?.pairs ?? [], months, (pair) => pair.byCoach?.get(id) ?? pair.coaching);
      return { id, name, figures, weeks: figures.suppressed || !coach ? null : coach.weeks };
    }),
    modules: moduleSummaries(facts),
  };
}

function moduleSummaries(facts: ProgrammeFacts): ModuleSummary[] {
  const byModule = new Map<string, PracticeTally[]>();
  for (const tally of facts.practice) {
    const tallies = byModule.get(tally.moduleId);
    if (tallies) tallies.push(tally);
    else byModule.set(tally.moduleId, [tally]);
  }
  return [...byModule].map(([id, tallies]) => {
    const teachers = new Set(tallies.map(pairKey));
    const rounds = sum(tallies, (tally) => tally.rounds);
    return {
      id,
      title: facts.modules.get(id) ?? id,
      figures:
        teachers.size < SMALLEST_GROUP
          ? { suppressed: true }
          : {
              suppressed: false,
              teachers: teachers.size,
              roundsPerTeacher: rounds / teachers.size,
              reviewedWithin3DaysShare: ratio(
                sum(tallies, (tally) => tally.reviewedWithin3Days),
                rounds,
              ),
            },
    };
  });
}
