import type { JobView } from '../../../../shared/api/evidence-schemas';
import { JobBar } from '../job-bar';

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
  return (
    <JobBar job={job} phaseLabel={phaseLabels[job.phase]} ended={{ cancelled: 'Cancelled', failed: 'Failed' }} bytesAfterEnd onCancel={onCancel}>
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
    </JobBar>
  );
}
