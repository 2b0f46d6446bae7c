import { useSyncStore } from '../../stores/sync-store';
import { ModalDialog } from '../modal-dialog';
import { AddTargetForm } from './add-target-form';
import { AlertsSection } from './alerts-section';
import { RunHistory } from './run-history';
import { ScheduleForm } from './schedule-form';
import { SyncNowBar } from './sync-now-bar';
import { TargetRow } from './target-row';
import './sync.css';

/** The Sync screen: sync now, the targets (add, test, pause, remove), the schedule, and every run. */
export function SyncDialog({ onClose }: { onClose: () => void }) {
  const status = useSyncStore((s) => s.status);
  const error = useSyncStore((s) => s.error);
  const load = useSyncStore((s) => s.load);

  return (
    <ModalDialog title="Sync" className="sync-dialog" closeLabel="Close sync" onClose={onClose} onOpen={() => void load()} error={error} loading={!status} loadingText="Loading…">
      {status && (
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
    </ModalDialog>
  );
}
