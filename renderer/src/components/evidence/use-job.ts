import { useCallback, useEffect, useRef, useState } from 'react';
import type { JobView } from '../../../../shared/api/evidence-schemas';
import { api, errorMessage } from '../../api/client';

export type JobRun = {
  job: JobView | null;
  /** Set when starting or following the job failed (not when the job itself failed: see job.error). */
  error: string | null;
  running: boolean;
  /** Starts a job and follows it (polling `job.wait`) until it ends; answers its last view, or null when it could not start. */
  run: (start: () => Promise<JobView>) => Promise<JobView | null>;
  cancel: () => Promise<void>;
  clear: () => void;
};

/** Follows one long-running job (file intake, verification, export) at a time. */
export function useJob(): JobRun {
  const [job, setJob] = useState<JobView | null>(null);
  const [error, setError] = useState<string | null>(null);
  const mounted = useRef(true);
  const current = useRef<string | null>(null);

  useEffect(() => {
    mounted.current = true;
    return () => {
      mounted.current = false;
    };
  }, []);

  const run = useCallback(async (start: () => Promise<JobView>) => {
    setError(null);
    try {
      let view = await start();
      current.current = view.jobId;
      if (mounted.current) setJob(view);
      while (view.state === 'running') {
        view = await api.send('job.wait', { jobId: view.jobId, timeoutMs: 300 });
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
      const view = await api.send('job.cancel', { jobId });
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
