import { useCallback, useEffect, useRef, useState } from 'react';
import type { BundleJobView } from '../../../../shared/api/bundle-schemas';
import { api, errorMessage } from '../../api/client';

export type BundleJobRun = {
  job: BundleJobView | null;
  /** Starting or following the job failed (not the job itself: see job.error). */
  error: string | null;
  running: boolean;
  run: (start: () => Promise<BundleJobView>) => Promise<BundleJobView | null>;
  cancel: () => Promise<void>;
  clear: () => void;
};

/** Follows one bundle job (export, import) by polling `job.wait` until it ends. */
export function useBundleJob(): BundleJobRun {
  const [job, setJob] = useState<BundleJobView | null>(null);
  const [error, setError] = useState<string | null>(null);
  const mounted = useRef(true);
  const current = useRef<string | null>(null);

  useEffect(() => {
    mounted.current = true;
    return () => {
      mounted.current = false;
    };
  }, []);

  const run = useCallback(async (start: () => Promise<BundleJobView>) => {
    setError(null);
    try {
      let view = await start();
      current.current = view.jobId;
      if (mounted.current) setJob(view);
      while (view.state === 'running') {
        // job.wait answers the shared job view; bundle jobs carry bundle results.
        view = (await api.send('job.wait', { jobId: view.jobId, timeoutMs: 300 })) as unknown as BundleJobView;
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
      const view = (await api.send('job.cancel', { jobId })) as unknown as BundleJobView;
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
