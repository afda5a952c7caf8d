/** The provider's module library, editor, import/export and activity counts. */
import type { Phase, Scoring, Theme } from '../../../shared/domain/coaching/module.ts';

type ModelKind = 'product' | 'performance' | 'upload';

const phases: Record<Phase, string> = {
  'early-years': 'Early years',
  primary: 'Primary',
  secondary: 'Secondary',
  'further-education': 'Further education',
  'all-phases': 'All phases',
};

const themes: Record<Theme, string> = {
  'routines-and-behaviour': 'Routines and behaviour',
  'explanation-and-modelling': 'Explanation and modelling',
  'questioning-and-checking': 'Questioning and checking',
  feedback: 'Feedback',
  'adaptive-teaching': 'Adaptive teaching',
};

const modelKinds: Record<ModelKind, string> = {
  product: 'Script or exemplar (text)',
  performance: 'Video or audio at a web address',
  upload: 'Uploaded file',
};

const scoring: Record<Scoring, string> = {
  criteria: 'By criteria: the share of success criteria the coach judged secure',
  completion: 'By completion: full marks once the coach has given feedback',
};

/** A dotted field path of a module (`models.0.text`) in words (`Model 1: text`). */
function fieldLabel(path: string): string {
  const parts = path.split('.');
  const [first, second, third, fourth] = parts;
  const n = (index: string | undefined) => Number(index) + 1;
  switch (first) {
    case 'id':
      return 'Module id';
    case 'title':
      return 'Title';
    case 'summary':
      return 'Summary';
    case 'phase':
      return 'Phase';
    case 'theme':
      return 'Theme';
    case 'targetPerformance':
      return 'Target performance';
    case 'scoring':
      return 'Grading';
    case 'models':
      if (second === undefined) return 'Models';
      return `Model ${n(second)}${third ? `: ${modelFields[third] ?? third}` : ''}`;
    case 'scenarios':
      return second === undefined ? 'Practice scenarios' : `Scenario ${n(second)}`;
    case 'reflectionPrompts':
      return second === undefined ? 'Reflection prompts' : `Reflection prompt ${n(second)}`;
    case 'actionStep':
      if (second === 'successCriteria') {
        return third === undefined ? 'Success criteria' : `Success criterion ${n(third)}`;
      }
      return `Action step: ${stepFields[second ?? ''] ?? second ?? ''}${fourth ? ` ${fourth}` : ''}`;
    default:
      return path;
  }
}

const modelFields: Record<string, string> = {
  kind: 'kind',
  title: 'title',
  text: 'text',
  mediaUrl: 'web address',
  notes: 'notes',
  mediaId: 'file',
  fileName: 'file name',
  contentType: 'file type',
};

const stepFields: Record<string, string> = {
  title: 'title',
  what: 'what to do',
  whenToPractise: 'when to practise',
  why: 'why it helps',
};

