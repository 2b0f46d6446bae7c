import type { SyncStatusView, SyncTargetState, SyncTrigger } from '../../../../shared/api/sync-schemas';
import { formatAgo } from '../../format';

/** The header's words for how sync stands, short enough for a toolbar. */
export function overallWords(status: SyncStatusView, now = Date.now()): string {
  const { events, segments } = status.waiting;
  const waiting = events > 0 ? ` — ${events} ${events === 1 ? 'change' : 'changes'} waiting` : segments > 0 ? ' — sealed changes waiting' : '';
  switch (status.overall) {
    case 'none':
      return 'Sync: not set up';
    case 'syncing':
      return `Syncing… ${phaseWords(status.running?.phase ?? '')}`;
    case 'offline':
      return `Offline${waiting}`;
    case 'failed':
      return `Sync failed${waiting}`;
    case 'online': {
      const last = lastSuccessAt(status);
      return `${last ? `Synced ${formatAgo(last, now)}` : 'Not synced yet'}${waiting}`;
    }
  }
}

/** The latest success over all targets. */
export function lastSuccessAt(status: SyncStatusView): string | null {
  return status.targets.map((t) => t.lastSuccess?.at ?? '').reduce((a, b) => (b > a ? b : a), '') || null;
}

export function phaseWords(phase: string): string {
  return phase === 'sealing' ? 'sealing changes' : phase === 'sending' ? 'sending' : phase === 'receiving' ? 'receiving' : 'starting';
}

export const stateWords: Record<SyncTargetState, string> = { idle: 'Ready', syncing: 'Syncing', offline: 'Offline', failed: 'Failed', paused: 'Paused' };

export const triggerWords: Record<SyncTrigger, string> = { manual: 'Sync now', schedule: 'Schedule', reconnect: 'Reconnected', change: 'A change here' };

export const kindWords = { folder: 'Folder', webdav: 'WebDAV', s3: 'S3 bucket' } as const;
