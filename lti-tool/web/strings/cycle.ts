import { recorderControls } from './recorder.ts';

/** The coach's weekly cycle: caseload, observation and the coaching conversation. */

const plural = (count: number, one: string, many: string) => `${count} ${count === 1 ? one : many}`;

export const cycleStrings = {
  tab: 'This week',
  caseloadHeading: 'Your teachers this week',
  caseloadIntro:
    'Who needs you first: overdue check-backs, then due soon, then teachers you have not met yet.',
  loading: 'Loading your teachers…',
  failed: 'Could not load your teachers.',
  empty: 'No teachers have opened this course yet. They appear here after their first launch.',
  urgency: {
    overdue: 'Overdue',
    'due-soon': 'Due soon',
    'on-track': 'On track',
    // No conversation with this teacher yet ("not started" was contradicted by rounds waiting).
    'not-started': 'First conversation due',
  },
  dueOn: (date: string) => `check back ${date}`,
  noStep: 'No action step yet',
  lastObserved: (days: number | null) =>
    days === null
      ? 'Not observed yet'
      : days === 0
        ? 'Observed today'
        : `Observed ${plural(days, 'day', 'days')} ago`,
  lastMet: (days: number | null) =>
    days === null
      ? 'No conversation yet'
      : days === 0
        ? 'Met today'
        : `Met ${plural(days, 'day', 'days')} ago`,
  waiting: (rounds: number, checkIns: number, reflections: number) =>
    [
      rounds ? plural(rounds, 'round waiting', 'rounds waiting') : '',
      checkIns ? plural(checkIns, 'new check-in', 'new check-ins') : '',
      reflections ? plural(reflections, 'new reflection', 'new reflections') : '',
    ]
      .filter(Boolean)
      .join(', '),
  observationPlanned: (date: string) => `drop-in planned ${date}`,
  planLabel: 'Plan the next drop-in',
  observe: 'Observe',
  converse: 'Conversation',
  observeLabel: (name: string) => `Observe ${name}`,
  converseLabel: (name: string) => `Coaching conversation with ${name}`,
  rhythmLabel: 'How often you meet each teacher',
  rhythm: { weekly: 'Every week', fortnightly: 'Every two weeks', custom: 'Every … days' },
  rhythmDays: 'Days between meetings',
  rhythmSaved: 'Rhythm saved.',
  planned: 'Drop-in planned.',
  unplanned: 'Drop-in unplanned.',
  back: 'Back to this week',

  // Observation
  observationHeading: (name: string) => `Observing ${name}`,
  observationPrivacy:
    'Observations record teaching, never pupils: write what the teacher did and what pupils did as a group. No pupil names or photos.',
  startedAt: (time: string) => `Started ${time}`,
  noteLabel: 'Quick note',
  noteHint: 'Timestamped when you add it.',
  addNote: 'Add note',
  criteriaHeading: 'Success criteria of the current step',
  noCriteria: 'This teacher has no current step: note what you see, then set one in the conversation.',
  marks: { secure: 'Seen secure', 'not-yet': 'Seen, not yet', 'not-seen': 'Not seen' },
  pupilsDid: 'What pupils did',
  pupilsDidHint: 'As a group, e.g. "most started the task within a minute".',
  saveObservation: 'Save observation',

  // Conversation
  conversationHeading: (name: string) => `Coaching conversation with ${name}`,
  parts: {
    target: '1. Target performance',
    praise: '2. Precise praise',
    probe: '3. Probing questions',
    model: '4. The model',
    step: '5. The action step',
    rounds: '6. Deliberate practice',
    checkBack: '7. Check back',
  },
  targetHint: 'Carried over from the current step; change it when you agree a new goal.',
  praiseHint: 'One line each. Pre-filled from the criteria the observation saw secure.',
  praiseFor: (criterion: string) => `You secured: ${criterion}`,
  probeHint: 'One question per line.',
  probeSuggestion: 'What did you notice about the pupils when you did this?',
  suggestedProbes: 'Suggested by the step’s module (tap to add):',
  modelKind: { none: 'No model this time', own: 'I showed a model', module: 'A module’s model' },
  moduleModel: (title: string) => `Model: ${title}`,
  fromModuleLabel: 'Or take the next step from a module',
  fromModuleButton: 'Fill from this module',
  filledFromModule: (title: string) => `Filled from “${title}”: edit anything before saving.`,
  modelForm: { performance: 'Performance (I acted it)', product: 'Product (an exemplar or script)' },
  modelDescription: 'What the model showed',
  modelDescriptionHint: 'Optional when you record it.',
  modelRecorder: {
    recordingHeading: 'Record the model',
    recordingHint: (max: string) =>
      `Optional. Up to ${max}. Your teacher can play it back from their record; it stays on this phone until the conversation is sent.`,
    ...recorderControls,
    record: 'Record the model',
    recorded: (duration: string) => `Model recorded (${duration}).`,
    tooLarge: (megabytes: number) =>
      `That recording is larger than ${megabytes} MB, so it cannot be sent. Record a shorter model.`,
    unavailable: 'Recording is not available in this browser. Describe the model in words instead.',
    denied: 'The microphone was not allowed, so you cannot record here. Describe the model in words instead.',
    noMicrophone: 'No microphone was found. Describe the model in words instead.',
    recorderFailed: 'The recording could not start. Describe the model in words instead.',
    frameTip:
      'Inside some course pages the microphone is blocked. To record, open this page in a new window (your course may offer “Open in new window”) and allow the microphone when the browser asks.',
  },
  stepDecision: { keep: 'Keep the current step: not yet secure', next: 'Secured: set the next step' },
  currentStep: (title: string) => `Current step: ${title}`,
  nextTitle: 'Next action step',
  nextCriteria: 'Success criteria (one per line, up to 5)',
  nextWhen: 'When to practise',
  nextWhy: 'Why it helps',
  roundsHint: 'Each round: tap secure or not yet for each criterion, then one line of feedback.',
  round: (n: number) => `Round ${n}`,
  addRound: 'Add a round',
  roundMarks: { secure: 'Secure', 'not-yet': 'Not yet' },
  roundFeedback: 'Feedback (one line)',
  checkBackOn: 'Check back on',
  saveConversation: 'Save conversation',

  // Saving
  saved: 'Saved.',
  savedOffline: 'Saved on this device. It sends when you are back online; nothing is lost.',
  conflict:
    'This record was changed on another device. Your text is kept below: keep yours, or use the other version.',
  sendNow: 'Send now',
  keepMine: 'Keep mine',
  takeTheirs: 'Use the other version',
  refused: (why: string) => `Not saved: ${why}`,
  invalid: (problem: string) => `Check this first: ${problem}`,
} as const;

