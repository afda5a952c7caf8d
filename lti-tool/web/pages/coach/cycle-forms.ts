import * as v from 'valibot';
import type { ActionStep } from '../../../../shared/domain/coaching/action-step.ts';
import type { CoachingModule } from '../../../../shared/domain/coaching/module.ts';
import {
  ConversationInputSchema,
  ObservationInputSchema,
  rhythmDays,
  type CoachingRhythm,
  type ConversationInput,
  type ObservationInput,
  type ObservedMark,
} from '../../../../shared/domain/coaching/cycle.ts';
import { addDays, dayOf } from '../../../../shared/domain/coaching/calendar-days.ts';
import { describeIssues } from '../../../../shared/domain/validation.ts';
import { cycleStrings as t } from '../../strings/cycle.ts';

/**
 * What the observation and conversation forms hold while the coach types: plain data, kept in
 * IndexedDB as a draft after every change, turned into the API's input only on save.
 */
const ObservationDraftSchema = v.object({
  stepId: v.nullable(v.string()),
  startedAt: v.string(),
  notes: v.array(v.object({ at: v.string(), text: v.string() })),
  noteText: v.string(),
  criteria: v.array(
    v.object({ criterion: v.string(), mark: v.nullable(v.picklist(['secure', 'not-yet', 'not-seen'])) }),
  ),
  pupilsDid: v.string(),
});
export type ObservationDraft = v.InferOutput<typeof ObservationDraftSchema>;

const RoundDraftSchema = v.object({
  marks: v.array(v.nullable(v.picklist(['secure', 'not-yet']))),
  feedback: v.string(),
});
export type RoundDraft = v.InferOutput<typeof RoundDraftSchema>;

const ConversationDraftSchema = v.object({
  observationId: v.nullable(v.string()),
  targetPerformance: v.string(),
  praise: v.array(v.object({ text: v.string(), criterion: v.nullable(v.string()) })),
  probing: v.string(),
  modelKind: v.picklist(['none', 'own', 'module']),
  /** The module model shown, when the model came from a module. */
  moduleModel: v.nullable(v.object({ moduleId: v.string(), title: v.string() })),
  /** The module the next step was filled from, if any. */
  fromModule: v.nullable(v.string()),
  modelForm: v.picklist(['performance', 'product']),
  modelDescription: v.string(),
  /** The model the coach recorded: its bytes stay in IndexedDB (keepRecording) until it is sent. */
  modelRecording: v.optional(
    v.nullable(v.object({ id: v.string(), type: v.string(), durationMs: v.number() })),
    null,
  ),
  decision: v.picklist(['keep', 'next']),
  nextTitle: v.string(),
  nextCriteria: v.string(),
  nextWhen: v.string(),
  nextWhy: v.string(),
  rounds: v.array(RoundDraftSchema),
  checkBackOn: v.string(),
});
export type ConversationDraft = v.InferOutput<typeof ConversationDraftSchema>;

/** A stored draft read back, or null if it is not one this version can read (start afresh). */
export const readObservationDraft = (value: unknown): ObservationDraft | null => {
  const parsed = v.safeParse(ObservationDraftSchema, value);
  return parsed.success ? parsed.output : null;
};
export const readConversationDraft = (value: unknown): ConversationDraft | null => {
  const parsed = v.safeParse(ConversationDraftSchema, value);
  return parsed.success ? parsed.output : null;
};

export function newObservationDraft(step: ActionStep | null, now: Date): ObservationDraft {
  return {
    stepId: step?.id ?? null,
    startedAt: now.toISOString(),
    notes: [],
    noteText: '',
    criteria: (step?.successCriteria ?? []).map((criterion) => ({ criterion, mark: null })),
    pupilsDid: '',
  };
}

/**
 * A conversation pre-filled from what the product knows: the current step's goal, praise for
 * each criterion the last observation saw secure, a probing question, the check-back one rhythm
 * from today. The coach edits, never starts from blank.
 */
