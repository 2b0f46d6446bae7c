import type { AnyJobView } from '../../../shared/api/any-job-view';
import type { CliContext } from '../command';

const PROGRESS_EVERY_MS = 1000;


/**
 * Follows a job to its end, printing `describe(view)` to stderr at most once
 * a second while it runs; Ctrl+C asks the job to cancel. Returns the last
 * view: the caller says what a cancelled or failed job means.
 */
export async function followJob<V extends AnyJobView>(cli: CliContext, started: V, describe: (view: V) => string | null): Promise<V> {
  let view = started;
  let shown = 0;
  const interrupt = () => void cli.call('job.cancel', { jobId: started.jobId }).catch(() => undefined);
  process.once('SIGINT', interrupt);
  try {
    while (view.state === 'running') {
      // The job id is this job's: its view is of the family it was started as.
      view = (await cli.call('job.wait', { jobId: started.jobId, timeoutMs: PROGRESS_EVERY_MS })) as V;
      if (view.state !== 'running' || Date.now() - shown < PROGRESS_EVERY_MS) continue;
      const line = describe(view);
      if (line === null) continue;
      shown = Date.now();
      cli.progress(line);
    }
  } finally {
    process.removeListener('SIGINT', interrupt);
  }
  return view;
}
