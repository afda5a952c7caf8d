import { stringify } from 'csv-stringify/sync';
import type { ProgrammePeriod } from '../../shared/domain/programme/programme-period.ts';
import type { EngagementRow } from './ports.ts';

/**
 * Engaged, for evidence of participation (README "Engagement export"): in the period the teacher
 * had at least one coaching conversation or observation AND did some practice of their own (a
 * practice round, a check-in, including one the browser extension recorded offline and synced
 * later, or a reflection). Counts only: nothing anyone wrote leaves in an export.
 */
export const isEngaged = (row: EngagementRow) =>
  row.conversations + row.observations > 0 && row.rounds + row.checkIns + row.reflections > 0;

const COLUMNS = [
  'course',
  'course_key',
  'lti_user_id',
  'lis_person_sourcedid',
  'period_from',
  'period_to',
  'coaching_conversations',
  'observations',
  'practice_rounds',
  'check_ins',
  'check_ins_from_extension',
  'reflections',
  'engaged',
] as const;

/** One line per teacher per course; a cell that a spreadsheet would run as a formula is escaped. */
export function engagementCsv(
  rows: readonly EngagementRow[],
  period: Pick<ProgrammePeriod, 'from' | 'to'>,
): string {
  const from = period.from.toISOString().slice(0, 10);
  // `to` is exclusive: the last day counted is the day before.
  const to = new Date(period.to.getTime() - 1).toISOString().slice(0, 10);
  return stringify(
    rows.map((row) => [
      row.courseTitle ?? '',
      row.contextKey,
      row.userId,
      row.sourcedId ?? '',
      from,
      to,
      row.conversations,
      row.observations,
      row.rounds,
      row.checkIns,
      row.extensionCheckIns,
      row.reflections,
      isEngaged(row) ? 'yes' : 'no',
    ]),
    { header: true, columns: [...COLUMNS], escape_formulas: true, record_delimiter: 'windows' },
  );
}
