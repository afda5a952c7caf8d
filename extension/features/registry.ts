import { actionStepOverlay } from './action-step-overlay/index.ts';
import type { FeatureDefinition } from './types.ts';

/** Every content-script feature, in the order they start. A test checks each folder is listed. */
export const features: readonly FeatureDefinition[] = [actionStepOverlay];
