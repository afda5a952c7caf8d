import type { Overview } from '../../shared/protocol/messages.ts';

function timeOf(iso: string): string {
  return new Date(iso).toLocaleTimeString(undefined, { hour: '2-digit', minute: '2-digit' });
}

/** One sentence a teacher can act on, for the popup and the options page. */
export function describeSync(overview: Overview | null): string {
  if (!overview) return 'Loading…';
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
      return `Connection revoked.${detail}`;
  }
}
