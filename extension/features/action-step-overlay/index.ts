import type { FeatureDefinition } from '../types.ts';
import { isLessonPlanPage } from './matches.ts';
import { mountOverlay } from './mount-overlay.ts';

/** Shows the teacher's current action step beside their lesson plan. Reads nothing from the page. */
export const actionStepOverlay: FeatureDefinition = {
  id: 'action-step-overlay',
  matches: isLessonPlanPage,
  onAddedSites: true,
  init: mountOverlay,
};
