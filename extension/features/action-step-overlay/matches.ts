/** Google Docs and Slides editors: `/document/d/<id>/…` and `/presentation/d/<id>/…`. */
const LESSON_PLAN_PATH = /^\/(document|presentation)\/d\/[^/]+/;

export const LESSON_PLAN_MATCHES = [
  'https://docs.google.com/document/d/*',
  'https://docs.google.com/presentation/d/*',
];

export function isLessonPlanPage(url: URL): boolean {
  return (
    url.protocol === 'https:' && url.hostname === 'docs.google.com' && LESSON_PLAN_PATH.test(url.pathname)
  );
}
