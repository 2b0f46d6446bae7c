/**
 * The one replacement of the data key a vault runs at a time, and the way
 * to stop it: locking aborts it (it stops between two files) and waits for
 * it, so the session can close with nothing half-written.
 */
import { ApiFailure } from '../../../../shared/api/errors';

export class RekeySlot {
  private current: { abort: AbortController; done: Promise<unknown> } | null = null;

  get running(): boolean {
    return this.current !== null;
  }

  /** Runs `work` with a signal that fires when `signal` does or when `stop` is called; refused while another runs. */
  run<T>(work: (signal: AbortSignal) => Promise<T>, signal?: AbortSignal): Promise<T> {
    if (this.current) return Promise.reject(new ApiFailure('vault_busy', 'The data key is being replaced already'));
    const abort = new AbortController();
    const done = work(signal ? AbortSignal.any([signal, abort.signal]) : abort.signal);
    const entry = { abort, done };
    this.current = entry;
    void done
      .catch(() => undefined)
      .then(() => {
        if (this.current === entry) this.current = null;
      });
    return done;
  }

  async stop(): Promise<void> {
    const entry = this.current;
    entry?.abort.abort();
    await entry?.done.catch(() => undefined);
  }
}
