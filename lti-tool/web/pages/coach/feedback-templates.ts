import type { CriterionJudgement } from '../../../../shared/domain/coaching/practice.ts';
import { templateStrings as t } from '../../strings/review.ts';

/** The three texts of a piece of feedback; the criteria judgements are chosen separately. */
export interface FeedbackText {
  praise: string;
  probe: string;
  nextStep: string;
}

/**
 * A starting point built from a module's success criteria as the coach judged them:
 * praise names each criterion judged secure, the probing question and the next step
 * focus on the first criterion not yet secure (or on using it in class when all are).
 * Unjudged criteria count as not yet secure. Its gaps (TEMPLATE_GAPS) mark where the coach adds
 * what they saw; feedback is refused while one remains.
 */
export function feedbackTemplate(
  criteria: readonly string[],
  judgements: readonly (CriterionJudgement | null)[],
): FeedbackText {
  const judged = criteria
    .map((criterion, index) => ({ criterion: criterion.trim(), judgement: judgements[index] ?? null }))
    .filter(({ criterion }) => criterion.length > 0);
  const secure = judged.filter(({ judgement }) => judgement === 'secure').map(({ criterion }) => criterion);
  const firstNotYet = judged.find(({ judgement }) => judgement !== 'secure')?.criterion ?? null;
  return {
    praise: secure.length > 0 ? secure.map(t.praiseSecure).join('\n') : t.praiseNoneSecure,
    probe: firstNotYet === null ? t.probeAllSecure : t.probeNotYet(firstNotYet),
    nextStep: firstNotYet === null ? t.nextStepAllSecure : t.nextStepNotYet(firstNotYet),
  };
}
