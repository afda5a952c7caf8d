import * as v from 'valibot';
import { ActionStepSchema } from '../domain/coaching/action-step.ts';
import {
  CoachingRhythmSchema,
  ConversationInputSchema,
  ObservationInputSchema,
} from '../domain/coaching/cycle.ts';
import { CalendarDaySchema, IdSchema, IsoDateSchema } from '../domain/coaching/text.ts';

/**
 * `PUT /api/observations/:id` and `PUT /api/conversations/:id`: the record's id is the client's
 * (made when the coach starts it, offline or not); `changeId` makes a retried save harmless;
 * `baseVersion` is the version the device last had (0 for new), so two devices never overwrite
 * each other silently.
 */
const save = <S extends v.GenericSchema>(record: S) =>
  v.object({
    changeId: IdSchema,
    baseVersion: v.pipe(v.number(), v.integer(), v.minValue(0), v.maxValue(1_000_000)),
    record,
  });
export const ObservationSaveSchema = save(ObservationInputSchema);
export const ConversationSaveSchema = save(ConversationInputSchema);
export type ObservationSave = v.InferOutput<typeof ObservationSaveSchema>;
export type ConversationSave = v.InferOutput<typeof ConversationSaveSchema>;

const stored = <S extends v.GenericSchema>(record: S) =>
  v.object({
    id: IdSchema,
    teacherId: v.string(),
    version: v.number(),
    at: IsoDateSchema,
    record,
  });
export const StoredObservationSchema = stored(ObservationInputSchema);
export const StoredConversationSchema = stored(ConversationInputSchema);
export type StoredObservation = v.InferOutput<typeof StoredObservationSchema>;
export type StoredConversation = v.InferOutput<typeof StoredConversationSchema>;

export const UrgencySchema = v.picklist(['overdue', 'due-soon', 'on-track', 'not-started']);

export const CaseloadEntrySchema = v.object({
  teacherId: v.string(),
  name: v.string(),
  step: v.nullable(ActionStepSchema),
  lastObservationAt: v.nullable(IsoDateSchema),
  lastConversationAt: v.nullable(IsoDateSchema),
  checkBackOn: v.nullable(CalendarDaySchema),
  /** The next drop-in the coach planned, if any. */
  observationPlannedOn: v.nullable(CalendarDaySchema),
  urgency: UrgencySchema,
  dueOn: v.nullable(CalendarDaySchema),
  /** Rounds waiting for feedback now; check-ins and reflections since the coach last looked. */
  waiting: v.object({ rounds: v.number(), checkIns: v.number(), reflections: v.number() }),
});
export type CaseloadEntry = v.InferOutput<typeof CaseloadEntrySchema>;

/** `GET /api/caseload`: every teacher of the coach's course, what needs them first at the top. */
export const CaseloadResponseSchema = v.object({
  today: CalendarDaySchema,
  rhythm: CoachingRhythmSchema,
  teachers: v.array(CaseloadEntrySchema),
});
export type CaseloadResponse = v.InferOutput<typeof CaseloadResponseSchema>;

/** `PUT /api/teachers/:teacherId/planned-observation`: a day from today, or null to unplan. */
export const PlanObservationSchema = v.object({ on: v.nullable(CalendarDaySchema) });

/** `PUT /api/course/rhythm`. */
export const RhythmRequestSchema = v.object({ rhythm: CoachingRhythmSchema });

/** `GET /api/teachers/:teacherId/cycle`: what a new observation or conversation starts from. */
export const CycleStartSchema = v.object({
  step: v.nullable(ActionStepSchema),
  lastObservation: v.nullable(StoredObservationSchema),
  lastConversation: v.nullable(StoredConversationSchema),
  /** Probing questions from the module the current step was taken from (none when it was typed). */
  suggestedProbes: v.optional(v.array(v.string()), []),
});
export type CycleStart = v.InferOutput<typeof CycleStartSchema>;

/** `GET /api/conversations` (a teacher's own) and `GET /api/teachers/:teacherId/conversations` (their coach). */
export const ConversationListSchema = v.object({ conversations: v.array(StoredConversationSchema) });

export const CYCLE_API = {
  caseload: '/api/caseload',
  rhythm: '/api/course/rhythm',
  plannedObservation: (teacherId: string) =>
    `/api/teachers/${encodeURIComponent(teacherId)}/planned-observation`,
  cycleStart: (teacherId: string) => `/api/teachers/${encodeURIComponent(teacherId)}/cycle`,
  teacherConversations: (teacherId: string) => `/api/teachers/${encodeURIComponent(teacherId)}/conversations`,
  observation: (id: string) => `/api/observations/${encodeURIComponent(id)}`,
  conversation: (id: string) => `/api/conversations/${encodeURIComponent(id)}`,
  myConversations: '/api/conversations',
} as const;

/** What a device sends for one record: which kind, its id, and the PUT body. */
export type CycleRecordSave =
  | { kind: 'observation'; id: string; body: ObservationSave }
  | { kind: 'conversation'; id: string; body: ConversationSave };

/** The server's answer to a save: stored at `version`, or another device's newer copy. */
export type CycleSaveAnswer =
  | { status: 'saved'; version: number }
  | { status: 'conflict'; current: { version: number; record: unknown } };

export const ConflictBodySchema = v.object({
  error: v.object({ code: v.literal('conflict'), message: v.string() }),
  current: v.object({ version: v.number(), record: v.unknown() }),
});
