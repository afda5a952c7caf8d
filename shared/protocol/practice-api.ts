import * as v from 'valibot';
import { ActionStepSchema } from '../domain/coaching/action-step.ts';
import {
  CoachingModuleSchema,
  ModuleContentSchema,
  ModuleDefinitionSchema,
  ModuleIdSchema,
  PhaseSchema,
  ThemeSchema,
} from '../domain/coaching/module.ts';
import {
  CheckInSchema,
  CriterionJudgementSchema,
  MAX_SCRIPT_CHARS,
  PracticeRoundSchema,
  ReflectionSchema,
} from '../domain/coaching/practice.ts';
import { IdSchema, IsoDateSchema } from '../domain/coaching/text.ts';
import { NextCursorSchema, PAGE_SIZES, pageOf, pageQuerySchema } from './paging.ts';

/**
 * The practice-and-feedback API: modules (providers), rounds and feedback (trainees and
 * coaches), check-ins, reflections, drafts and media. Paths and bodies are shared so the
 * pages and the server cannot drift. Every path is under /api and needs a bearer session.
 * What each endpoint does, who may call it and its errors: docs/practice-api.md (READ IT).
 */
export const PRACTICE_API = {
  modules: '/api/modules',
  module: (id: string) => `/api/modules/${encodeURIComponent(id)}`,
  moduleImport: '/api/modules/import',
  moduleExport: '/api/modules/export',
  media: '/api/media',
  mediaItem: (id: string) => `/api/media/${encodeURIComponent(id)}`,
  practice: (linkKey: string) => `/api/practice/${encodeURIComponent(linkKey)}`,
  /** Further pages of the practice response's lists (`?limit=&after=<next>`). */
  practiceRounds: (linkKey: string) => `/api/practice/${encodeURIComponent(linkKey)}/rounds`,
  practiceCheckIns: (linkKey: string) => `/api/practice/${encodeURIComponent(linkKey)}/check-ins`,
  practiceReflections: (linkKey: string) => `/api/practice/${encodeURIComponent(linkKey)}/reflections`,
  rounds: '/api/practice/rounds',
  roundFeedback: (roundId: string) => `/api/practice/rounds/${encodeURIComponent(roundId)}/feedback`,
  reviewQueue: '/api/review-queue',
  traineeHistory: (userId: string) => `/api/trainees/${encodeURIComponent(userId)}/history`,
  myHistory: '/api/me/history',
  checkIns: '/api/check-ins',
  reflections: '/api/reflections',
  draft: (key: string) => `/api/drafts/${encodeURIComponent(key)}`,
  providerActivity: '/api/provider/activity',
} as const;

/** Import files are larger than ordinary API bodies; uploads larger still (see practice.ts). */
export const MAX_IMPORT_BYTES = 1024 * 1024;

export const ModuleSummarySchema = v.object({
  id: ModuleIdSchema,
  title: v.string(),
  summary: v.string(),
  phase: PhaseSchema,
  theme: ThemeSchema,
  origin: v.picklist(['starter', 'provider']),
  version: v.number(),
  criteriaCount: v.number(),
});
export type ModuleSummary = v.InferOutput<typeof ModuleSummarySchema>;

/** A search of the library, a page at a time by module id; `after` belongs to this search only. */
export const ModuleListQuerySchema = v.object({
  query: v.optional(v.pipe(v.string(), v.trim(), v.maxLength(100)), ''),
  phase: v.optional(v.union([PhaseSchema, v.literal('')]), ''),
  theme: v.optional(v.union([ThemeSchema, v.literal('')]), ''),
  ...pageQuerySchema(PAGE_SIZES.modules).entries,
});
export type ModuleListQuery = v.InferOutput<typeof ModuleListQuerySchema>;

export const ModuleListResponseSchema = v.object({
  modules: pageOf(ModuleSummarySchema, PAGE_SIZES.modules),
  next: NextCursorSchema,
});
export type ModuleListResponse = v.InferOutput<typeof ModuleListResponseSchema>;

export const ModuleResponseSchema = v.object({ module: CoachingModuleSchema });
export type ModuleResponse = v.InferOutput<typeof ModuleResponseSchema>;

