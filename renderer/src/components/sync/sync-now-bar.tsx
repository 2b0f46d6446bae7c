import type { SyncJobView, SyncStatusView } from '../../../../shared/api/sync-schemas';
import { api } from '../../api/client';
import { useAction } from '../../hooks/use-action';
import { useSyncStore } from '../../stores/sync-store';
import { phaseWords } from './sync-words';

/** "Sync now" for every target that is not paused, and while a run goes, its progress and Cancel. */
export function SyncNowBar({ status }: { status: SyncStatusView }) {
  const load = useSyncStore((s) => s.load);
  const action = useAction();
  const running = status.running;
  const active = status.targets.filter((t) => !t.paused).length;

  return (
    <div className="sync-now">
      {running ? (
        <RunProgress job={running} onCancel={() => void action.run(() => api.send('job.cancel', { jobId: running.jobId }).then(load))} />
      ) : (
        <button type="button" className="primary" disabled={action.busy || active === 0 || !status.inTeam} onClick={() => void action.run(() => api.send('sync.run', {}).then(load))}>
          Sync now
        </button>
      )}
      <span className="hint">
        {status.waiting.events === 0 && status.waiting.segments === 0
          ? 'Nothing waiting to go out.'
          : `Waiting to go out: ${status.waiting.events} change(s) made here${status.waiting.segments > 0 ? `, ${status.waiting.segments} sealed segment(s) not on every target yet` : ''}.`}
      </span>
      {action.error && (
        <p className="error" role="alert">
          {action.error}
        </p>
      )}
    </div>
  );
}

function RunProgress({ job, onCancel }: { job: SyncJobView; onCancel: () => void }) {
  const of = job.filesTotal ?? 1;
  const at = Math.min((job.filesDone ?? 0) + 1, of);
  const percent = job.total > 0 ? Math.round((job.done / job.total) * 100) : null;
  return (
    <div className="sync-progress" role="group" aria-label={job.label}>
      <span>
        {job.label}: {job.cancelRequested ? 'cancelling…' : phaseWords(job.phase)}
        {of > 1 ? ` (target ${at} of ${of})` : ''}
        {percent !== null ? ` — ${percent}%` : ''}
      </span>
      <progress max={of} value={at - 1 + (percent ?? 0) / 100} aria-label="Sync progress" />
      <button type="button" onClick={onCancel} disabled={job.cancelRequested === true}>
        Cancel
      </button>
    </div>
  );
}
