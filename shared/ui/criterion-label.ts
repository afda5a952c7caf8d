/**
 * A success criterion as a label before its judgement ("Pupils are silent: Secure"): its own
 * closing stop gives way to the colon, so it never reads "silent.: Secure". One rule for every
 * page that lists judgements (practice rounds, the coach's review, the extension's feedback).
 */
export const criterionLabel = (criterion: string): string => criterion.trim().replace(/[.!?;:]+$/, '');
