/**
 * A pool of worker threads that run a few lines of plain JavaScript given
 * as a string, for CPU-bound work that splits into independent batches
 * (signature checks, stream chunks). Code evaluated from a string needs no
 * separate bundle, so the same pool runs under Node, vitest and Electron.
 *
 * `handler` is the source of a JavaScript function expression taking one
 * input and returning the output; it may `require` Node's built-ins. An
 * ArrayBuffer output is transferred, not copied. Idle workers are unref'd,
 * so they never keep a process (the CLI) alive; a busy one is ref'd, so
 * the process waits for its answer. A worker idle for a second is ended:
 * each holds tens of MB (its isolate, its heap) that the rest of a long
 * import, or the desktop app, should have back.
 */
import { availableParallelism } from 'node:os';
import { Worker, type Transferable } from 'node:worker_threads';

type Slot = { worker: Worker; busy: number; idle: NodeJS.Timeout | null };
type Pending<O> = { resolve: (output: O) => void; reject: (error: Error) => void; slot: Slot };
type Answer<O> = { id: number; output?: O; error?: string };

/** A worker idle this long is ended; a burst of jobs (one import) reuses it. */
const RETIRE_AFTER_MS = 1_000;

const harness = (handler: string) => `
const { parentPort } = require('node:worker_threads');
const handle = (${handler});
parentPort.on('message', ({ id, input }) => {
  let output;
  try {
    output = handle(input);
  } catch (error) {
    parentPort.postMessage({ id, error: String((error && error.message) || error) });
    return;
  }
  parentPort.postMessage({ id, output }, output instanceof ArrayBuffer ? [output] : []);
});
`;

export class CodeWorkerPool<I, O> {
  private readonly slots: Slot[] = [];
  private readonly pending = new Map<number, Pending<O>>();
  private readonly source: string;
  private nextId = 0;

  /** `what` names the work in errors ("A signature worker stopped…"). */
  constructor(handler: string, readonly size: number, private readonly what: string) {
    this.source = harness(handler);
  }

  /** Workers running now. */
  get workers(): number {
    return this.slots.length;
  }

  run(input: I, transfer: readonly Transferable[] = []): Promise<O> {
    const slot = this.leastBusy();
    const id = this.nextId++;
    return new Promise<O>((resolve, reject) => {
      this.pending.set(id, { resolve, reject, slot });
      if (slot.busy++ === 0) {
        slot.worker.ref();
        if (slot.idle) clearTimeout(slot.idle);
        slot.idle = null;
      }
      slot.worker.postMessage({ id, input }, [...transfer]);
    });
  }

  private leastBusy(): Slot {
    const idle = this.slots.find((s) => s.busy === 0);
    if (idle) return idle;
    if (this.slots.length < this.size) return this.spawn();
    return this.slots.reduce((best, slot) => (slot.busy < best.busy ? slot : best));
  }

  private spawn(): Slot {
    const worker = new Worker(this.source, { eval: true });
    const slot: Slot = { worker, busy: 0, idle: null };
    worker.unref();
    worker.on('message', ({ id, output, error }: Answer<O>) => {
      const job = this.pending.get(id);
      if (!job) return;
      this.pending.delete(id);
      if (--slot.busy === 0) this.rest(slot);
      if (error !== undefined) job.reject(new Error(`${this.what}: ${error}`));
      else job.resolve(output as O);
    });
    const fail = (error: Error): void => {
      if (slot.idle) clearTimeout(slot.idle);
      const index = this.slots.indexOf(slot);
      if (index >= 0) this.slots.splice(index, 1);
      for (const [id, job] of this.pending) {
        if (job.slot !== slot) continue;
        this.pending.delete(id);
        job.reject(error);
      }
    };
    worker.on('error', fail);
    worker.on('exit', (code) => fail(new Error(`${this.what}: a worker stopped (exit code ${code})`)));
    this.slots.push(slot);
    return slot;
  }

  /** Lets an idle worker go: unref'd at once, ended after RETIRE_AFTER_MS unless a job comes first. */
  private rest(slot: Slot): void {
    slot.worker.unref();
    slot.idle = setTimeout(() => {
      const index = this.slots.indexOf(slot);
      if (slot.busy > 0 || index < 0) return;
      this.slots.splice(index, 1);
      void slot.worker.terminate();
    }, RETIRE_AFTER_MS);
    slot.idle.unref();
  }
}

/** Workers for work the main thread waits on: one per core, at most `max`. */
export function poolSize(max: number): number {
  return Math.max(1, Math.min(max, availableParallelism()));
}
