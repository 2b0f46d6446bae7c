import type { JobView } from '../../../../shared/api/evidence-schemas';
import { formatBytes } from './evidence-format';

const phaseLabels: Record<JobView['phase'], string> = {
  queued: 'Waiting to start',
  reading: 'Hashing and encrypting',
  storing: 'Storing in the vault',
  recording: 'Recording in the case',
  verifying: 'Verifying',
  writing: 'Writing',
  finished: 'Finished',
};

/** A job's progress bar with Cancel while it runs, and how it ended once it has. */
export function JobProgress({ job, onCancel, outcome }: { job: JobView; onCancel: () => void; outcome?: string }) {
  const percent = job.total > 0 ? Math.min(100, Math.round((job.done / job.total) * 100)) : job.state === 'done' ? 100 : 0;
  const running = job.state === 'running';
  return (
    <div className={`job job-${job.state}`} role="group" aria-label={job.label}>
      <div className="job-head">
        <span className="job-label">{job.label}</span>
        <span className="hint" aria-live="polite">
          {running ? (job.cancelRequested ? 'Cancelling…' : `${phaseLabels[job.phase]} — ${percent}%`) : null}
          {job.state === 'done' && 'Done'}
          {job.state === 'cancelled' && 'Cancelled'}
          {job.state === 'failed' && 'Failed'}
        </span>
        {running && (
          <button type="button" className="job-cancel" onClick={onCancel} disabled={job.cancelRequested === true}>
            Cancel
          </button>
        )}
      </div>
      <progress className="job-bar" max={100} value={percent} aria-label={`${job.label}: progress`} aria-valuetext={`${percent}%`} />
      {job.total > 0 && (
        <span className="hint small">
          {formatBytes(job.done)} of {formatBytes(job.total)}
        </span>
      )}
      {job.state === 'cancelled' && <p className="small muted">Cancelled: nothing was kept.</p>}
      {job.state === 'failed' && job.error && job.error.code !== 'damaged' && (
        <p className="field-error" role="alert">
          {job.error.message}
        </p>
      )}
      {job.state === 'done' && outcome && (
        <p className="small success" role="status">
          {outcome}
        </p>
      )}
    </div>
  );
}
