import * as v from 'valibot';
import { CheckInInputSchema, type CheckInInput } from './practice.ts';
import { IdSchema, IsoDateSchema } from './text.ts';

/** A check-in's optional line: the server takes up to this many characters. */
export const MAX_NOTE_CHARS = 280;

/**
 * "I planned for this" as a browser keeps it: a tick, an optional line in the teacher's own
 * words, and where it stands. 'pending' waits in the outbox for the server; 'sent' is stored
 * there (the id is the idempotency key); 'local' never leaves the browser (local-only mode, or
 * set aside when the pairing changed); 'refused' was turned down for good (`error` says why).
 */
export const StoredCheckInSchema = v.object({
  id: IdSchema,
  actionStepId: v.nullable(IdSchema),
  note: v.pipe(v.string(), v.maxLength(MAX_NOTE_CHARS)),
  at: IsoDateSchema,
  state: v.picklist(['pending', 'sent', 'local', 'refused']),
  error: v.optional(v.string()),
});
export type StoredCheckIn = v.InferOutput<typeof StoredCheckInSchema>;

/** The check-in as the server takes it: "I planned for this" is the outcome 'planned'. */
export function toCheckInInput(entry: Pick<StoredCheckIn, 'id' | 'actionStepId' | 'note'>): CheckInInput {
  return v.parse(CheckInInputSchema, {
    id: entry.id,
    actionStepId: entry.actionStepId,
    outcome: 'planned',
    note: entry.note,
  });
}
