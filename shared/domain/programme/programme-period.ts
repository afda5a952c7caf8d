import * as v from 'valibot';

/** The longest period the view covers: a school year and a little. */
export const MAX_PERIOD_MONTHS = 12;

/** The period a viewer chose: `months` whole calendar months (UTC) ending with `end` (YYYY-MM). */
export const PeriodChoiceSchema = v.object({
  months: v.pipe(
    v.union([
      v.number(),
      v.pipe(v.string(), v.regex(/^\d{1,2}$/, 'months must be a whole number'), v.transform(Number)),
    ]),
    v.integer('months must be a whole number'),
    v.minValue(1, 'months must be at least 1'),
    v.maxValue(MAX_PERIOD_MONTHS, `months must be at most ${MAX_PERIOD_MONTHS}`),
  ),
  end: v.pipe(v.string(), v.regex(/^\d{4}-(0[1-9]|1[0-2])$/, 'end must be a month, YYYY-MM')),
});
export type PeriodChoice = v.InferOutput<typeof PeriodChoiceSchema>;

export interface ProgrammePeriod {
  /** Every month of the period, oldest first (YYYY-MM). */
  months: string[];
  from: Date;
  /** Exclusive: the start of the month after `end`. */
  to: Date;
  /** The period's end or now, whichever is sooner: the last week shown, and where "recent" is measured from. */
  until: Date;
  /** The Monday (UTC) starting each week that overlaps the period, oldest first. */
  weekStarts: Date[];
}

const DAY_MS = 86_400_000;

const monthStart = (year: number, monthIndex: number) => new Date(Date.UTC(year, monthIndex, 1));

/** The month `at` is in, YYYY-MM (UTC). */
export const monthOf = (at: Date): string => at.toISOString().slice(0, 7);

/** The period a choice names; its weeks stop at `now` (a strip never shows weeks to come). */
export function periodOf(choice: PeriodChoice, now: Date): ProgrammePeriod {
  const [year, month] = choice.end.split('-').map(Number) as [number, number];
  const from = monthStart(year, month - choice.months);
  const end = monthStart(year, month);
  const until = end < now ? end : now;
  const months = Array.from({ length: choice.months }, (_, index) =>
    monthOf(monthStart(year, month - choice.months + index)),
  );
  const firstMonday = new Date(from.getTime() - ((from.getUTCDay() + 6) % 7) * DAY_MS);
  const weekStarts: Date[] = [];
  for (let start = firstMonday; start < until; start = new Date(start.getTime() + 7 * DAY_MS)) {
    weekStarts.push(start);
  }
  return { months, from, to: end, until, weekStarts };
}

/** The default choice: the last three months, this one included. */
export const defaultPeriod = (now: Date): PeriodChoice => ({ months: 3, end: monthOf(now) });
