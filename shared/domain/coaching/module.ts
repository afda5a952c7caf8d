import * as v from 'valibot';
import { ActionStepInputSchema, SuccessCriteriaSchema } from './action-step.ts';
import { ModelSchema } from './model.ts';
import { requiredText } from './text.ts';

/** The version of the module file format (docs/module-schema.md). Bump it with a migration, never silently. */
export const MODULE_SCHEMA_VERSION = 1;

export const PHASES = ['early-years', 'primary', 'secondary', 'further-education', 'all-phases'] as const;
export const PhaseSchema = v.picklist(PHASES, `Phase must be one of: ${PHASES.join(', ')}`);
export type Phase = v.InferOutput<typeof PhaseSchema>;

export const THEMES = [
  'routines-and-behaviour',
  'explanation-and-modelling',
  'questioning-and-checking',
  'feedback',
  'adaptive-teaching',
] as const;
export const ThemeSchema = v.picklist(THEMES, `Theme must be one of: ${THEMES.join(', ')}`);
export type Theme = v.InferOutput<typeof ThemeSchema>;

/** How the LMS grade is worked out when a coach reviews a round. */
export const ScoringSchema = v.picklist(
  ['completion', 'criteria'],
  'Scoring must be "completion" or "criteria"',
);
export type Scoring = v.InferOutput<typeof ScoringSchema>;

/** Every score the tool sends is out of this, so line items never need changing when a module does. */
export const SCORE_MAXIMUM = 100;

/** Module ids are slugs: readable in exported files and LMS custom parameters. */
export const ModuleIdSchema = v.pipe(
  v.string('Module id must be text'),
  v.regex(/^[a-z0-9][a-z0-9-]{2,47}$/, 'Module id must be 3–48 lowercase letters, digits or "-"'),
);

/** The action step a module proposes: the same shape a coach sets, so it can be set from the module as is. */
export const ModuleActionStepSchema = v.object({
  title: ActionStepInputSchema.entries.title,
  what: ActionStepInputSchema.entries.what,
  successCriteria: SuccessCriteriaSchema,
  whenToPractise: ActionStepInputSchema.entries.whenToPractise,
  why: ActionStepInputSchema.entries.why,
});
export type ModuleActionStep = v.InferOutput<typeof ModuleActionStepSchema>;

/** What a provider authors: target performance → model(s) → ONE action step → practice scenarios → reflection. */
export const ModuleContentSchema = v.object({
  title: requiredText('Title', 120),
  summary: requiredText('Summary', 400),
  phase: PhaseSchema,
  theme: ThemeSchema,
  targetPerformance: requiredText('Target performance', 600),
  models: v.pipe(
    v.array(ModelSchema, 'Models must be a list'),
    v.minLength(1, 'Add at least one model'),
    v.maxLength(5, 'Keep to at most 5 models'),
  ),
  actionStep: ModuleActionStepSchema,
  scenarios: v.pipe(
    v.array(requiredText('Each scenario', 300), 'Scenarios must be a list'),
    v.minLength(1, 'Add at least one practice scenario'),
    v.maxLength(10, 'Keep to at most 10 scenarios'),
  ),
  reflectionPrompts: v.pipe(
    v.array(requiredText('Each reflection prompt', 300), 'Reflection prompts must be a list'),
    v.minLength(1, 'Add at least one reflection prompt'),
    v.maxLength(6, 'Keep to at most 6 reflection prompts'),
  ),
  scoring: v.optional(ScoringSchema, 'criteria'),
});
export type ModuleContent = v.InferOutput<typeof ModuleContentSchema>;

/** One module as it appears in a file: its id plus its content. */
export const ModuleDefinitionSchema = v.object({ id: ModuleIdSchema, ...ModuleContentSchema.entries });
export type ModuleDefinition = v.InferOutput<typeof ModuleDefinitionSchema>;

/** A module as the tool keeps it: starter modules are shared by every institution and read-only. */
export const CoachingModuleSchema = v.object({
  ...ModuleDefinitionSchema.entries,
  origin: v.picklist(['starter', 'provider']),
  /** Goes up by one on every save: an edit made against an older version is refused. */
  version: v.pipe(v.number(), v.integer(), v.minValue(1)),
  updatedAt: v.pipe(v.string(), v.isoTimestamp()),
});
export type CoachingModule = v.InferOutput<typeof CoachingModuleSchema>;

/** The module file format: `{ schemaVersion: 1, modules: [...] }` in JSON or YAML. */
export const ModuleFileSchema = v.object({
  schemaVersion: v.literal(MODULE_SCHEMA_VERSION, `schemaVersion must be ${MODULE_SCHEMA_VERSION}`),
  modules: v.pipe(
    v.array(ModuleDefinitionSchema, 'modules must be a list'),
    v.minLength(1, 'modules must hold at least one module'),
    v.maxLength(200, 'A file may hold at most 200 modules'),
  ),
});
export type ModuleFile = v.InferOutput<typeof ModuleFileSchema>;

/** The LMS grade for a reviewed round, out of SCORE_MAXIMUM. */
export function scoreForReview(scoring: Scoring, criteria: readonly ('secure' | 'not-yet')[]): number {
  if (scoring === 'completion' || criteria.length === 0) return SCORE_MAXIMUM;
  const secured = criteria.filter((judgement) => judgement === 'secure').length;
  return Math.round((SCORE_MAXIMUM * secured) / criteria.length);
}

/** Case-insensitive search over what a provider would type, plus exact filters. */
export function matchesModuleFilter(
  module: Pick<ModuleDefinition, 'title' | 'summary' | 'phase' | 'theme' | 'targetPerformance'>,
  filter: { query?: string; phase?: Phase | ''; theme?: Theme | '' },
): boolean {
  if (filter.phase && module.phase !== filter.phase && module.phase !== 'all-phases') return false;
  if (filter.theme && module.theme !== filter.theme) return false;
  const words = (filter.query ?? '').toLowerCase().split(/\s+/).filter(Boolean);
  const haystack = `${module.title} ${module.summary} ${module.targetPerformance}`.toLowerCase();
  return words.every((word) => haystack.includes(word));
}
