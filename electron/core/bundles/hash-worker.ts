/**
 * SHA-256 on a worker thread (./hash-worker-source.ts), for the large
 * evidence files of a bundle: their digest is computed beside the caller's
 * own work (the age decryption, the tar reading, the AES-GCM sealing of the
 * staged blob) instead of after it, on a second core. On two cores, importing a
 * 1 GiB bundle did all four in a row on one thread.
 *
 * The bytes are copied into batch buffers of 1 MiB that are transferred to
 * the worker and come back to be filled again; at most a few are in flight
 * (`update` asks the caller to wait beyond that), so memory stays constant
 * whatever the file's size. One digest at a time per process (bundle entries
 * come one after another): `acquire` waits for the previous one to finish.
 * The worker is unref'd while idle, so it never keeps a process alive, and
 * ended after a few idle seconds. A worker that crashes fails the digest
 * under way and is replaced on the next one.
 */
import { Worker } from 'node:worker_threads';
import { HASH_WORKER_SOURCE } from './hash-worker-source';

/** A running SHA-256: `update` in order (awaiting any promise it returns), then `digest` or `abort`, once. */
export type StreamHash = {
  update(bytes: Uint8Array): Promise<void> | undefined;
  /** The hex digest of every byte given. */
  digest(): Promise<string>;
  abort(): void;
};

type Reply = { op: 'back'; data: ArrayBuffer } | { op: 'done'; id: number; sha256: string; bytes: number } | { op: 'aborted'; id: number } | { op: 'error'; id: number; message: string };

const BATCH_BYTES = 1024 * 1024;
/** Batches on their way to the worker at once: enough to keep it busy, few enough for memory. */
const MAX_IN_FLIGHT = 4;
const RETIRE_AFTER_MS = 5_000;

export class HashWorkerError extends Error {
  override readonly name = 'HashWorkerError';
}

class HashWorker {
  private worker: Worker | null = null;
  private retire: NodeJS.Timeout | null = null;
  private spares: ArrayBuffer[] = [];
  private inFlight = 0;
  private nextId = 0;
  private turn: Promise<void> = Promise.resolve();
  private onReply: ((reply: Reply) => void) | null = null;
  private onDeath: ((error: Error) => void) | null = null;
  private onBack: (() => void) | null = null;

  /** A new digest, once the one before it (if any) finished. */
  async acquire(): Promise<StreamHash> {
    const previous = this.turn;
    let release: () => void = () => undefined;
    this.turn = new Promise((resolve) => (release = resolve));
    await previous;
    try {
      return this.begin(release);
    } catch (error) {
      release();
      throw error;
    }
  }

  private begin(release: () => void): StreamHash {
    const worker = this.start();
    const id = this.nextId++;
    let failure: Error | null = null;
    let sent = 0;
    let batch: Uint8Array | null = null;
    let filled = 0;
    let waiting: (() => void) | null = null;
    let finish: { resolve: (sha256: string) => void; reject: (error: Error) => void } | null = null;
    let open = true;
    const wake = (): void => {
      const w = waiting;
      waiting = null;
      w?.();
    };
    const close = (): void => {
      if (!open) return;
      open = false;
      this.onReply = null;
      this.onDeath = null;
      this.onBack = null;
      this.idle();
      release();
    };
    this.onBack = wake;
    this.onReply = (reply) => {
      if (reply.op === 'back') return;
      if (reply.id === id && reply.op === 'done') {
        close();
        if (reply.bytes === sent) finish?.resolve(reply.sha256);
        else finish?.reject(new HashWorkerError(`The hashing worker saw ${reply.bytes} bytes of ${sent}`));
      } else if (reply.id === id && reply.op === 'error') {
        close();
        finish?.reject(new HashWorkerError(reply.message));
      }
    };
    this.onDeath = (error) => {
      failure ??= error;
      close();
      finish?.reject(failure);
      wake();
    };
    const post = async (): Promise<void> => {
      while (this.inFlight >= MAX_IN_FLIGHT && failure === null) await new Promise<void>((resolve) => (waiting = resolve));
      if (failure !== null) throw failure;
      const full = batch as Uint8Array;
      this.inFlight++;
      worker.postMessage({ op: 'data', id, data: full.buffer, length: filled }, [full.buffer as ArrayBuffer]);
      sent += filled;
      batch = null;
      filled = 0;
    };
    worker.postMessage({ op: 'begin', id });
    const update = (bytes: Uint8Array): Promise<void> | undefined => {
      if (failure !== null) throw failure;
      for (let at = 0; at < bytes.length; ) {
        batch ??= new Uint8Array(this.spares.pop() ?? new ArrayBuffer(BATCH_BYTES));
        const count = Math.min(bytes.length - at, BATCH_BYTES - filled);
        batch.set(count === bytes.length ? bytes : bytes.subarray(at, at + count), filled);
        filled += count;
        at += count;
        // A full batch goes at once; the caller waits only when the worker is behind.
        if (filled === BATCH_BYTES) return post().then(() => update(bytes.subarray(at)));
      }
      return undefined;
    };
    return {
      update,
      digest: async () => {
        if (batch) await post();
        if (failure !== null) throw failure;
        const done = new Promise<string>((resolve, reject) => (finish = { resolve, reject }));
        worker.postMessage({ op: 'end', id });
        return done;
      },
      abort: () => {
        if (!open) return;
        // Later messages of this digest, if any, are ignored by the worker; its buffers still come back.
        if (this.worker === worker) worker.postMessage({ op: 'abort', id });
        close();
      },
    };
  }

  private start(): Worker {
    if (this.retire) clearTimeout(this.retire);
    this.retire = null;
    if (this.worker) {
      this.worker.ref();
      return this.worker;
    }
    const worker = new Worker(HASH_WORKER_SOURCE, { eval: true });
    this.worker = worker;
    this.inFlight = 0;
    this.spares = [];
    worker.on('message', (reply: Reply) => {
      if (reply.op !== 'back') return this.onReply?.(reply);
      // Counted here, not per digest: an aborted digest's buffers come back during the next one.
      this.inFlight--;
      if (this.spares.length < MAX_IN_FLIGHT) this.spares.push(reply.data);
      this.onBack?.();
    });
    const gone = (error: Error): void => {
      if (this.worker !== worker) return;
      this.worker = null;
      this.spares = [];
      this.inFlight = 0;
      this.onDeath?.(error);
    };
    worker.on('error', (error) => gone(new HashWorkerError(`The hashing worker failed: ${error.message}`)));
    worker.on('exit', (code) => gone(new HashWorkerError(`The hashing worker stopped (exit code ${code})`)));
    return worker;
  }

  private idle(): void {
    const worker = this.worker;
    if (!worker) return;
    worker.unref();
    this.retire = setTimeout(() => {
      if (this.worker !== worker) return;
      this.worker = null;
      this.spares = [];
      void worker.terminate();
    }, RETIRE_AFTER_MS);
    this.retire.unref();
  }
}

let shared: HashWorker | null = null;

/** A SHA-256 computed on the process's hashing worker (started on first use). */
export function workerHash(): Promise<StreamHash> {
  shared ??= new HashWorker();
  return shared.acquire();
}
