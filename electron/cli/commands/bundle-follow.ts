import type { BundleJobView } from '../../../shared/api/bundle-schemas';
import { formatBytes } from '../../../shared/evidence/describe';
import type { CliContext } from '../command';
import { followJob } from './job-follow';

/** Follows a bundle job to its end with progress on stderr; Ctrl+C cancels it. A failed job ends the command with its error's exit code. */
export async function followBundleJob(cli: CliContext, started: BundleJobView): Promise<BundleJobView> {
  const view = await followJob(cli, started, (v) => (v.total > 0 ? `${v.label}: ${v.phase} ${Math.floor((100 * v.done) / v.total)}% (${formatBytes(v.done)} of ${formatBytes(v.total)})` : null));
  if (view.state === 'cancelled') throw new Error(`${view.label}: cancelled; nothing was written`);
  if (view.state === 'failed') await cli.call('job.result', { jobId: view.jobId });
  return view;
}
