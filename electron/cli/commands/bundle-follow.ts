import type { BundleJobView } from '../../../shared/api/bundle-schemas';
import { formatBytes } from '../../../shared/evidence/describe';
import type { CliContext } from '../command';

const PROGRESS_EVERY_MS = 1000;

/** Follows a bundle job to its end with progress on stderr; Ctrl+C cancels it. A failed job ends the command with its error's exit code. */
export async function followBundleJob(cli: CliContext, started: BundleJobView): Promise<BundleJobView> {
  let view = started;
  let shown = 0;
  const interrupt = () => void cli.call('job.cancel', { jobId: started.jobId }).catch(() => undefined);
  process.once('SIGINT', interrupt);
  try {
    while (view.state === 'running') {
      view = (await cli.call('job.wait', { jobId: started.jobId, timeoutMs: PROGRESS_EVERY_MS })) as unknown as BundleJobView;
      if (view.state === 'running' && Date.now() - shown >= PROGRESS_EVERY_MS && view.total > 0) {
        shown = Date.now();
        cli.progress(`${view.label}: ${view.phase} ${Math.floor((100 * view.done) / view.total)}% (${formatBytes(view.done)} of ${formatBytes(view.total)})`);
      }
    }
  } finally {
    process.removeListener('SIGINT', interrupt);
  }
  if (view.state === 'cancelled') throw new Error(`${view.label}: cancelled; nothing was written`);
  if (view.state === 'failed') await cli.call('job.result', { jobId: view.jobId });
  return view;
}
