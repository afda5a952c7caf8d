import type { Overview } from '../../shared/protocol/messages.ts';

export const DISCONNECTED_MESSAGE = 'This browser was disconnected from the coaching server; pair again.';

function timeOf(iso: string): string {
  return new Date(iso).toLocaleTimeString(undefined, { hour: '2-digit', minute: '2-digit' });
}

/** "2 changes waiting to be sent." when the outbox is not empty, else nothing. */
function pendingOf(overview: Overview): string {
  const count = overview.pendingChanges ?? 0;
  if (count === 0) return '';
  return ` ${count} ${count === 1 ? 'change' : 'changes'} waiting to be sent.`;
}

/** A change the server refused (the coach set a newer step) is shown, never dropped silently. */
function conflictOf(overview: Overview): string {
  return overview.conflict ? ` Conflict: the server kept its version. ${overview.conflict}` : '';
}

function headline(overview: Overview): string {
  const detail = overview.lastError ? ` ${overview.lastError}` : '';
  switch (overview.syncState) {
    case 'local-only':
      return 'Not connected: your step is kept in this browser only.';
    case 'synced':
      return overview.lastSyncedAt
        ? `Up to date (synced at ${timeOf(overview.lastSyncedAt)}).`
        : 'Up to date.';
    case 'syncing':
      return 'Syncing…';
    case 'offline':
      return `Offline: showing your last saved step.${detail}`;
    case 'error':
      return `Sync problem.${detail}`;
    case 'revoked':
      return overview.lastError ?? DISCONNECTED_MESSAGE;
  }
}

/** One sentence a teacher can act on, for the popup and the options page. */
export function describeSync(overview: Overview | null): string {
  if (!overview) return 'Loading…';
  return `${headline(overview)}${pendingOf(overview)}${conflictOf(overview)}`;
}
