import { useEffect } from 'react';
import { useSyncStore } from '../stores/sync-store';

const IDLE_MS = 3_000;
const SYNCING_MS = 700;

/**
 * Keeps the sync status fresh while the workbench is shown: every few
 * seconds, faster while a run is going so its progress moves. The call is
 * passive for the idle lock (the core does not count it as activity).
 */
export function useSyncPoll(): void {
  const load = useSyncStore((s) => s.load);
  const syncing = useSyncStore((s) => s.status?.running != null);
  useEffect(() => {
    void load();
    const timer = window.setInterval(() => void load(), syncing ? SYNCING_MS : IDLE_MS);
    return () => window.clearInterval(timer);
  }, [load, syncing]);
}
