import * as v from 'valibot';

/**
 * What a feedback template leaves for the coach to write. A template gives the shape of precise
 * feedback, never the feedback itself: text that still holds a gap is hollow, so it is refused
 * wherever feedback is checked (the coach's page and the API alike).
 */
export const TEMPLATE_GAPS = {
  saw: '[what you saw]',
  next: '[what to do differently]',
} as const;

const GAPS: readonly string[] = Object.values(TEMPLATE_GAPS);

/** The first gap left in `text`, with where it starts; null when there is none. */
export function templateGapIn(text: string): { gap: string; at: number } | null {
  const found = GAPS.map((gap) => ({ gap, at: text.indexOf(gap) }))
    .filter(({ at }) => at >= 0)
    .sort((a, b) => a.at - b.at);
  return found[0] ?? null;
}

/** Refuses text that still holds a template gap, naming the gap to fill. */
export const noTemplateGap = (label: string) =>
  v.check(
    (text: string) => templateGapIn(text) === null,
    (issue: v.CheckIssue<string>) =>
      `${label}: replace ${templateGapIn(String(issue.input))?.gap ?? 'the gap'} with your own words before sending.`,
  );
