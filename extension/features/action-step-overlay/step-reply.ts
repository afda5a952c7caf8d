import type { ActionStep } from '../../../shared/domain/coaching/action-step.ts';

/**
 * The one reply the content script reads: `{ ok: true, overview: { step, mode } }` from `get-overview`.
 * Checked by hand rather than with the protocol's valibot schema, which would cost the content
 * script (it runs on every matching page) more than everything it draws. Anything that is not
 * exactly this shape is treated as "no reply", so a page never renders an unchecked value.
 * `unpaired` is true only for an overview that says `mode: 'local'` (no coaching server).
 */
export type StepReply = { ok: true; step: ActionStep | null; unpaired: boolean } | { ok: false };

const TEXT_FIELDS = ['goal', 'title', 'what', 'whenToPractise', 'why', 'id', 'teacherId', 'setAt'] as const;

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

export function isActionStep(value: unknown): value is ActionStep {
  if (!isRecord(value)) return false;
  if (!TEXT_FIELDS.every((field) => typeof value[field] === 'string')) return false;
  if (value.status !== 'current' && value.status !== 'archived') return false;
  // Optional since the coaching cycle: a calendar day when present.
  if (value.checkBackOn !== undefined && value.checkBackOn !== null) {
    if (typeof value.checkBackOn !== 'string' || !/^\d{4}-\d{2}-\d{2}$/.test(value.checkBackOn)) return false;
  }
  const criteria = value.successCriteria;
  return Array.isArray(criteria) && criteria.every((criterion) => typeof criterion === 'string');
}

export function readStepReply(reply: unknown): StepReply {
  if (!isRecord(reply) || reply.ok !== true || !isRecord(reply.overview)) return { ok: false };
  const { step, mode } = reply.overview;
  const unpaired = mode === 'local';
  if (step === null) return { ok: true, step: null, unpaired };
  return isActionStep(step) ? { ok: true, step, unpaired } : { ok: false };
}
