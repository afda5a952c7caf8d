/** The programme view for provider admins and school leaders: activity, never content. */
import { SMALLEST_GROUP } from '../../../shared/domain/programme/programme-summary.ts';

const percent = (share: number) => `${Math.round(share * 100)}%`;
const oneDecimal = (value: number) => (Math.round(value * 10) / 10).toLocaleString('en-GB');

export const programmeStrings = {
  documentTitle: 'Programme view',
  heading: 'Is coaching sustained?',
  intro:
    'Activity across the programme, led by cadence and steps secured. Never what anyone said or wrote: those stay between each teacher and their coach.',
  scopeTenant: 'All courses of your institution',
  scopeSchool: (names: readonly string[]) => `Your school${names.length > 1 ? 's' : ''}: ${names.join(', ')}`,
  /** The figures are kept for a few minutes between visits (lti-tool/programme/programme-snapshots.ts). */
  asOf: (when: string) => `Figures as of ${when}`,
  periodLabel: 'Period',
  periodOptions: [
    { value: '1', label: 'This month' },
    { value: '3', label: 'The last 3 months' },
    { value: '6', label: 'The last 6 months' },
    { value: '12', label: 'The last 12 months' },
  ],
  loading: 'Loading the programme view…',
  failed: 'The programme view could not load.',
  fewerThan: `fewer than ${SMALLEST_GROUP}`,
  smallGroup: `Fewer than ${SMALLEST_GROUP} teachers: no figures, so no one can be picked out.`,
  noData: '–',
  percent,
  days: (value: number) => `${oneDecimal(value)} days`,
  perTeacher: (value: number) => oneDecimal(value),
  headline: {
    cadence: 'Median days between conversations',
    secured: 'Teachers with a step secured in the last 4 weeks',
    conversations: 'Conversations per teacher coached, per month',
    reviewed: 'Practice rounds with feedback within 3 days',
  },
  columns: {
    group: 'Group',
    teachers: 'Teachers',
    teachersCoached: 'Coached',
    conversationsPerTeacherPerMonth: 'Conversations per teacher per month',
    observationsPerTeacherPerMonth: 'Observations per teacher per month',
    medianDaysBetweenConversations: 'Median days between conversations',
    securedShare: 'Step secured, last 4 weeks',
    roundsPerTeacher: 'Practice rounds per teacher',
    reviewedWithin3DaysShare: 'Reviewed within 3 days',
    checkInsPerTeacher: 'Check-ins per teacher',
    checkBacksOverdue: 'Check-backs overdue',
  },
  schoolsHeading: 'Schools',
  schoolsChartCaption: 'Conversations per teacher coached, by month, for each school',
  schoolBar: (month: string, value: string) => `${month}: ${value}`,
  noSchools:
    'No schools yet. Courses are shown one by one below; a provider admin can group them into schools.',
  coursesHeading: 'Courses',
  coachesHeading: 'Coaches’ cadence',
  coachesIntro: 'Conversations each week. Gaps are where to ask what got in the way, not who to blame.',
  cadenceLabel: (name: string, weeks: readonly number[]) =>
    `${name}: ${weeks.filter((count) => count > 0).length} of ${weeks.length} weeks with a conversation`,
  weekCell: (weekOf: string, count: number) =>
    `Week of ${weekOf}: ${count} conversation${count === 1 ? '' : 's'}`,
  noCoaches: 'No coaching conversations in this period.',
  modulesHeading: 'Modules practised',
  moduleLine: (teachers: number, roundsPerTeacher: number, reviewed: number | null) =>
    `${teachers} teachers · ${oneDecimal(roundsPerTeacher)} rounds per teacher · ${
      reviewed === null ? '–' : percent(reviewed)
    } with feedback within 3 days`,
  noModules: 'No practice rounds in this period.',
  showTable: 'Show as a table',
  tableOf: (what: string) => `${what}: table`,
  showChart: 'Show as a chart',
  reflectHeading: 'Reflect on the period',
  reflectIntro: 'Prompts for leaders of professional learning. Your notes are yours: no one else sees them.',
  noteLabel: 'Your notes on this period',
  saveNote: 'Save notes',
  noteSaved: 'Notes saved.',
  noteFailed: (reason: string) => `Notes not saved. ${reason}`,
  exportHeading: 'Evidence of engagement',
  exportIntro:
    'One line per teacher and course: LMS identifiers and counts for the period, never content. Engaged means coached (a conversation or observation) and practising (a round, a check-in, including the browser extension’s, or a reflection) in the period.',
  exportButton: 'Download engagement CSV',
  exportFailed: (reason: string) => `The export failed. ${reason}`,
  manageHeading: 'Schools and leaders',
  manageIntro:
    'Group your courses into schools and name each school’s leaders by their LMS user id. A leader sees their school’s activity here when they open the Programme view activity; nothing else about anyone.',
  schoolName: 'School name',
  schoolCourses: 'Its courses',
  addSchool: 'Add school',
  saveSchool: 'Save school',
  removeSchool: (name: string) => `Remove ${name}`,
  leaderId: 'Leader’s LMS user id',
  leaderIdHint: 'The id your LMS sends for them (LTI “sub”); your LMS administrator can find it.',
  leaderName: 'Leader’s name',
  leaderSchool: 'School',
  addLeader: 'Name leader',
  removeLeader: (name: string) => `Remove ${name} as leader`,
  leadersOf: (school: string) => `Leaders of ${school}`,
  noLeaders: 'No leaders named yet.',
  manageSaved: 'Saved.',
  manageFailed: (reason: string) => `Not saved. ${reason}`,
};