/** POST /api/modules: a new provider module. */
export const CreateModuleRequestSchema = v.object({ module: ModuleDefinitionSchema });
/** PUT /api/modules/:id: an edit made against `expectedVersion`; a stale one is a 409. */
export const UpdateModuleRequestSchema = v.object({
  module: ModuleContentSchema,
  expectedVersion: v.pipe(v.number(), v.integer(), v.minValue(1)),
});

/** POST /api/modules/import: the file's name and text (JSON or YAML, told apart by content). */
export const ImportRequestSchema = v.object({
  fileName: v.pipe(v.string(), v.trim(), v.nonEmpty('fileName is required'), v.maxLength(200)),
  text: v.pipe(v.string(), v.maxLength(MAX_IMPORT_BYTES, 'The file is larger than 1 MB')),
});

/** Where in the file a problem is: a person can go straight to it. */
export const ImportProblemSchema = v.object({
  file: v.string(),
  /** Dotted path, e.g. `modules[2].actionStep.successCriteria`. Empty for the whole file. */
  field: v.string(),
  /** 1-based; null when the file could not be read at all. */
  line: v.nullable(v.number()),
  message: v.string(),
});
export type ImportProblem = v.InferOutput<typeof ImportProblemSchema>;

export const ImportResponseSchema = v.object({
  imported: v.array(
    v.object({ id: ModuleIdSchema, title: v.string(), version: v.number(), created: v.boolean() }),
  ),
});
/** 400 body of a refused import: every problem found, nothing stored. */
export const ImportErrorBodySchema = v.object({
  error: v.object({ code: v.literal('invalid-input'), message: v.string() }),
  problems: v.array(ImportProblemSchema),
});

export const MediaResponseSchema = v.object({
  media: v.object({ id: IdSchema, contentType: v.string(), size: v.number() }),
});

/**
 * Everything a trainee's practice page needs for one embedded module, with the first page of
 * each list (newest first); `next` pages on through practiceRounds/practiceCheckIns/practiceReflections.
 */
export const PracticeResponseSchema = v.object({
  module: CoachingModuleSchema,
  rounds: pageOf(PracticeRoundSchema, PAGE_SIZES.rounds),
  checkIns: pageOf(CheckInSchema, PAGE_SIZES.checkIns),
  reflections: pageOf(ReflectionSchema, PAGE_SIZES.reflections),
  currentStep: v.nullable(ActionStepSchema),
  /** How many days recordings are kept (RECORDING_RETENTION_DAYS): said beside the recorder. */
  recordingRetentionDays: v.optional(v.pipe(v.number(), v.integer(), v.minValue(1))),
  next: v.object({
    rounds: NextCursorSchema,
    checkIns: NextCursorSchema,
    reflections: NextCursorSchema,
  }),
});
export type PracticeResponse = v.InferOutput<typeof PracticeResponseSchema>;

/** `?limit=&after=` of practiceRounds (a trainee's rounds on the activity, newest first). */
export const PracticeRoundsQuerySchema = pageQuerySchema(PAGE_SIZES.rounds);
export const PracticeRoundsPageSchema = v.object({
  rounds: pageOf(PracticeRoundSchema, PAGE_SIZES.rounds),
  next: NextCursorSchema,
});
export type PracticeRoundsPage = v.InferOutput<typeof PracticeRoundsPageSchema>;

/** `?limit=&after=` of practiceCheckIns (the activity's and general check-ins, newest first). */
export const PracticeCheckInsQuerySchema = pageQuerySchema(PAGE_SIZES.checkIns);
export const PracticeCheckInsPageSchema = v.object({
  checkIns: pageOf(CheckInSchema, PAGE_SIZES.checkIns),
  next: NextCursorSchema,
});
export type PracticeCheckInsPage = v.InferOutput<typeof PracticeCheckInsPageSchema>;

/** `?limit=&after=` of practiceReflections (the activity's and general reflections, newest first). */
export const PracticeReflectionsQuerySchema = pageQuerySchema(PAGE_SIZES.reflections);
export const PracticeReflectionsPageSchema = v.object({
  reflections: pageOf(ReflectionSchema, PAGE_SIZES.reflections),
  next: NextCursorSchema,
});
export type PracticeReflectionsPage = v.InferOutput<typeof PracticeReflectionsPageSchema>;

