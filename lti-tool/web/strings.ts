/**
 * Every piece of text the LTI pages show, in English. One module so a translation can
 * replace it later; parameterised strings are functions.
 */
export const common = {
  startFailed: 'This page could not start. Open the coaching tool again from your course.',
  courseLabel: 'Course',
  loading: 'Loading…',
  retry: 'Try again',
  errors: {
    offline: 'Could not reach the coaching server. Check your connection.',
    unauthenticated: 'Your session has ended. Open the coaching tool again from your course.',
    server: 'The coaching server had a problem. Please try again in a moment.',
    badResponse: 'The coaching server sent something this page cannot read. Reload the page.',
    unexpected: 'Something went wrong. Please try again.',
  },
};

/** "Show earlier…" under a list the server gives a page at a time. */
export const pagingStrings = {
  failed: (reason: string) => `Could not load more. ${reason} Try the button again.`,
};

export const coachStrings = {
  documentTitle: 'Action steps',
  heading: 'Action steps',
  intro: 'Choose a teacher, check their current action step and set the next one.',
  failedScoresHeading: 'Scores your LMS did not accept',
  failedScoresIntro:
    'These never reached the gradebook. Enter them there by hand, or ask your LMS administrator.',
  failedScore: (name: string, given: number | null, maximum: number, error: string) =>
    `${name}: ${given === null ? 'submission' : `${given} / ${maximum}`}. ${error}`,
  moreFailedScores: 'Show more failed scores',
  moreFailedScoresShown: (count: number) => `${count} more failed ${count === 1 ? 'score' : 'scores'} shown.`,
  allFailedScoresShown: 'That is every score your LMS did not accept.',
  teachersHeading: 'Teachers',
  chooseTeacher: 'Choose a teacher',
  loadingRoster: 'Loading teachers…',
  findTeacher: 'Find a teacher',
  noMatch: 'No teacher matches that name.',
  noTeachers: 'There are no teachers in this course yet.',
  rosterFailed: 'Could not load the people in this course.',
  unnamedTeacher: (userId: string) => `Unnamed teacher (${userId})`,
  hasStep: 'Has an action step',
  noStepShort: 'No action step yet',
  pickPrompt: 'Choose a teacher to see and set their action step.',
  currentHeading: (name: string) => `${name}’s current action step`,
  noStep: 'No action step yet.',
  editCurrent: 'Edit this step',
  formHeading: 'Set action step',
  formIntro: (name: string) => `One bite-sized step for ${name}. Saving replaces the current step.`,
  fields: {
    goal: 'Goal (target performance)',
    goalHint: 'The bigger aim this step works towards.',
    title: 'Action step',
    titleHint: 'One specific thing to do, e.g. “Use a 3-2-1 countdown before giving instructions”.',
    what: 'What to do',
    whatHint: 'Optional. How to do it, step by step.',
    successCriteria: 'Success criteria',
    successCriteriaHint: 'One per line, 1 to 5. How will you both know it worked?',
    whenToPractise: 'When to practise',
    whenToPractiseHint: 'e.g. “Period 2 with 9B, at the start of the lesson”.',
    why: 'Why it helps',
    whyHint: 'Optional.',
  },
  required: 'required',
  save: 'Save action step',
  saving: 'Saving…',
  saveShortcut: 'Tip: Ctrl+Enter (⌘+Enter on a Mac) saves from any field.',
  errorSummary: 'Check the action step',
  saved: (name: string) => `Saved. ${name} will see it in their browser extension after the next sync.`,
  savedLocally: 'Saved on this device.',
  notSent: (reason: string) =>
    `Not sent to the server yet: ${reason} It will be sent the next time you save or open this page.`,
  rejected: (reason: string) => `The server did not accept the action step: ${reason}`,
  sendNow: 'Send now',
  syncing: 'Sending changes…',
  syncedPending: 'All changes sent.',
  syncFailed: (reason: string) => `Could not get the latest action steps: ${reason}`,
  upToDate: 'Action steps are up to date.',
  saveFailed: 'The action step could not be saved on this device. Please try again.',
  storageFailed:
    'This browser did not let the page store action steps, so nothing can be saved. Try another browser or allow site data for this site.',
};

export const teacherStrings = {
  documentTitle: 'Your action step',
  heading: 'Your action step',
  greeting: (name: string) => `Hello, ${name}.`,
  stepFailed: 'Could not load your action step.',
  emptyTitle: 'No action step yet',
  emptyBody: 'When your coach sets your next action step, it will appear here and in your browser extension.',
  connectHeading: 'Connect your browser extension',
  connectIntro: 'See your action step while you plan lessons, right where you work.',
  stepsHeading: 'How to connect',
  /** Step 1 when EXTENSION_STORE_URL is set: the link's text, then what follows it. */
  installLink: 'Install the browser extension',
  opensInNewTab: '(opens in a new tab)',
  /** Step 1 when it is not: no store listing to link to. */
  installFromReadme:
    'Install the browser extension: it is not in a browser store yet, so whoever runs this coaching tool installs it as its README explains (“Load the extension”).',
  steps: [
    'Show your pairing link here and press “Copy link”.',
    'Open the extension’s options page, paste the link into “Pairing link”, and it connects.',
  ],
  showCode: 'Show pairing code',
  showNewCode: 'Show a new pairing code',
  requesting: 'Getting a code…',
  linkLabel: 'Your pairing link',
  copyLink: 'Copy link',
  copied: 'Copied. Now paste it into the extension’s options page.',
  copyRefused:
    'This page may not copy for you here. The link is selected: press Ctrl+C (⌘C on a Mac) to copy it.',
  typedHeading: 'Typing it in instead?',
  codeLabel: 'Pairing code',
  addressLabel: 'Server address',
  expiresIn: (minutes: number, time: string) =>
    `This link works once and expires in ${minutes} minute${minutes === 1 ? '' : 's'}, at ${time}.`,
  expired: 'This pairing link has expired. Show a new one when you are ready to connect.',
  codeFailed: 'Could not get a pairing code.',
};

/** The teacher page's list of paired browsers. */
export const devicesStrings = {
  heading: 'Your connected browsers',
  intro:
    'Each browser you paired can see your action step. Disconnect any you no longer use or do not recognise.',
  none: 'No browser is connected yet.',
  loadFailed: 'Could not load your connected browsers.',
  paired: (when: string) => `Paired ${when}.`,
  lastUsed: (when: string) => `Last synced ${when}.`,
  notUsedYet: 'Not synced yet.',
  disconnect: 'Disconnect',
  disconnecting: 'Disconnecting…',
  disconnectLabel: (label: string, pairedAt: string) => `Disconnect ${label}, paired ${pairedAt}`,
  disconnected: (label: string) => `${label} is disconnected. It will ask to be paired again.`,
  disconnectFailed: 'Could not disconnect it.',
};

export * from './strings/practice.ts';
export * from './strings/review.ts';
export * from './strings/provider.ts';
export * from './strings/privacy.ts';
export * from './strings/programme.ts';
