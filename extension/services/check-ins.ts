import { DomainError } from '../../shared/domain/errors.ts';
import { MAX_NOTE_CHARS, type StoredCheckIn } from '../../shared/domain/coaching/stored-check-in.ts';
import { checkInRevisionItem, stepRevisionItem } from '../storage.ts';
import { sendToBackground, type SendRequest } from './background-client.ts';

export { MAX_NOTE_CHARS, type StoredCheckIn };

/**
 * "I planned for this" from the popup and the side panel. The background keeps check-ins in
 * IndexedDB and sends those made while paired through the same outbox and sync loop as step
 * changes (services/coaching-service.ts); pages only ask it, by message.
 */
export type NewCheckIn = { note: string; actionStepId: string | null };

/** Codes the background answers for a note it will not keep (too long, not text). */
const INVALID = new Set(['invalid-message', 'invalid-input']);

/**
 * Keeps a check-in: 'pending' (sent to the coach by the background) when paired, else 'local'.
 * Only the teacher's words go into it, never anything from the page. Throws a DomainError
 * ('invalid-input') for a note the background refuses, an Error when it cannot keep it.
 */
export async function addCheckIn(
  input: NewCheckIn,
  send: SendRequest = sendToBackground,
): Promise<StoredCheckIn> {
  const response = await send({ type: 'add-check-in', note: input.note, actionStepId: input.actionStepId });
  if (!response.ok) {
    const { code, message } = response.error;
    throw INVALID.has(code) ? new DomainError('invalid-input', message) : new Error(message);
  }
  if (!response.checkIn) throw new Error('The extension kept the check-in but did not say how.');
  return response.checkIn;
}

/** Every kept check-in, newest first. */
export async function readCheckIns(send: SendRequest = sendToBackground): Promise<StoredCheckIn[]> {
  const response = await send({ type: 'list-check-ins' });
  if (!response.ok) throw new Error(response.error.message);
  return response.checkIns ?? [];
}

/**
 * Calls `callback` whenever the kept check-ins may have changed: one added, sent or refused, the
 * pairing changed (waiting ones set aside) or everything was deleted. Returns the unwatch function.
 */
export function watchCheckIns(callback: () => void): () => void {
  const unwatch = [checkInRevisionItem.watch(callback), stepRevisionItem.watch(callback)];
  return () => {
    for (const stop of unwatch) stop();
  };
}

/** Check-ins as a UI lists them: the words, when, and whether the coach has them. */
export function describeCheckInState(entry: StoredCheckIn): string {
  switch (entry.state) {
    case 'sent':
      return 'Shared with your coach';
    case 'pending':
      return 'Waiting to send';
    case 'local':
      return 'Kept in this browser';
    case 'refused':
      return `Not sent: ${entry.error ?? 'the server refused it'}`;
  }
}