export const RoundResponseSchema = v.object({ round: PracticeRoundSchema });

export const ReviewItemSchema = v.object({
  roundId: IdSchema,
  traineeId: v.string(),
  traineeName: v.string(),
  moduleId: v.string(),
  moduleTitle: v.string(),
  successCriteria: v.array(v.string()),
  roundNumber: v.number(),
  script: v.string(),
  audioId: v.nullable(IdSchema),
  selfAssessment: v.array(CriterionJudgementSchema),
  submittedAt: IsoDateSchema,
});
export type ReviewItem = v.InferOutput<typeof ReviewItemSchema>;

/** Oldest first; `after` is the `next` of the previous page. */
export const ReviewQueueQuerySchema = pageQuerySchema(PAGE_SIZES.reviewQueue);
export const ReviewQueueResponseSchema = v.object({
  items: pageOf(ReviewItemSchema, PAGE_SIZES.reviewQueue),
  total: v.number(),
  next: v.nullable(v.string()),
});
export type ReviewQueueResponse = v.InferOutput<typeof ReviewQueueResponseSchema>;

/** `?limit=&after=` of a trainee's history: `limit` counts steps, rounds, check-ins and reflections together. */
export const HistoryQuerySchema = pageQuerySchema(PAGE_SIZES.history);

/**
 * A trainee's cycles, for the trainee and their coach only, a page at a time: the newest
 * `limit` of their steps, rounds, check-ins and reflections together (newest first by when
 * each was set, submitted, made or written). `earlierSteps` are steps from before this page
 * that its entries belong to (the step in effect at its oldest entry, and steps its check-ins
 * name), so a page can be grouped into cycles on its own; each also comes, as an item, on the
 * page that reaches its date.
 */
export const HistoryResponseSchema = v.pipe(
  v.object({
    trainee: v.object({ userId: v.string(), name: v.string() }),
    steps: v.array(ActionStepSchema),
    rounds: v.array(v.object({ ...PracticeRoundSchema.entries, moduleTitle: v.string() })),
    checkIns: v.array(CheckInSchema),
    reflections: v.array(ReflectionSchema),
    earlierSteps: pageOf(ActionStepSchema, { default: 1, max: PAGE_SIZES.history.max + 1 }),
    next: NextCursorSchema,
  }),
  v.check(
    (page) =>
      page.steps.length + page.rounds.length + page.checkIns.length + page.reflections.length <=
      PAGE_SIZES.history.max,
    `A history page holds at most ${PAGE_SIZES.history.max} entries`,
  ),
);
export type HistoryResponse = v.InferOutput<typeof HistoryResponseSchema>;

export const CheckInResponseSchema = v.object({ checkIn: CheckInSchema });
export const ReflectionResponseSchema = v.object({ reflection: ReflectionSchema });

/** A practice draft as the server keeps it: the newest `savedAt` wins. Recordings stay on the device. */
export const DraftContentSchema = v.object({
  roundId: IdSchema,
  script: v.pipe(v.string(), v.maxLength(MAX_SCRIPT_CHARS)),
  selfAssessment: v.array(v.nullable(CriterionJudgementSchema)),
});
export type DraftContent = v.InferOutput<typeof DraftContentSchema>;
export const DraftSchema = v.object({ content: DraftContentSchema, savedAt: IsoDateSchema });
export type Draft = v.InferOutput<typeof DraftSchema>;
export const DraftResponseSchema = v.object({ draft: v.nullable(DraftSchema) });

/** `?limit=&after=` of the provider's counts, by module id. */
export const ProviderActivityQuerySchema = pageQuerySchema(PAGE_SIZES.providerActivity);

/** Counts only: providers see how modules are used, never what anyone wrote. A page by module id. */
export const ProviderActivityResponseSchema = v.object({
  modules: pageOf(
    v.object({
      moduleId: v.string(),
      title: v.string(),
      courses: v.number(),
      trainees: v.number(),
      rounds: v.number(),
      reviewed: v.number(),
      checkIns: v.number(),
      reflections: v.number(),
    }),
    PAGE_SIZES.providerActivity,
  ),
  next: NextCursorSchema,
});
export type ProviderActivityResponse = v.InferOutput<typeof ProviderActivityResponseSchema>;
