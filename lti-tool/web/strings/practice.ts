import { recorderControls } from './recorder.ts';

/** The trainee's practice page (and the check-in and reflection parts the teacher page shares). */
export const practiceStrings = {
  documentTitle: 'Practice',
  heading: 'Deliberate practice',
  loading: 'Loading the practice activity…',
  loadFailed: 'Could not load this practice activity.',
  noActivity:
    'This page was opened without a practice module. Open it again from the practice activity in your course.',
  sectionsLabel: 'Parts of this practice activity',
  tabs: {
    practise: 'Practise',
    module: 'The module',
    rounds: 'Your rounds',
    reflect: 'Check in and reflect',
  },
  readModuleFirst: 'New to this module? Read its target, models and scenarios first.',
  openModule: 'Open the module',
  latest: {
    heading: (roundNumber: number) => `Latest feedback from your coach: round ${roundNumber}`,
    allRounds: 'See all your rounds',
  },
  announce: {
    submitted: (roundNumber: number) =>
      `Round ${roundNumber} sent to your coach. A new draft has started for your next round.`,
    reflectionSaved: 'Reflection saved.',
  },

  overview: {
    targetHeading: 'Target performance',
    modelsHeading: (count: number) => (count === 1 ? 'Model' : 'Models'),
    modelHeading: (index: number, title: string) => title || `Model ${index}`,
    watchModel: 'Watch or listen to the model',
    opensInNewTab: '(opens in a new tab)',
    stepHeading: 'The step this module rehearses',
    stepNote:
      'What you practise in this module. Your current step is the one you agree with your coach: it is shown where you check in.',
    what: 'What to do',
    successCriteria: 'Success criteria',
    whenToPractise: 'When to practise',
    why: 'Why it helps',
    scenariosHeading: 'Practice scenarios',
    scenariosIntro: 'Rehearse the step as if you were in one of these situations.',
  },

  media: {
    loading: (name: string) => `Loading ${name}…`,
    failed: (name: string, reason: string) => `Could not load ${name}. ${reason}`,
    load: (name: string) => `Load ${name}`,
    open: (name: string) => `Open ${name}`,
    download: (name: string) => `Download ${name}`,
  },

  round: {
    heading: (roundNumber: number) => `Round ${roundNumber}`,
    intro:
      'Rehearse the action step: write what you will say, record yourself saying it, or both. Then judge yourself against each success criterion.',
    script: 'Your script',
    scriptHint: 'What you will say and do, as you would say it in class.',
    recordingHeading: 'Recording',
    recordingHint: (max: string) => `Optional. Up to ${max}. It stays on this device until you submit.`,
    ...recorderControls,
    record: 'Record',
    recorded: (duration: string) => `Recording ready (${duration}).`,
    tooLarge: (megabytes: number) =>
      `That recording is larger than ${megabytes} MB, so it cannot be sent. Record a shorter one.`,
    unavailable: 'Recording is not available in this browser. You can still submit a written script.',
    denied:
      'The microphone was not allowed, so you cannot record here. You can still submit a written script.',
    noMicrophone: 'No microphone was found. You can still submit a written script.',
    recorderFailed: 'The recording could not start. You can still submit a written script.',
    frameTip:
      'Inside some course pages the microphone is blocked. To record, open this activity in a new window (your course may offer “Open in new window”) and allow the microphone when the browser asks.',
    selfHeading: 'Self-assessment',
    selfHint: 'For each success criterion, is it secure yet?',
    needRehearsal: 'Write a script or record yourself before submitting.',
    // Shown inside the criterion's own group, which already names it.
    judgeEach: 'Choose Secure or Not yet.',
    submit: 'Submit round',
    sending: 'Sending…',
    notSent: (reason: string) =>
      `Your round was not sent. ${reason} Your draft is kept on this device, so nothing is lost.`,
    rejected: (reason: string) => `The server did not accept this round: ${reason}`,
    retry: 'Try sending again',
  },

  draft: {
    savedLocally: 'Draft saved on this device',
    synced: 'Draft saved',
    unsaved: 'Draft not saved yet. Keep this page open; saving will be tried again.',
  },

  judgement: {
    secure: 'Secure',
    'not-yet': 'Not yet',
  },

  timeline: {
    heading: 'Your rounds',
    empty: 'No rounds yet. Each round you submit appears here with your coach’s feedback.',
    chartLabel: 'Success criteria secure per round',
    roundHeading: (roundNumber: number) => `Round ${roundNumber}`,
    submittedAt: (when: string) => `Submitted ${when}`,
    script: 'Your script',
    noScript: 'No script for this round.',
    recording: (roundNumber: number) => `Recording of round ${roundNumber}`,
    loadRecording: (roundNumber: number) => `Play the recording of round ${roundNumber}`,
    selfAssessment: 'Your self-assessment',
    feedbackHeading: 'Coach’s feedback',
    feedbackBy: (name: string | null, when: string) => (name ? `${name}, ${when}` : when),
    praise: 'What went well',
    probe: 'Question to think about',
    nextStep: 'Next step',
    coachJudgement: 'Success criteria, as your coach saw them',
    awaiting: 'Waiting for your coach’s feedback.',
    showEarlier: 'Show earlier rounds',
    earlierShown: (count: number) => `${count} earlier ${count === 1 ? 'round' : 'rounds'} shown.`,
    allShown: 'That is all your rounds.',
  },

  reflection: {
    heading: 'Reflection',
    privacy: 'Private: only you and your coach can read your reflections.',
    promptsHeading: 'Things to think about',
    wentWell: 'What went well, against the success criteria?',
    change: 'What would you change?',
    next: 'What will you do next?',
    hint: 'Write in at least one of the boxes.',
    needOne: 'Write something in at least one of the boxes.',
    save: 'Save reflection',
    saving: 'Saving…',
    failed: (reason: string) => `Your reflection was not saved. ${reason} What you wrote is still here.`,
    previousHeading: 'Your reflections',
    writtenAt: (when: string) => `Written ${when}`,
    showEarlier: 'Show earlier reflections',
    earlierShown: (count: number) => `${count} earlier ${count === 1 ? 'reflection' : 'reflections'} shown.`,
    allShown: 'That is all your reflections.',
  },
};

/** The one-tap check-in, on the practice page and the teacher page. */
export const checkInStrings = {
  heading: 'Check in',
  intro: 'Tried the step in class? One tap says how it went.',
  /** Which step the check-in is about: there is one current step per teacher; a module only rehearses one. */
  stepLabel: {
    current: 'About your current step:',
    module: 'You have no current step yet, so this is about the module’s step:',
  },
  question: 'How did it go?',
  note: 'Add a line (optional)',
  noteHint: (max: number) => `Up to ${max} characters. Type it before you tap.`,
  outcomes: {
    'went-well': 'Went well',
    partly: 'Partly',
    'not-yet': 'Not yet',
    planned: 'Planned for it',
  },
  sending: 'Sending…',
  saved: (outcome: string) => `Check-in saved: ${outcome}.`,
  failed: (reason: string) => `Your check-in was not saved. ${reason}`,
  retry: 'Try the check-in again',
  previousHeading: 'Your check-ins',
  at: (when: string) => when,
  showEarlier: 'Show earlier check-ins',
  earlierShown: (count: number) => `${count} earlier ${count === 1 ? 'check-in' : 'check-ins'} shown.`,
  allShown: 'That is all your check-ins.',
};
