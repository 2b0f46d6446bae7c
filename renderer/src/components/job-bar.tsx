import type { ReactNode } from 'react';
import { formatBytes } from './evidence/evidence-format';

/** What a progress bar needs of a job (evidence and bundle jobs alike). */
export type JobLike = { label: string; state: 'running' | 'done' | 'failed' | 'cancelled'; phase: string; done: number; total: number; cancelRequested?: boolean | undefined };

type JobBarProps = {
  job: JobLike;
  /** The words for the job's current phase. */
  phaseLabel: string;
  /** How a cancelled and a failed job are called in the head line. */
  ended: { cancelled: string; failed: string };
  /** Whether "x of y" stays once the job has ended. */
  bytesAfterEnd: boolean;
  onCancel: () => void;
  /** Shown under the bar (how it ended). */
  children?: ReactNode;
};

/** A job's progress bar, with Cancel while it runs. */
export function JobBar({ job, phaseLabel, ended, bytesAfterEnd, onCancel, children }: JobBarProps) {
  const percent = job.total > 0 ? Math.min(100, Math.round((job.done / job.total) * 100)) : job.state === 'done' ? 100 : 0;
  const running = job.state === 'running';
  return (
    <div className={`job job-${job.state}`} role="group" aria-label={job.label}>
      <div className="job-head">
        <span className="job-label">{job.label}</span>
        <span className="hint" aria-live="polite">
          {running && (job.cancelRequested ? 'Cancelling…' : `${phaseLabel} — ${percent}%`)}
          {job.state === 'done' && 'Done'}
          {job.state === 'cancelled' && ended.cancelled}
          {job.state === 'failed' && ended.failed}
        </span>
        {running && (
          <button type="button" className="job-cancel" onClick={onCancel} disabled={job.cancelRequested === true}>
            Cancel
          </button>
        )}
      </div>
      <progress className="job-bar" max={100} value={percent} aria-label={`${job.label}: progress`} aria-valuetext={`${percent}%`} />
      {job.total > 0 && (running || bytesAfterEnd) && (
        <span className="hint small">
          {formatBytes(job.done)} of {formatBytes(job.total)}
        </span>
      )}
      {children}
    </div>
  );
}
