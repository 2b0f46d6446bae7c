import { useCallback, useEffect, useRef, useState } from 'react';
import type { AnyJobView } from '../../../shared/api/any-job-view';
import type { JobView } from '../../../shared/api/evidence-schemas';
import { api, errorMessage } from '../api/client';

/** The view of the family of jobs the caller starts (evidence, bundles, the data key). */
type View = AnyJobView;

export type JobRun<V extends View = JobView> = {
  job: V | null;
  /** Set when starting or following the job failed (not when the job itself failed: see job.error). */
  error: string | null;
  running: boolean;
  /** Starts a job and follows it (polling `job.wait`) until it ends; answers its last view, or null when it could not start. */
  run: (start: () => Promise<V>) => Promise<V | null>;
  cancel: () => Promise<void>;
  clear: () => void;
};

/**
 * Follows one long-running job at a time (file intake, verification,
 * export, bundles). `job.wait` answers the shared job view; callers that
 * started a job of a known kind read it as that kind's view.
 */
export function useJob<V extends View = JobView>(): JobRun<V> {
  const [job, setJob] = useState<V | null>(null);
  const [error, setError] = useState<string | null>(null);
  const mounted = useRef(true);
  const current = useRef<string | null>(null);

  useEffect(() => {
    mounted.current = true;
    return () => {
      mounted.current = false;
    };
  }, []);

  const run = useCallback(async (start: () => Promise<V>) => {
    setError(null);
    try {
      let view = await start();
      current.current = view.jobId;
      if (mounted.current) setJob(view);
      while (view.state === 'running') {
        // The job id is this job's: its view is of the family it was started as.
        view = (await api.send('job.wait', { jobId: view.jobId, timeoutMs: 300 })) as V;
        if (mounted.current && current.current === view.jobId) setJob(view);
      }
      return view;
    } catch (caught) {
      if (mounted.current) setError(errorMessage(caught));
      return null;
    }
  }, []);

  const cancel = useCallback(async () => {
    const jobId = current.current;
    if (!jobId) return;
    try {
      const view = (await api.send('job.cancel', { jobId })) as V;
      if (mounted.current) setJob(view);
    } catch (caught) {
      if (mounted.current) setError(errorMessage(caught));
    }
  }, []);

  const clear = useCallback(() => {
    current.current = null;
    setJob(null);
    setError(null);
  }, []);

  return { job, error, running: job?.state === 'running', run, cancel, clear };
}
