/**
 * An evidence blob's plaintext as an async iterable, for handing one blob's
 * content straight to the code that writes another (stageBlob) without
 * holding it in memory. The reader waits until each batch was taken
 * (readBlob awaits its onData), so at most one batch is buffered; a
 * consumer that stops early stops the reader too.
 */
import { readBlob, type ReadBlobInput } from '../../evidence/blob-reader';

class ConsumerStopped extends Error {}

export async function* blobPlaintext(input: Omit<ReadBlobInput, 'onData'>): AsyncGenerator<Buffer> {
  const queue: Buffer[][] = [];
  let wake: (() => void) | null = null;
  let taken: (() => void) | null = null;
  let stopped = false;
  let outcome: { failure: unknown } | null = null;
  const notify = () => {
    wake?.();
    wake = null;
  };
  const reading = readBlob({
    ...input,
    onData: (chunks) => {
      if (stopped) throw new ConsumerStopped();
      queue.push(chunks);
      notify();
      return new Promise<void>((resolve) => (taken = resolve));
    },
  }).then(
    () => {
      outcome = { failure: null };
      notify();
    },
    (error: unknown) => {
      outcome = { failure: error ?? new Error('Reading the blob failed') };
      notify();
    },
  );
  try {
    for (;;) {
      const batch = queue.shift();
      if (batch) {
        yield* batch;
        const next = taken as (() => void) | null;
        taken = null;
        next?.();
        continue;
      }
      const ended = outcome as { failure: unknown } | null;
      if (ended) {
        if (ended.failure instanceof Error) throw ended.failure;
        if (ended.failure !== null) throw new Error('Reading the blob failed');
        return;
      }
      await new Promise<void>((resolve) => (wake = resolve));
    }
  } finally {
    stopped = true;
    const next = taken as (() => void) | null;
    next?.();
    await reading;
  }
}
