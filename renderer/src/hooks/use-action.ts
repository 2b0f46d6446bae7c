import { useState } from 'react';
import { errorMessage } from '../api/client';

export type Action = {
  busy: boolean;
  /** What the last run, or a check before it, found wrong; null while nothing is. */
  error: string | null;
  setError: (error: string | null) => void;
  /** Runs `work` with `busy` set and the previous error cleared; a throw becomes `error`, never a rejection. */
  run: (work: () => Promise<unknown>) => Promise<void>;
};

/**
 * The busy flag and error message of what a form or a row of buttons does.
 * `describe` turns a failure into the message shown (by default its own).
 */
export function useAction(describe: (caught: unknown) => string = errorMessage): Action {
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);

  async function run(work: () => Promise<unknown>) {
    setBusy(true);
    setError(null);
    try {
      await work();
    } catch (caught) {
      setError(describe(caught));
    } finally {
      // After a form closed itself on success this is a no-op: React drops updates to unmounted components.
      setBusy(false);
    }
  }

  return { busy, error, setError, run };
}
