import { useEffect, useRef } from 'react';
import { useSyncStore } from '../../stores/sync-store';
import { AddTargetForm } from './add-target-form';
import { AlertsSection } from './alerts-section';
import { RunHistory } from './run-history';
import { ScheduleForm } from './schedule-form';
import { SyncNowBar } from './sync-now-bar';
import { TargetRow } from './target-row';
import './sync.css';

/** The Sync screen: sync now, the targets (add, test, pause, remove), the schedule, and every run. */
export function SyncDialog({ onClose }: { onClose: () => void }) {
  const dialog = useRef<HTMLDialogElement>(null);
  const status = useSyncStore((s) => s.status);
  const error = useSyncStore((s) => s.error);
  const load = useSyncStore((s) => s.load);

  useEffect(() => {
    const element = dialog.current;
    if (element && !element.open) element.showModal();
    void load();
  }, [load]);

  return (
    <dialog ref={dialog} className="dialog sync-dialog" aria-labelledby="sync-title" onClose={onClose}>
      <h2 id="sync-title">Sync</h2>
      {error && (
        <p className="error" role="alert">
          {error}
        </p>
      )}
      {!status ? (
        !error && <p className="muted" aria-busy="true">Loading…</p>
      ) : (
        <>
          {!status.inTeam && (
            <p className="warning" role="note">
              This vault is in no team yet. Sync exchanges changes with the devices on your team’s roster: import your coordinator’s team profile first (Bundles → Keys &amp; team).
            </p>
          )}
          <SyncNowBar status={status} />
          <section aria-labelledby="sync-targets-title">
            <h3 id="sync-targets-title">Targets</h3>
            {status.targets.length === 0 ? (
              <p className="muted">No target yet. Add the storage your team shares — a folder, a WebDAV server or an S3 bucket — and changes flow through it whenever it can be reached.</p>
            ) : (
              <ul className="sync-targets">
                {status.targets.map((t) => (
                  <TargetRow key={t.name} target={t} syncing={status.running !== null} inTeam={status.inTeam} />
                ))}
              </ul>
            )}
          </section>
          <AddTargetForm />
          <AlertsSection />
          <ScheduleForm key={status.everyMinutes} everyMinutes={status.everyMinutes} />
          <section aria-labelledby="sync-runs-title">
            <h3 id="sync-runs-title">Runs</h3>
            <RunHistory runs={status.runs} />
          </section>
        </>
      )}
      <div className="dialog-foot">
        <button type="button" onClick={() => dialog.current?.close()} aria-label="Close sync">
          Close
        </button>
      </div>
    </dialog>
  );
}
