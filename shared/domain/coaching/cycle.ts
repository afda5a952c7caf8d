import * as v from 'valibot';
import { ActionStepInputSchema, MAX_SUCCESS_CRITERIA } from './action-step.ts';
import { addDays, dayOf, daysBetween } from './calendar-days.ts';
import { ModuleIdSchema } from './module.ts';
import { AUDIO_TYPES } from './practice.ts';
import { CalendarDaySchema, IdSchema, IsoDateSchema, optionalText, requiredText } from './text.ts';

/**
 * The coach's weekly cycle (see the seeds): a short observation, a coaching conversation in the
 * seeds' order, then a check back on whether the step is secure. Pure: no clock, no I/O.
 */

/** What an observation saw of one success criterion. */
export const ObservedMarkSchema = v.picklist(
  ['secure', 'not-yet', 'not-seen'],
  'Choose secure, not yet or not seen',
);
export type ObservedMark = v.InferOutput<typeof ObservedMarkSchema>;

/** What a practice round in the meeting showed of one criterion. */
export const RoundMarkSchema = v.picklist(['secure', 'not-yet'], 'Choose secure or not yet');

const TeacherIdSchema = v.pipe(
  v.string('teacherId must be text'),
  v.nonEmpty('Choose a teacher'),
  v.maxLength(255),
);

export const MAX_OBSERVATION_NOTES = 40;
export const MAX_PRACTICE_ROUNDS = 6;

/**
 * A 10–20 minute drop-in. It records teaching, never pupils: there is no field for a pupil's
 * name or a photo, only what pupils did as a group.
 */
export const ObservationInputSchema = v.object({
  teacherId: TeacherIdSchema,
  /** The step the observation looked for (the teacher's current one), if they had one. */
  stepId: v.nullable(IdSchema),
  startedAt: IsoDateSchema,
  notes: v.pipe(
    v.array(v.object({ at: IsoDateSchema, text: requiredText('A note', 300) }), 'Notes must be a list'),
    v.maxLength(MAX_OBSERVATION_NOTES, `Keep to at most ${MAX_OBSERVATION_NOTES} notes`),
  ),
  criteria: v.pipe(
    v.array(v.object({ criterion: requiredText('A success criterion', 200), mark: ObservedMarkSchema })),
    v.maxLength(MAX_SUCCESS_CRITERIA, `At most ${MAX_SUCCESS_CRITERIA} success criteria`),
  ),
  pupilsDid: optionalText('What pupils did', 500),
});
export type ObservationInput = v.InferOutput<typeof ObservationInputSchema>;

const lines = (label: string, max: number, each: number) =>
  v.pipe(
    v.array(requiredText(label, each), `${label} must be a list`),
    v.maxLength(max, `Keep to at most ${max}`),
  );

/** Step 4: the model the coach showed. */
export const ConversationModelSchema = v.pipe(
  v.variant('kind', [
    v.object({ kind: v.literal('none') }),
    /** A module's model (script/exemplar or recording), by the module and its title when picked. */
    v.object({
      kind: v.literal('module'),
      moduleId: ModuleIdSchema,
      title: requiredText('Model title', 200),
    }),
    /**
     * Written, acted or recorded by the coach in the meeting: product-based (an exemplar) or
     * performance-based. A recording (uploaded by the coach's device before the record) is the
     * teacher's to play back; with one, the words are optional.
     */
    v.object({
      kind: v.literal('own'),
      form: v.picklist(['product', 'performance'], 'Choose product-based or performance-based'),
      description: optionalText('The model', 1000),
      recording: v.optional(
        v.object({
          mediaId: IdSchema,
          contentType: v.picklist(AUDIO_TYPES, 'A model recording must be audio'),
        }),
      ),
    }),
  ]),
  v.check(
    (model) => model.kind !== 'own' || model.description !== '' || model.recording !== undefined,
    'Describe the model or record it',
  ),
);
export type ConversationModel = v.InferOutput<typeof ConversationModelSchema>;

/** The recording a conversation's model refers to, if the coach recorded one. */
export const modelRecordingOf = (model: ConversationModel): string | null =>
  model.kind === 'own' ? (model.recording?.mediaId ?? null) : null;

/** Step 5: keep the current step (not yet secure), or secure it and set the next ONE step. */
export const StepDecisionSchema = v.variant('decision', [
  v.object({ decision: v.literal('keep') }),
  v.object({
    decision: v.literal('next'),
    /** Set when the next step came from a module's library. */
    fromModule: v.nullable(ModuleIdSchema),
    step: ActionStepInputSchema,
  }),
]);
export type StepDecision = v.InferOutput<typeof StepDecisionSchema>;