export function newConversationDraft(
  context: {
    step: ActionStep | null;
    lastObservation: { id: string; record: { criteria: { criterion: string; mark: ObservedMark }[] } } | null;
    rhythm: CoachingRhythm;
  },
  now: Date,
): ConversationDraft {
  const secure = (context.lastObservation?.record.criteria ?? []).filter((c) => c.mark === 'secure');
  return {
    observationId: context.lastObservation?.id ?? null,
    targetPerformance: context.step?.goal ?? '',
    praise: secure.map((c) => ({ text: t.praiseFor(c.criterion), criterion: c.criterion })),
    probing: t.probeSuggestion,
    modelKind: 'none',
    moduleModel: null,
    fromModule: null,
    modelForm: 'performance',
    modelDescription: '',
    modelRecording: null,
    decision: context.step ? 'keep' : 'next',
    nextTitle: '',
    nextCriteria: '',
    nextWhen: context.step?.whenToPractise ?? '',
    nextWhy: '',
    rounds: [],
    checkBackOn: addDays(dayOf(now), rhythmDays(context.rhythm)),
  };
}

/**
 * Fills the next step from a module's library (its step, and its first model when the coach has
 * not chosen one); the coach can still edit every field.
 */
export function fillFromModule(draft: ConversationDraft, module: CoachingModule): void {
  draft.decision = 'next';
  draft.fromModule = module.id;
  draft.nextTitle = module.actionStep.title;
  draft.nextCriteria = module.actionStep.successCriteria.join('\n');
  draft.nextWhen = module.actionStep.whenToPractise;
  draft.nextWhy = module.actionStep.why;
  const model = module.models[0];
  if (draft.modelKind === 'none' && model) {
    draft.modelKind = 'module';
    draft.moduleModel = { moduleId: module.id, title: model.title || module.title };
  }
}

const lines = (text: string) =>
  text
    .split('\n')
    .map((line) => line.trim())
    .filter(Boolean);

/** The criteria a conversation's rounds practise: the next step's when one is set, else the current one's. */
export function practisedCriteria(draft: ConversationDraft, step: ActionStep | null): string[] {
  return draft.decision === 'next' ? lines(draft.nextCriteria) : (step?.successCriteria ?? []);
}

export type Checked<T> = { ok: true; input: T } | { ok: false; problem: string };

const checked = <S extends v.GenericSchema>(schema: S, value: unknown): Checked<v.InferOutput<S>> => {
  const parsed = v.safeParse(schema, value);
  return parsed.success
    ? { ok: true, input: parsed.output }
    : { ok: false, problem: describeIssues(parsed.issues) };
};

export function observationInput(teacherId: string, draft: ObservationDraft): Checked<ObservationInput> {
  return checked(ObservationInputSchema, {
    teacherId,
    stepId: draft.stepId,
    startedAt: draft.startedAt,
    notes: draft.notes,
    // A criterion the coach did not mark was not seen.
    criteria: draft.criteria.map((c) => ({ criterion: c.criterion, mark: c.mark ?? 'not-seen' })),
    pupilsDid: draft.pupilsDid,
  });
}

export function conversationInput(
  teacherId: string,
  draft: ConversationDraft,
  step: ActionStep | null,
): Checked<ConversationInput> {
  const criteria = practisedCriteria(draft, step);
  return checked(ConversationInputSchema, {
    teacherId,
    observationId: draft.observationId,
    targetPerformance: draft.targetPerformance,
    praise: draft.praise.filter((p) => p.text.trim()),
    probingQuestions: lines(draft.probing),
    model:
      draft.modelKind === 'own'
        ? {
            kind: 'own',
            form: draft.modelForm,
            description: draft.modelDescription,
            ...(draft.modelRecording && {
              recording: { mediaId: draft.modelRecording.id, contentType: draft.modelRecording.type },
            }),
          }
        : draft.modelKind === 'module' && draft.moduleModel
          ? { kind: 'module', ...draft.moduleModel }
          : { kind: 'none' },
    step:
      draft.decision === 'keep'
        ? { decision: 'keep' }
        : {
            decision: 'next',
            fromModule: draft.fromModule,
            step: {
              goal: draft.targetPerformance,
              title: draft.nextTitle,
              successCriteria: lines(draft.nextCriteria),
              whenToPractise: draft.nextWhen,
              why: draft.nextWhy,
            },
          },
    rounds: draft.rounds.map((round) => ({
      criteria: criteria.flatMap((criterion, index) => {
        const mark = round.marks[index];
        return mark ? [{ criterion, mark }] : [];
      }),
      feedback: round.feedback,
    })),
    checkBackOn: draft.checkBackOn,
  });
}
