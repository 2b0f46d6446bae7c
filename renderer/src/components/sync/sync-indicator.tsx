import { useSyncStore } from '../../stores/sync-store';
import { formatAgo } from '../../format';
import { overallWords, stateWords } from './sync-words';
import './sync.css';

/**
 * The header's sync status: online, offline, syncing or failed, the changes
 * waiting to go out, and (in its title) each target's last sync. Opens the
 * Sync screen.
 */
export function SyncIndicator({ onOpen }: { onOpen: () => void }) {
  const status = useSyncStore((s) => s.status);
  const error = useSyncStore((s) => s.error);
  const overall = status?.overall ?? 'none';
  const words = status ? overallWords(status) : error ? 'Sync status unknown' : 'Sync…';
  const title = status
    ? status.targets.map((t) => `${t.name}: ${stateWords[t.state]}${t.lastSuccess ? `, last synced ${formatAgo(t.lastSuccess.at)} (${t.lastSuccess.eventsIn} new event(s))` : ', never synced'}`).join('\n') || 'No sync target yet'
    : (error ?? '');
  return (
    <button type="button" className={`sync-indicator sync-${overall}`} onClick={onOpen} aria-haspopup="dialog" title={title} data-state={overall}>
      <span className="sync-dot" aria-hidden="true" />
      <span aria-live="polite">{words}</span>
    </button>
  );
}