/** Step 6: one round of deliberate practice in the meeting (tap, tap, one line). */
export const MeetingRoundSchema = v.object({
  criteria: v.pipe(
    v.array(v.object({ criterion: requiredText('A success criterion', 200), mark: RoundMarkSchema })),
    v.maxLength(MAX_SUCCESS_CRITERIA, `At most ${MAX_SUCCESS_CRITERIA} success criteria`),
  ),
  feedback: optionalText('Feedback on the round', 300),
});

/** The coaching conversation, in the seeds' order. */
export const ConversationInputSchema = v.object({
  teacherId: TeacherIdSchema,
  /** The observation it follows, if any. */
  observationId: v.nullable(IdSchema),
  /** 1. The target performance (carried over, or a newly agreed goal). */
  targetPerformance: requiredText('Target performance', 500),
  /** 2. Precise praise, each line optionally tied to a criterion the observation saw secure. */
  praise: v.pipe(
    v.array(
      v.object({
        text: requiredText('Praise', 300),
        criterion: v.nullable(v.pipe(v.string(), v.maxLength(200))),
      }),
    ),
    v.maxLength(5, 'Keep to at most 5 lines of praise'),
  ),
  /** 2. Probing questions. */
  probingQuestions: lines('A probing question', 5, 300),
  /** 4. */
  model: ConversationModelSchema,
  /** 5. */
  step: StepDecisionSchema,
  /** 6. */
  rounds: v.pipe(
    v.array(MeetingRoundSchema, 'Rounds must be a list'),
    v.maxLength(MAX_PRACTICE_ROUNDS, `Keep to at most ${MAX_PRACTICE_ROUNDS} rounds`),
  ),
  /** 7. */
  checkBackOn: CalendarDaySchema,
});
export type ConversationInput = v.InferOutput<typeof ConversationInputSchema>;

/** How often a course's coaches mean to meet each teacher; drives "due" and "overdue". */
export const CoachingRhythmSchema = v.variant('kind', [
  v.object({ kind: v.literal('weekly') }),
  v.object({ kind: v.literal('fortnightly') }),
  v.object({
    kind: v.literal('custom'),
    days: v.pipe(
      v.number('Days must be a number'),
      v.integer('Days must be a whole number'),
      v.minValue(1, 'At least every day'),
      v.maxValue(60, 'At most every 60 days'),
    ),
  }),
]);
export type CoachingRhythm = v.InferOutput<typeof CoachingRhythmSchema>;
export const DEFAULT_RHYTHM: CoachingRhythm = { kind: 'weekly' };

export const rhythmDays = (rhythm: CoachingRhythm): number =>
  rhythm.kind === 'weekly' ? 7 : rhythm.kind === 'fortnightly' ? 14 : rhythm.days;

/** A check-back is today or later: a date in the past is a typing slip, refused with a reason. */
export function checkBackProblem(checkBackOn: string, today: string): string | null {
  if (daysBetween(today, checkBackOn) < 0)
    return 'The check-back date is in the past; choose today or later.';
  if (daysBetween(today, checkBackOn) > 120) return 'Check back within four months.';
  return null;
}

export type Urgency = 'overdue' | 'due-soon' | 'on-track' | 'not-started';

/**
 * How urgently a teacher needs their coach: past the check-back date (or, without one, past the
 * rhythm since the last conversation) is overdue; within two days of it is due soon.
 */
export function urgencyOf(
  teacher: { checkBackOn: string | null; lastConversationAt: string | null },
  rhythm: CoachingRhythm,
  today: string,
): { urgency: Urgency; dueOn: string | null } {
  const dueOn =
    teacher.checkBackOn ??
    (teacher.lastConversationAt ? addDays(dayOf(teacher.lastConversationAt), rhythmDays(rhythm)) : null);
  if (dueOn === null) return { urgency: 'not-started', dueOn: null };
  const left = daysBetween(today, dueOn);
  return { urgency: left < 0 ? 'overdue' : left <= 2 ? 'due-soon' : 'on-track', dueOn };
}

export interface CaseloadTeacher {
  teacherId: string;
  name: string;
  urgency: Urgency;
  dueOn: string | null;
  waiting: { rounds: number; checkIns: number; reflections: number };
}

const URGENCY_ORDER: Record<Urgency, number> = { overdue: 0, 'due-soon': 1, 'not-started': 2, 'on-track': 3 };

/**
 * What needs the coach first: overdue (longest overdue first), due soon, never met, then on
 * track; within each, more waiting for them first, then by name.
 */
export function byNeedsFirst(a: CaseloadTeacher, b: CaseloadTeacher): number {
  const waiting = (t: CaseloadTeacher) => t.waiting.rounds + t.waiting.checkIns + t.waiting.reflections;
  return (
    URGENCY_ORDER[a.urgency] - URGENCY_ORDER[b.urgency] ||
    (a.dueOn ?? '9999').localeCompare(b.dueOn ?? '9999') ||
    waiting(b) - waiting(a) ||
    a.name.localeCompare(b.name)
  );
}
