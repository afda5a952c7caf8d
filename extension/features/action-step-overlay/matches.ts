import { siteForUrl } from '../site-access/sites.ts';

/** A lesson-planning page: one of the default sites' pages (features/site-access/sites.ts). */
export function isLessonPlanPage(url: URL): boolean {
  return siteForUrl(url) !== null;
}
