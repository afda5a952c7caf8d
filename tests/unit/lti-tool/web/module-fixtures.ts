import type { CoachingModule } from '../../../../shared/domain/coaching/module.ts';

/**
 * A stored module for the page tests ("Calm entry routine", a starter unless overridden):
 * one product model, a two-criterion action step, one scenario and one reflection prompt.
 */
export function aCoachingModule(id: string, overrides: Partial<CoachingModule> = {}): CoachingModule {
  return {
    id,
    title: 'Calm entry routine',
    summary: 'Pupils come in, settle and start work without being told twice.',
    phase: 'secondary',
    theme: 'routines-and-behaviour',
    targetPerformance: 'Every lesson starts calmly and purposefully within two minutes.',
    models: [
      { kind: 'product', title: 'Script', text: 'Good morning. Coats off, books out, do-now on the board.' },
    ],
    actionStep: {
      title: 'Greet at the door and point to the do-now',
      what: 'Stand at the threshold, greet by name, gesture to the board.',
      successCriteria: ['Greet every pupil by name', 'All pupils start within 2 minutes'],
      whenToPractise: 'Period 1 with 8C',
      why: 'A predictable start frees attention for learning.',
    },
    scenarios: ['Year 8 arriving from PE'],
    reflectionPrompts: ['Who started last, and why?'],
    scoring: 'criteria',
    origin: 'starter',
    version: 1,
    updatedAt: '2025-01-01T00:00:00.000Z',
    ...overrides,
  };
}

/** The server's own summary of a module, so the fake APIs answer `GET /api/modules` as the tool does. */
export { summaryOf } from '../../../../lti-tool/modules/module-catalogue.ts';
