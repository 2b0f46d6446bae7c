/**
 * Turns push-style producers (a callback awaited per chunk, as the blob
 * reader offers) into an async iterable with backpressure: the producer's
 * `push` resolves only once the consumer took the value, so at most one
 * value is in flight. An error of the producer ends the iteration with it.
 */
export function pullFrom<T>(produce: (push: (value: T) => Promise<void>) => Promise<void>): AsyncIterable<T> {
  return {
    [Symbol.asyncIterator]() {
      let wake: (() => void) | null = null;
      let slot: { value: T; taken: () => void } | null = null;
      let finished = false;
      let failure: { error: unknown } | null = null;
      let started = false;
      let stopped = false;
      const notify = () => {
        const w = wake;
        wake = null;
        w?.();
      };
      const start = () => {
        started = true;
        produce((value) => {
          if (stopped) return Promise.reject(new Error('The reader stopped'));
          return new Promise<void>((taken) => {
            slot = { value, taken };
            notify();
          });
        }).then(
          () => {
            finished = true;
            notify();
          },
          (error: unknown) => {
            failure = { error };
            notify();
          },
        );
      };
      return {
        async next(): Promise<IteratorResult<T>> {
          if (!started) start();
          for (;;) {
            if (slot) {
              const { value, taken } = slot;
              slot = null;
              taken();
              return { value, done: false };
            }
            if (failure) throw failure.error;
            if (finished) return { value: undefined, done: true };
            await new Promise<void>((resolve) => (wake = resolve));
          }
        },
        async return(): Promise<IteratorResult<T>> {
          stopped = true;
          if (slot) (slot as { taken: () => void }).taken();
          return { value: undefined, done: true };
        },
      };
    },
  };
}