export const providerStrings = {
  documentTitle: 'Coaching modules',
  heading: 'Coaching modules',
  intro:
    'Modules give coaches and trainees a target performance, models, ONE action step with success criteria, practice scenarios and reflection prompts.',
  onThisPage: 'On this page',
  phases,
  themes,
  modelKinds,
  scoring,
  origin: { starter: 'Starter', provider: 'Yours' } as const,
  fieldLabel,

  // Library
  libraryHeading: 'Library',
  search: 'Search modules',
  phase: 'Phase',
  anyPhase: 'Any phase',
  theme: 'Theme',
  anyTheme: 'Any theme',
  searchButton: 'Search',
  loadingModules: 'Loading modules…',
  modulesFailed: 'Could not load the modules.',
  moduleCount: (count: number, more = false) =>
    more ? `${count} modules shown; there are more` : `${count} module${count === 1 ? '' : 's'}`,
  showMoreModules: 'Show more modules',
  allModulesShown: 'That is every module for this search.',
  noModules: 'No module matches. Try other words or filters.',
  originLabel: 'Origin',
  versionLabel: 'Version',
  version: (version: number) => `Version ${version}`,
  criteriaCount: (count: number) => `${count} success criteri${count === 1 ? 'on' : 'a'}`,
  meta: (phase: string, theme: string) => `${phase} · ${theme}`,
  loadingModule: 'Loading the module…',
  moduleFailed: 'Could not load this module.',
  closeModule: 'Back to the list',
  targetHeading: 'Target performance',
  modelsHeading: 'Models',
  modelHeading: (index: number, title: string) =>
    title ? `Model ${index + 1}: ${title}` : `Model ${index + 1}`,
  openMedia: 'Open the video or audio',
  loadFile: (fileName: string) => `Load ${fileName}`,
  openFile: (fileName: string) => `Open ${fileName}`,
  loadingFile: 'Loading the file…',
  fileFailed: 'Could not load the file.',
  stepHeading: 'Action step',
  scenariosHeading: 'Practice scenarios',
  promptsHeading: 'Reflection prompts',
  scoringHeading: 'Grading',
  readOnly: 'Starter modules are read-only. Copy one to adapt it for your institution.',
  edit: 'Edit this module',
  copyToEdit: 'Copy to edit',

  // Editor
  editorHeading: 'Editor',
  programmeHeading: 'Programme',
  schoolsAndLeadersHeading: 'Schools and leaders',
  newHeading: 'New module',
  editHeading: (title: string, version: number) => `Editing “${title}” (version ${version})`,
  copyHeading: (title: string) => `New module, copied from “${title}”`,
  startNew: 'Start a new module',
  required: 'required',
  fields: {
    id: 'Module id',
    idHint:
      'Made from the title (lowercase letters, digits and "-", up to 48); change it if you like. It cannot change once saved.',
    idFixed: 'The id of a saved module cannot change.',
    title: 'Title',
    summary: 'Summary',
    summaryHint: 'One or two sentences for the library.',
    phase: 'Phase',
    choosePhase: 'Choose a phase…',
    theme: 'Theme',
    chooseTheme: 'Choose a theme…',
    targetPerformance: 'Target performance',
    targetHint: 'The bigger aim: what expert practice looks like.',
    models: 'Models',
    modelsHint: '1 to 5 models of the target performance.',
    model: (index: number) => `Model ${index + 1}`,
    modelKind: 'Kind of model',
    modelTitle: 'Model title',
    modelText: 'Script or exemplar',
    mediaUrl: 'Web address (https://)',
    notes: 'Notes',
    file: 'File',
    fileHint: 'Audio, video, PDF or image, up to 25 MB.',
    uploaded: (fileName: string) => `Uploaded: ${fileName}`,
    uploading: (fileName: string) => `Uploading ${fileName}…`,
    chooseFile: 'Choose a file to upload',
    step: 'Action step',
    stepTitle: 'Action step title',
    stepTitleHint: 'ONE bite-sized step, e.g. “Use a 3-2-1 countdown before giving instructions”.',
    what: 'What to do',
    successCriteria: 'Success criteria',
    successCriteriaHint: '1 to 5. How will trainee and coach both know it worked?',
    criterion: (index: number) => `Success criterion ${index + 1}`,
    whenToPractise: 'When to practise',
    why: 'Why it helps',
    scenarios: 'Practice scenarios',
    scenariosHint: '1 to 10 classroom moments to rehearse.',
    scenario: (index: number) => `Scenario ${index + 1}`,
    reflectionPrompts: 'Reflection prompts',
    promptsHint: '1 to 6 questions for after practice.',
    prompt: (index: number) => `Reflection prompt ${index + 1}`,
    scoring: 'Grading',
  },
  add: {
    model: 'Add a model',
    criterion: 'Add a success criterion',
    scenario: 'Add a scenario',
    prompt: 'Add a reflection prompt',
  },
  remove: {
    model: (index: number) => `Remove model ${index + 1}`,
    criterion: (index: number) => `Remove success criterion ${index + 1}`,
    scenario: (index: number) => `Remove scenario ${index + 1}`,
    prompt: (index: number) => `Remove reflection prompt ${index + 1}`,
  },
  fileTooBig: (fileName: string) => `${fileName} is larger than 25 MB.`,
  fileWrongType: (fileName: string) =>
    `${fileName} is not a type that can be used as a model (audio, video, PDF, PNG or JPEG).`,
  uploadFailed: (reason: string) => `The file was not uploaded: ${reason}`,
  errorSummary: 'Check the module',
  choosePhaseError: 'Choose a phase',
  chooseThemeError: 'Choose a theme',
  create: 'Create module',
  save: 'Save changes',
  saving: 'Saving…',
  created: (title: string) => `Created “${title}”. It is now in your library.`,
  saved: (title: string, version: number) => `Saved “${title}” as version ${version}.`,
  saveFailed: (reason: string) => `Not saved: ${reason} Your text is still here.`,
  conflict:
    'Someone else saved a newer version of this module while you were editing. Your text is still below, not saved.',
  reloadLatest: 'Load the newer version',
  reloaded: (version: number) =>
    `Loaded version ${version}. Your unsaved text is listed under the editor’s heading: copy what you need.`,
  unsavedHeading: 'Your unsaved text',
  unsavedIntro: 'What you had typed where it differs from the newer version:',
  copyTitle: (title: string) => `${title} (copy)`,
  copied: (title: string) => `Copied “${title}” into the editor. Choose a new id and save it as your own.`,
  editing: (title: string) => `“${title}” is open in the editor.`,

  // Import and export
  importExportHeading: 'Import and export',
  importHeading: 'Import',
  importIntro: 'A module file in JSON or YAML. Nothing is imported if any module in it has a problem.',
  importFile: 'Module file (.json, .yaml or .yml)',
  importButton: 'Import',
  importing: 'Importing…',
  chooseImportFile: 'Choose a file first.',
  importTooLarge: 'The file is larger than 1 MB.',
  imported: (created: readonly string[], updated: readonly string[]) =>
    [
      `Imported ${created.length + updated.length} module${created.length + updated.length === 1 ? '' : 's'}.`,
      created.length > 0 ? `Created: ${created.join(', ')}.` : '',
      updated.length > 0 ? `Updated: ${updated.join(', ')}.` : '',
    ]
      .filter(Boolean)
      .join(' '),
  importProblemsHeading: 'Nothing was imported. Fix these problems and try again:',
  importProblem: (file: string, field: string, line: number | null, message: string) =>
    `${file} — ${field || 'whole file'}${line === null ? '' : ` (line ${line})`}: ${message}`,
  importFailed: (reason: string) => `Nothing was imported: ${reason}`,
  exportHeading: 'Export',
  exportIntro: 'Download your modules as a file to keep, share or edit elsewhere, then import it again.',
  exportModules: 'Modules to export',
  exportModulesHint: 'Choose none to export all of your modules.',
  noOwnModules: 'You have no modules of your own to export yet.',
  format: 'Format',
  formats: { yaml: 'YAML', json: 'JSON' } as const,
  exportButton: 'Export',
  exporting: 'Preparing the file…',
  exportReady: (fileName: string) => `Downloaded ${fileName}. The link below downloads it again.`,
  download: (fileName: string) => `Download ${fileName}`,
  exportFailed: (reason: string) => `Could not export: ${reason}`,

  // Activity
  activityHeading: 'Activity',
  activityNote: 'Counts only: providers see how modules are used, never what teachers wrote.',
  activityCaption: 'Use of each module across courses',
  notOpenedYet: 'Not opened in a course yet.',
  loadingActivity: 'Loading activity…',
  activityFailed: 'Could not load the activity counts.',
  noActivity: 'No module has been used yet.',
  moreActivity: 'Show more modules',
  moreActivityShown: (count: number) => `${count} more ${count === 1 ? 'module' : 'modules'} shown.`,
  allActivityShown: 'That is every module.',
  columns: {
    module: 'Module',
    courses: 'Courses',
    trainees: 'Trainees',
    rounds: 'Rounds',
    reviewed: 'Reviewed',
    checkIns: 'Check-ins',
    reflections: 'Reflections',
  },
};
