import type { BundleJobView } from '../../../../shared/api/bundle-schemas';
import { JobBar } from '../job-bar';

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
  return <JobBar job={job} phaseLabel={phaseLabels[job.phase] ?? job.phase} ended={{ cancelled: 'Cancelled: nothing was kept', failed: 'Stopped' }} bytesAfterEnd={false} onCancel={onCancel} />;
}
