import type { BundleJobView } from '../../../../shared/api/bundle-schemas';
import { formatBytes } from '../evidence/evidence-format';

const phaseLabels: Record<string, string> = {
  queued: 'Waiting to start',
  preparing: 'Preparing',
  writing: 'Writing the bundle',
  verifying: 'Checking the bundle',
  applying: 'Adding to the vault',
  finished: 'Finished',
};

/** A bundle job's progress bar, with Cancel while it runs. Failures are shown by the caller. */
export function BundleProgress({ job, onCancel }: { job: BundleJobView; onCancel: () => void }) {
  const percent = job.total > 0 ? Math.min(100, Math.round((job.done / job.total) * 100)) : job.state === 'done' ? 100 : 0;
  const running = job.state === 'running';
  return (
    <div className={`job job-${job.state}`} role="group" aria-label={job.label}>
      <div className="job-head">
        <span className="job-label">{job.label}</span>
        <span className="hint" aria-live="polite">
          {running && (job.cancelRequested ? 'Cancelling…' : `${phaseLabels[job.phase] ?? job.phase} — ${percent}%`)}
          {job.state === 'done' && 'Done'}
          {job.state === 'cancelled' && 'Cancelled: nothing was kept'}
          {job.state === 'failed' && 'Stopped'}
        </span>
        {running && (
          <button type="button" className="job-cancel" onClick={onCancel} disabled={job.cancelRequested === true}>
            Cancel
          </button>
        )}
      </div>
      <progress className="job-bar" max={100} value={percent} aria-label={`${job.label}: progress`} aria-valuetext={`${percent}%`} />
      {job.total > 0 && running && (
        <span className="hint small">
          {formatBytes(job.done)} of {formatBytes(job.total)}
        </span>
      )}
    </div>
  );
}
