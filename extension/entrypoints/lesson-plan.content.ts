import { defineContentScript } from 'wxt/utils/define-content-script';
import { LESSON_PLAN_MATCHES } from '../features/action-step-overlay/matches.ts';
import { runFeatures } from '../features/feature-manager.ts';
import { features } from '../features/registry.ts';

// Wiring only: the registry decides which features run on which page.
export default defineContentScript({
  matches: LESSON_PLAN_MATCHES,
  runAt: 'document_idle',
  cssInjectionMode: 'ui',
  main: (ctx) => runFeatures(features, ctx),
});
