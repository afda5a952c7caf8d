import * as v from 'valibot';

/** Trimmed, non-empty text of bounded length, with a message a person can act on. */
export const requiredText = (label: string, max: number) =>
  v.pipe(
    v.string(`${label} must be text`),
    v.trim(),
    v.nonEmpty(`${label} is required`),
    v.maxLength(max, `${label} must be at most ${max} characters`),
  );

export const optionalText = (label: string, max: number) =>
  v.optional(
    v.pipe(
      v.string(`${label} must be text`),
      v.trim(),
      v.maxLength(max, `${label} must be at most ${max} characters`),
    ),
    '',
  );

export const IdSchema = v.pipe(
  v.string('id must be text'),
  v.regex(/^[A-Za-z0-9_-]{8,64}$/, 'id must be 8–64 letters, digits, "-" or "_"'),
);

export const IsoDateSchema = v.pipe(v.string(), v.isoTimestamp('must be an ISO timestamp'));

/** A calendar day, YYYY-MM-DD (a check-back is a day, not an instant). */
export const CalendarDaySchema = v.pipe(
  v.string('A date must be text'),
  v.isoDate('A date must look like 2026-12-03'),
);
