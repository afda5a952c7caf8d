/** The coach's page: review queue, feedback form and templates, set-from-module and trainee history. */
import { TEMPLATE_GAPS } from '../../../shared/domain/coaching/template-gaps.ts';

const quote = (text: string) => `“${text}”`;

export const reviewStrings = {
  documentTitle: 'Coaching',
  pageHeading: 'Coaching',
  sectionsLabel: 'Parts of this page',
  tabs: {
    caseload: 'This week',
    review: 'Review queue',
    steps: 'Action steps',
    history: 'History',
  },
  waitingBadge: (count: number) => `${count} waiting`,

  // Review queue
  queueHeading: 'Review queue',
  queueIntro:
    'Rehearsals waiting for your feedback, oldest first. Praise what worked, ask one probing question and agree one next step.',
  waiting: (count: number) => `${count} waiting`,
  loadingQueue: 'Loading rehearsals…',
  queueFailed: 'Could not load the review queue.',
  queueEmpty: 'Nothing is waiting for feedback. Well done.',
  showMore: 'Show more',
  itemLabel: (trainee: string, module: string, round: number) => `${trainee}, ${module}, round ${round}`,
  submitted: (relative: string) => `Submitted ${relative}`,
  selfSummary: (secure: number, total: number) => `Self-assessed: ${secure} of ${total} secure`,
  withRecording: 'With a recording',
  scriptPreview: (script: string) => (script.length > 140 ? `${script.slice(0, 139).trimEnd()}…` : script),
  scriptHeading: 'Script',
  noScript: 'No written script: listen to the recording.',
  recordingHeading: 'Recording',
  recordingLabel: (trainee: string, round: number) => `${trainee}’s recording, round ${round}`,
  loadingRecording: 'Loading the recording…',
  recordingFailed: 'Could not load the recording.',
  selfAssessmentHeading: 'Their self-assessment',
  judgement: { secure: 'Secure', 'not-yet': 'Not yet' } as const,
  notJudged: 'Not judged',
  selfJudged: (criterion: string, judgement: string) => `${criterion}: ${judgement}`,

  // Feedback form
  feedbackHeading: 'Your feedback',
  feedbackFormLabel: (trainee: string, round: number) => `Feedback for ${trainee}, round ${round}`,
  criteriaHeading: 'Success criteria',
  criteriaHint: 'Starts from their self-assessment. Judge what you saw: developmental, not a grade on them.',
  criterionLegend: (index: number, criterion: string) => `Criterion ${index + 1}: ${criterion}`,
  useTemplate: 'Use template',
  useTemplateHint:
    'Fills praise, the probing question and the next step from the criteria as judged above. Replace each … with what you saw.',
  undoTemplate: 'Undo template',
  templateApplied: 'Template filled in. Replace each … with what you saw, then send.',
  templateUndone: 'Your earlier text is back.',
  fields: {
    praise: 'Precise praise',
    praiseHint: 'What exactly worked, tied to a success criterion.',
    probe: 'One probing question',
    probeHint: 'A question that helps them see the gap for themselves.',
    nextStep: 'One next step',
    nextStepHint: 'One bite-sized thing to rehearse next.',
  },
  required: 'required',
  errorSummary: 'Check your feedback',
  judgeEach: 'Judge each success criterion: secure or not yet.',
  send: 'Send feedback',
  sending: 'Sending…',
  sendShortcut: 'Tip: Ctrl+Enter (⌘+Enter on a Mac) sends from any text field.',
  sent: (trainee: string) => `Feedback sent to ${trainee}.`,
  conflict: (trainee: string, round: number) =>
    `Someone else already gave feedback on ${trainee}’s round ${round}, so it has left your queue.`,
  gone: (trainee: string, round: number) =>
    `${trainee}’s round ${round} is no longer in this course, so it has left your queue.`,
  unsentHeading: 'Your unsent feedback',
  sendFailed: (reason: string) => `Not sent: ${reason} Your feedback is still here; try again.`,
  rejected: (reason: string) => `The server did not accept this feedback: ${reason}`,

  // Set from a module
  fromModule: 'Set from a module',
  fromModuleHint: 'Start from a module’s action step, then adjust it for this teacher before saving.',
  moduleSearch: 'Find a module',
  moduleSelect: 'Module',
  chooseModule: 'Choose a module…',
  noModuleMatch: 'No module matches that search.',
  loadingModules: 'Loading modules…',
  modulesFailed: 'Could not load the modules.',
  moduleOption: (title: string, phase: string) => `${title} (${phase})`,
  fillFromModule: 'Fill the form from this module',
  filling: 'Filling…',
  moduleFailed: 'Could not load that module.',
  filledFromModule: (title: string) =>
    `Filled from “${title}”. Check and adjust it for this teacher, then save.`,

  // History
  historyHeading: 'History',
  historyIntro:
    'A teacher’s action steps, rehearsals, feedback, check-ins and reflections, cycle by cycle. Only that teacher and their coach can see it.',
  traineeSelect: 'Teacher',
  chooseTrainee: 'Choose a teacher…',
  loadingHistory: 'Loading history…',
  historyFailed: 'Could not load this teacher’s history.',
  historyOf: (name: string) => `History: ${name}`,
  privacy: (name: string) => `Private: only ${name} and their coach can see this.`,
  historyEmpty: 'Nothing yet: no action steps, rehearsals, check-ins or reflections.',
  // Numbered once the whole history is loaded; until then the count of earlier cycles is not known.
  cycleStep: (index: number | null, title: string) => (index === null ? title : `Cycle ${index}: ${title}`),
  cycleModule: (index: number | null, title: string) =>
    index === null ? `Practising ${title}` : `Cycle ${index}: practising ${title}`,
  cycleLoose: (index: number | null) =>
    index === null ? 'Before the first action step' : `Cycle ${index}: before the first action step`,
  showEarlierHistory: 'Show earlier history',
  earlierHistoryShown: (count: number) => `${count} earlier ${count === 1 ? 'entry' : 'entries'} shown.`,
  allHistoryShown: 'This is the whole history, from the start.',
  current: 'Current',
  stepSet: (date: string) => `Set on ${date}`,
  goal: 'Goal',
  successCriteria: 'Success criteria',
  chartLabel: (moduleTitle: string) => `Criteria secured per round: ${moduleTitle}`,
  roundEntry: (module: string, round: number) => `Round ${round} of ${module}`,
  awaitingFeedback: 'Waiting for feedback.',
  feedbackBy: (coach: string | null, date: string) =>
    coach ? `Feedback from ${coach}, ${date}` : `Feedback, ${date}`,
  securedOf: (secured: number, total: number) => `${secured} of ${total} criteria secure`,
  checkInEntry: 'Check-in',
  checkInOutcome: {
    'went-well': 'Went well',
    partly: 'Partly',
    'not-yet': 'Not yet',
    planned: 'Planned for it',
  } as const,
  reflectionEntry: 'Reflection',
  reflectionParts: { wentWell: 'What went well', change: 'What to change', next: 'What next' } as const,
  onDate: (date: string) => `on ${date}`,
};

/** The words the feedback templates are built from: a starting point the coach edits, never a verdict. */
export const templateStrings = {
  praiseSecure: (criterion: string) => `You met ${quote(criterion)}: ${TEMPLATE_GAPS.saw}`,
  praiseNoneSecure: `You rehearsed the whole step. One moment that worked well: ${TEMPLATE_GAPS.saw}`,
  probeNotYet: (criterion: string) =>
    `Looking at ${quote(criterion)}: what did you notice when you played it back, and what could you try differently?`,
  probeAllSecure: 'Every criterion was secure. What will help this hold up with a real class?',
  nextStepNotYet: (criterion: string) =>
    `Rehearse it again, focusing on ${quote(criterion)}: ${TEMPLATE_GAPS.next}`,
  nextStepAllSecure: `Use it in your next lesson, then check in on how it went: ${TEMPLATE_GAPS.next}`,
};
