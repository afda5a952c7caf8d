import * as v from 'valibot';
import { noTemplateGap } from './template-gaps.ts';
import { IdSchema, IsoDateSchema, optionalText, requiredText } from './text.ts';

export const CriterionJudgementSchema = v.picklist(
  ['secure', 'not-yet'],
  'Judge each criterion "secure" or "not-yet"',
);
export type CriterionJudgement = v.InferOutput<typeof CriterionJudgementSchema>;

export const MAX_SCRIPT_CHARS = 10000;

/** Audio a trainee may record and upload: what MediaRecorder produces in Chromium, Firefox and Safari. */
export const AUDIO_TYPES = ['audio/webm', 'audio/ogg', 'audio/mp4', 'audio/mpeg'] as const;
export const MAX_AUDIO_BYTES = 10 * 1024 * 1024;
/** A provider's model file may be larger (a short video). */
export const MAX_MODEL_FILE_BYTES = 25 * 1024 * 1024;

/** What a trainee rehearsed: a written script, a recording, or both; never neither. */
export const RehearsalSchema = v.pipe(
  v.object({
    script: optionalText('Script', MAX_SCRIPT_CHARS),
    audioId: v.optional(v.nullable(IdSchema), null),
  }),
  v.check(
    (rehearsal) => rehearsal.script.length > 0 || rehearsal.audioId !== null,
    'Write a script or record yourself before submitting',
  ),
);
export type Rehearsal = v.InferOutput<typeof RehearsalSchema>;

/** What the page sends on submit. The id is made when the draft starts, so a second submit is the same round. */
export const RoundSubmissionSchema = v.object({
  id: IdSchema,
  linkKey: v.pipe(v.string('linkKey must be text'), v.regex(/^[A-Za-z0-9_-]{8,64}$/, 'linkKey is not valid')),
  rehearsal: RehearsalSchema,
  selfAssessment: v.pipe(
    v.array(CriterionJudgementSchema, 'Self-assessment must be a list'),
    v.minLength(1, 'Judge yourself against each success criterion'),
    v.maxLength(5, 'There are at most 5 success criteria'),
  ),
});
export type RoundSubmission = v.InferOutput<typeof RoundSubmissionSchema>;

/** The coach's reply to a round: precise praise, one probing question, one next step, each criterion judged. */
export const FeedbackInputSchema = v.object({
  praise: v.pipe(requiredText('Praise', 2000), noTemplateGap('Praise')),
  probe: v.pipe(requiredText('Probing question', 1000), noTemplateGap('Probing question')),
  nextStep: v.pipe(requiredText('Next step', 1000), noTemplateGap('Next step')),
  criteria: v.pipe(
    v.array(CriterionJudgementSchema, 'Criteria must be a list'),
    v.minLength(1, 'Judge each success criterion'),
    v.maxLength(5, 'There are at most 5 success criteria'),
  ),
});
export type FeedbackInput = v.InferOutput<typeof FeedbackInputSchema>;

export const FeedbackSchema = v.object({
  ...FeedbackInputSchema.entries,
  coachName: v.nullable(v.string()),
  givenAt: IsoDateSchema,
});
export type Feedback = v.InferOutput<typeof FeedbackSchema>;

/** One rehearsal as the tool keeps it, with the coach's feedback once given. */
export const PracticeRoundSchema = v.object({
  id: IdSchema,
  moduleId: v.string(),
  traineeId: v.string(),
  roundNumber: v.pipe(v.number(), v.integer(), v.minValue(1)),
  script: v.string(),
  audioId: v.nullable(IdSchema),
  /**
   * Set when the recording was deleted after the retention period (audioId is null then): after
   * how many days. Optional on the wire: older servers never send it.
   */
  audioDeletedAfterDays: v.optional(v.pipe(v.number(), v.integer(), v.minValue(1))),
  selfAssessment: v.array(CriterionJudgementSchema),
  submittedAt: IsoDateSchema,
  feedback: v.nullable(FeedbackSchema),
});
export type PracticeRound = v.InferOutput<typeof PracticeRoundSchema>;

/**
 * How a teacher's use of the step in class went: one tap, plus an optional line. 'planned' is the
 * extension's "I planned for this" tick: the step is in the lesson plan, not yet tried.
 */
export const CheckInOutcomeSchema = v.picklist(
  ['went-well', 'partly', 'not-yet', 'planned'],
  'Choose how it went',
);
export type CheckInOutcome = v.InferOutput<typeof CheckInOutcomeSchema>;

export const CheckInInputSchema = v.object({
  id: IdSchema,
  actionStepId: v.optional(v.nullable(IdSchema), null),
  linkKey: v.optional(v.nullable(v.pipe(v.string(), v.regex(/^[A-Za-z0-9_-]{8,64}$/))), null),
  outcome: CheckInOutcomeSchema,
  note: optionalText('Note', 280),
});
export type CheckInInput = v.InferOutput<typeof CheckInInputSchema>;

export const CheckInSchema = v.object({
  id: IdSchema,
  actionStepId: v.nullable(IdSchema),
  outcome: CheckInOutcomeSchema,
  note: v.string(),
  at: IsoDateSchema,
});
export type CheckIn = v.InferOutput<typeof CheckInSchema>;

/** A reflection against the criteria: private to the teacher and their coach. */
export const ReflectionInputSchema = v.pipe(
  v.object({
    id: IdSchema,
    linkKey: v.optional(v.nullable(v.pipe(v.string(), v.regex(/^[A-Za-z0-9_-]{8,64}$/))), null),
    wentWell: optionalText('What went well', 2000),
    change: optionalText('What to change', 2000),
    next: optionalText('What next', 2000),
  }),
  v.check(
    (reflection) => Boolean(reflection.wentWell || reflection.change || reflection.next),
    'Write something in at least one of the prompts',
  ),
);
export type ReflectionInput = v.InferOutput<typeof ReflectionInputSchema>;

export const ReflectionSchema = v.object({
  id: IdSchema,
  wentWell: v.string(),
  change: v.string(),
  next: v.string(),
  writtenAt: IsoDateSchema,
});
export type Reflection = v.InferOutput<typeof ReflectionSchema>;

/** How many criteria the coach judged secure: the number a trainee's timeline charts. */
export function securedCount(feedback: Pick<Feedback, 'criteria'>): number {
  return feedback.criteria.filter((judgement) => judgement === 'secure').length;
}

/** One point per round for the timeline chart; rounds without feedback yet have `secured: null`. */
export function securedPerRound(
  rounds: readonly Pick<PracticeRound, 'roundNumber' | 'feedback'>[],
): { roundNumber: number; secured: number | null; total: number | null }[] {
  return [...rounds]
    .sort((a, b) => a.roundNumber - b.roundNumber)
    .map((round) => ({
      roundNumber: round.roundNumber,
      secured: round.feedback ? securedCount(round.feedback) : null,
      total: round.feedback ? round.feedback.criteria.length : null,
    }));
}
