import * as v from 'valibot';
import { ModelSchema } from './model.ts';
import { IdSchema, requiredText } from './text.ts';

/** Sustained, trusting, one coach with one teacher in one course (LTI context). */
export const CoachingRelationshipSchema = v.object({
  id: IdSchema,
  contextId: v.string(),
  coachId: v.string(),
  teacherId: v.string(),
});
export type CoachingRelationship = v.InferOutput<typeof CoachingRelationshipSchema>;

/** One cycle: target performance → model → ONE action step → rounds of practice. */
export const CoachingCycleSchema = v.object({
  id: IdSchema,
  relationshipId: IdSchema,
  targetPerformance: requiredText('Target performance', 500),
  model: v.optional(ModelSchema),
  actionStepId: v.optional(IdSchema),
});
export type CoachingCycle = v.InferOutput<typeof CoachingCycleSchema>;

export type CoachingRole = 'teacher' | 'coach' | 'provider-admin' | 'guest';
