/**
 * The caller's side of the staging worker (./stage-worker.ts): one worker
 * thread, made from the source built in as __OUTPOST_STAGE_WORKER__ (so it
 * runs the same from an asar archive), that stages big evidence files while
 * the caller goes on decrypting and reading the bundle. Where the source was
 * not built in, `stagingWorker()` is null and files are staged inline.
 *
 * The plaintext goes over in batches of 1 MiB, copied into buffers of their
 * own and transferred (and transferred back once sealed, for the next
 * batches: no garbage for either thread's collector); the caller waits while more than a few batches are
 * on their way, so memory stays at a few MiB whatever the file size. The
 * worker is unref'd while it stages nothing (it never keeps the CLI alive)
 * and ended after a few idle seconds: it holds an isolate's worth of memory.
 * A worker that crashes fails the files it was staging and is replaced on
 * the next one.
 */
import { Worker } from 'node:worker_threads';
import type { SealPlan } from './blob-sealer';
import type { FromStageWorker, ToStageWorker } from './stage-worker';

declare const __OUTPOST_STAGE_WORKER__: string | undefined;

const source = typeof __OUTPOST_STAGE_WORKER__ === 'string' ? __OUTPOST_STAGE_WORKER__ : null;

const BATCH_BYTES = 1024 * 1024;
const MAX_IN_FLIGHT_BYTES = 4 * BATCH_BYTES;
const RETIRE_AFTER_MS = 5_000;

/** An error the worker reported, with the errno code it carried (ENOSPC…), so it is worded the same as inline. */
export class StageWorkerError extends Error {
  override readonly name = 'StageWorkerError';
  constructor(
    message: string,
    readonly code?: string,
  ) {
    super(message);
  }
}

type Listener = (message: FromStageWorker) => void;

class StagingWorker {
  private worker: Worker | null = null;
  private readonly listeners = new Map<number, { listen: Listener; fail: (error: Error) => void }>();
  private nextId = 0;
  private idle: NodeJS.Timeout | null = null;

  /** Starts staging a file by `plan` (its key is copied to the worker). */
  open(plan: SealPlan): StagedStream {
    const worker = this.running();
    const id = this.nextId++;
    const stream = new StagedStream(id, (message, transfer) => worker.postMessage(message, transfer ?? []), () => this.close(id));
    this.listeners.set(id, { listen: (m) => stream.receive(m), fail: (e) => stream.fail(e) });
    if (this.listeners.size === 1) {
      worker.ref();
      if (this.idle) clearTimeout(this.idle);
      this.idle = null;
    }
    // Exact copies: a small Buffer may be a view of Node's shared pool, which a post would copy whole.
    const key = new Uint8Array(plan.key);
    stream.post({ id, op: 'open', plan: { ...plan, key, header: new Uint8Array(plan.header), aad: new Uint8Array(plan.aad), lastAad: new Uint8Array(plan.lastAad) } });
    key.fill(0);
    return stream;
  }

  private close(id: number): void {
    this.listeners.delete(id);
    if (this.listeners.size > 0 || !this.worker) return;
    const worker = this.worker;
    worker.unref();
    this.idle = setTimeout(() => {
      if (this.worker === worker && this.listeners.size === 0) {
        this.worker = null;
        void worker.terminate();
      }
    }, RETIRE_AFTER_MS);
    this.idle.unref();
  }

  private running(): Worker {
    if (this.worker) return this.worker;
    const worker = new Worker(source as string, { eval: true });
    worker.unref();
    worker.on('message', (message: FromStageWorker) => this.listeners.get(message.id)?.listen(message));
    const failAll = (error: Error): void => {
      if (this.worker !== worker) return;
      this.worker = null;
      for (const { fail } of this.listeners.values()) fail(error);
    };
    worker.on('error', (error) => failAll(new StageWorkerError(`The staging worker stopped: ${error.message}`)));
    worker.on('exit', (code) => failAll(new StageWorkerError(`The staging worker stopped (exit code ${code})`)));
    this.worker = worker;
    return worker;
  }
}