/** The teacher's record of their coaching conversations (their page). */
export const recordStrings = {
  heading: 'Your coaching conversations',
  intro:
    'Yours to look back on: what you agreed with your coach, and every step you secured. Leaders never see it.',
  loading: 'Loading your conversations…',
  failed: 'Could not load your coaching conversations.',
  empty: 'No coaching conversations yet.',
  secured: 'Step secured. Next:',
  kept: 'Kept working on the same step.',
  target: 'Goal:',
  questions: 'Questions to think about:',
  modelFromModule: (title: string) => `Model shown: ${title}`,
  ownModel: { performance: 'Your coach modelled it:', product: 'Your coach showed an exemplar:' },
  modelRecording: 'Your coach’s model (recording)',
  rounds: (count: number, secure: number) =>
    count === 0
      ? 'No practice rounds in the meeting.'
      : `${count} practice round${count === 1 ? '' : 's'} in the meeting, ${secure} fully secure.`,
  checkBack: (date: string) => `Coach checks back ${date}.`,
} as const;

/** The coach's reminder settings, under the caseload. */
export const reminderStrings = {
  heading: 'Reminders',
  intro:
    'A digest email of check-backs, rounds waiting and new check-ins, and your check-backs in your calendar.',
  email: 'Email for the digest',
  digest: 'Digest email',
  digestChoices: { off: 'Off', daily: 'Every morning', weekly: 'Monday mornings' },
  noMail: 'This server has no mail settings, so it cannot send a digest. The calendar link still works.',
  save: 'Save reminders',
  saved: 'Reminders saved.',
  feedHeading: 'Calendar link',
  feedIntro:
    'Subscribe to it in Outlook, Google or Apple Calendar. Anyone with the link sees your teachers’ names and steps: keep it private.',
  feedExists: 'You have a calendar link. Making a new one stops the old one working.',
  feedLabel: 'Your private calendar link (shown once)',
  newFeed: 'Make a calendar link',
  replaceFeed: 'Make a new link',
  revokeFeed: 'Stop the link',
  feedMade: 'Calendar link made. Copy it now: it is shown only once.',
  feedRevoked: 'Calendar link stopped.',
} as const;

/** The teacher's steps over time (their page). */
export const stepsStrings = {
  heading: 'Your steps over time',
  loading: 'Loading your steps…',
  failed: 'Could not load your steps.',
  empty: 'Your steps will appear here as your coach sets them.',
  set: (date: string) => `set ${date}`,
  secured: (date: string, by: string | null) => (by ? `secured ${date} with ${by}` : `secured ${date}`),
  current: 'working on it now',
  counts: (rounds: number, checkIns: number) =>
    `${rounds} practice round${rounds === 1 ? '' : 's'}, ${checkIns} check-in${checkIns === 1 ? '' : 's'}`,
} as const;
