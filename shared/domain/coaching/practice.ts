import * as v from 'valibot';
import { IdSchema, IsoDateSchema, optionalText, requiredText } from './text.ts';

export const CriterionJudgementSchema = v.picklist(['secure', 'not-yet']);
export type CriterionJudgement = v.InferOutput<typeof CriterionJudgementSchema>;

/** One rehearsal of the action step, self-assessed against each success criterion. */
export const PracticeRoundSchema = v.object({
  id: IdSchema,
  actionStepId: IdSchema,
  roundNumber: v.pipe(v.number(), v.integer(), v.minValue(1)),
  rehearsal: requiredText('Rehearsal', 10000),
  selfAssessment: v.array(CriterionJudgementSchema),
  submittedAt: IsoDateSchema,
});
export type PracticeRound = v.InferOutput<typeof PracticeRoundSchema>;

/** The coach's reply to a round: precise praise, one probe, one next step. */
export const FeedbackSchema = v.object({
  id: IdSchema,
  practiceRoundId: IdSchema,
  praise: requiredText('Praise', 2000),
  probe: optionalText('Probing question', 1000),
  nextStep: requiredText('Next step', 1000),
  criteria: v.array(CriterionJudgementSchema),
  givenAt: IsoDateSchema,
});
export type Feedback = v.InferOutput<typeof FeedbackSchema>;

export const ReflectionSchema = v.object({
  id: IdSchema,
  actionStepId: IdSchema,
  wentWell: optionalText('What went well', 2000),
  change: optionalText('What to change', 2000),
  next: optionalText('What next', 2000),
  writtenAt: IsoDateSchema,
});
export type Reflection = v.InferOutput<typeof ReflectionSchema>;

/** Rounds are numbered 1, 2, 3… per action step. */
export function nextRoundNumber(rounds: readonly PracticeRound[], actionStepId: string): number {
  return rounds.filter((round) => round.actionStepId === actionStepId).length + 1;
}

/** How many criteria the coach judged secure: the number a trainee's timeline charts. */
export function securedCount(feedback: Pick<Feedback, 'criteria'>): number {
  return feedback.criteria.filter((judgement) => judgement === 'secure').length;
}