/** One file being staged on the worker. */
export class StagedStream {
  private batch: Buffer | null = null;
  private readonly spares: ArrayBuffer[] = [];
  private filled = 0;
  private inFlight = 0;
  private failure: Error | null = null;
  private waiting: { resolve: () => void; reject: (error: Error) => void } | null = null;
  private ending: { resolve: (sha256: string) => void; reject: (error: Error) => void; aborting: boolean } | null = null;
  private settled = false;

  constructor(
    private readonly id: number,
    readonly post: (message: ToStageWorker, transfer?: ArrayBuffer[]) => void,
    private readonly closed: () => void,
  ) {}

  /** Takes the next plaintext bytes; a promise while the worker is behind (wait for it before the next write). */
  write(chunk: Uint8Array): Promise<void> | undefined {
    if (this.failure) return Promise.reject(this.failure);
    for (let at = 0; at < chunk.length; ) {
      this.batch ??= Buffer.from(this.spares.pop() ?? new ArrayBuffer(BATCH_BYTES));
      const take = Math.min(chunk.length - at, BATCH_BYTES - this.filled);
      this.batch.set(chunk.subarray(at, at + take), this.filled);
      this.filled += take;
      at += take;
      if (this.filled === BATCH_BYTES) this.send();
    }
    if (this.inFlight <= MAX_IN_FLIGHT_BYTES) return undefined;
    return new Promise((resolve, reject) => (this.waiting = { resolve, reject }));
  }

  /** Sends what is left and resolves with the plaintext's SHA-256 once the file is durable. */
  finish(): Promise<string> {
    if (this.failure) return Promise.reject(this.failure);
    this.send();
    return new Promise((resolve, reject) => {
      this.ending = { resolve, reject, aborting: false };
      this.post({ id: this.id, op: 'finish' });
    });
  }

  /** Stops staging and resolves once the temporary file is removed; never throws. */
  abort(): Promise<void> {
    if (this.settled) return Promise.resolve();
    return new Promise((resolve) => {
      this.ending = { resolve: () => resolve(), reject: () => resolve(), aborting: true };
      this.post({ id: this.id, op: 'abort' });
    });
  }

  receive(message: FromStageWorker): void {
    if (message.op === 'ack') {
      this.inFlight -= message.bytes;
      if (message.data) this.spares.push(message.data);
      if (this.inFlight <= MAX_IN_FLIGHT_BYTES) this.wake();
    } else if (message.op === 'done') {
      this.settle();
      this.ending?.resolve(message.sha256);
    } else if (message.op === 'aborted') {
      this.settle();
      this.ending?.resolve('');
    } else {
      this.fail(new StageWorkerError(message.message, message.code));
    }
  }

  /** The worker failed this file (and removed it), or stopped altogether: no answer comes after this. */
  fail(error: Error): void {
    this.failure ??= error;
    this.wake(error);
    this.settle();
    this.ending?.reject(error);
  }

  private wake(error?: Error): void {
    const waiting = this.waiting;
    this.waiting = null;
    if (!waiting) return;
    if (error) waiting.reject(error);
    else waiting.resolve();
  }

  private send(): void {
    if (!this.batch || this.filled === 0) return;
    const data = this.batch.buffer as ArrayBuffer;
    this.post({ id: this.id, op: 'data', data, length: this.filled }, [data]);
    this.inFlight += this.filled;
    this.batch = null;
    this.filled = 0;
  }

  private settle(): void {
    if (this.settled) return;
    this.settled = true;
    this.closed();
  }
}

let shared: StagingWorker | null = null;

/** The staging worker, or null where its source was not built in (stage inline then). */
export function stagingWorker(): StagingWorker | null {
  if (source === null) return null;
  shared ??= new StagingWorker();
  return shared;
}
