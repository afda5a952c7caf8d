import type { GroupFigures } from '../../../../shared/domain/programme/programme-summary.ts';
import { programmeStrings as t } from '../../strings/programme.ts';

/** The table columns of a group's figures, cadence and steps secured first. */
export const FIGURE_COLUMNS = [
  'teachers',
  'medianDaysBetweenConversations',
  'securedShare',
  'conversationsPerTeacherPerMonth',
  'observationsPerTeacherPerMonth',
  'teachersCoached',
  'roundsPerTeacher',
  'reviewedWithin3DaysShare',
  'checkInsPerTeacher',
  'checkBacksOverdue',
] as const satisfies readonly (keyof GroupFigures)[];

type Column = (typeof FIGURE_COLUMNS)[number];

const orDash = (value: number | null, format: (value: number) => string) =>
  value === null ? t.noData : format(value);

/** Each figure in words a leader reads at a glance; a missing rate is a dash, never 0. */
export const formatFigure: Record<Column, (figures: GroupFigures) => string> & { small: string } = {
  small: t.smallGroup,
  teachers: (figures) => String(figures.teachers),
  teachersCoached: (figures) => String(figures.teachersCoached),
  medianDaysBetweenConversations: (figures) => orDash(figures.medianDaysBetweenConversations, t.days),
  securedShare: (figures) => orDash(figures.securedShare, t.percent),
  conversationsPerTeacherPerMonth: (figures) => orDash(figures.conversationsPerTeacherPerMonth, t.perTeacher),
  observationsPerTeacherPerMonth: (figures) => orDash(figures.observationsPerTeacherPerMonth, t.perTeacher),
  roundsPerTeacher: (figures) => orDash(figures.roundsPerTeacher, t.perTeacher),
  reviewedWithin3DaysShare: (figures) => orDash(figures.reviewedWithin3DaysShare, t.percent),
  checkInsPerTeacher: (figures) => orDash(figures.checkInsPerTeacher, t.perTeacher),
  checkBacksOverdue: (figures) => String(figures.checkBacksOverdue),
};

/** "Mar 2026" for "2026-03". */
export function monthLabel(month: string): string {
  const [year, index] = month.split('-').map(Number) as [number, number];
  return new Date(Date.UTC(year, index - 1, 1)).toLocaleDateString('en-GB', {
    month: 'short',
    year: 'numeric',
    timeZone: 'UTC',
  });
}

/** "12 Jan" for a week's Monday. */
export function weekLabel(iso: string): string {
  return new Date(iso).toLocaleDateString('en-GB', { day: 'numeric', month: 'short', timeZone: 'UTC' });
}
