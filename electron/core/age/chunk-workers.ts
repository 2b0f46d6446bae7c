/**
 * A small pool of worker threads that seal and open batches of STREAM
 * chunks (./chunk-worker-source.ts), so that the ChaCha20-Poly1305 of a
 * large file runs beside the caller's own work (reading and decrypting
 * evidence blobs, hashing, the file I/O) instead of after it.
 *
 * Jobs go to the least busy worker; each answers with its own promise, and
 * callers keep their own order (payload-parallel.ts). A worker that fails
 * a job, crashes or exits rejects the jobs it held with a ChunkWorkerError
 * and is replaced on the next job. Idle workers are unref'd, so they never
 * keep a process alive, and ended after a few seconds.
 */
import { Worker } from 'node:worker_threads';
import type { ChaChaBackendName } from './chacha';
import { CHUNK_WORKER_SOURCE } from './chunk-worker-source';
import { CHUNK_BYTES } from './payload';

export class ChunkWorkerError extends Error {
  override readonly name = 'ChunkWorkerError';
}

export type Opened = {
  /** Plaintext of the first `opened` chunks, which authenticated (at the start of the batch's buffer). */
  plaintext: Buffer;
  opened: number;
  /** The whole batch's buffer: where a chunk did not authenticate, its sealed bytes are still in place. */
  batch: Buffer;
};

type Reply = { id: number; data: ArrayBuffer; length?: number; opened?: number; error?: string };
type Pending = { resolve: (reply: Reply) => void; reject: (error: Error) => void; slot: Slot };
type Slot = { worker: Worker; busy: number; idle: NodeJS.Timeout | null };

/** A worker idle this long is ended: it holds tens of MB (its isolate, its garbage) that a desktop app should give back. */
const RETIRE_AFTER_MS = 5_000;

export class ChunkWorkerPool {
  private readonly slots: Slot[] = [];
  private readonly pending = new Map<number, Pending>();
  private nextId = 0;

  /** `source` and `retireAfterMs` are for tests (a worker that misbehaves, a quick retirement). */
  constructor(
    readonly size: number,
    private readonly source: string = CHUNK_WORKER_SOURCE ?? '',
    private readonly retireAfterMs = RETIRE_AFTER_MS,
    /** The ChaCha20-Poly1305 the workers use: node:crypto's, or libsodium's (Electron). */
    readonly backend: Exclude<ChaChaBackendName, 'noble'> = 'node',
  ) {}

  /** Workers running now. */
  get workers(): number {
    return this.slots.length;
  }

  /**
   * Seals `length` bytes of plaintext laid out as sealed chunks in `buffer` (transferred:
   * the caller gets it back as the result's `.buffer`).
   */
  async seal(key: Uint8Array, counter: number, last: boolean, buffer: ArrayBuffer, length: number): Promise<Buffer> {
    const reply = await this.run({ op: 'seal', key, counter, last, data: buffer, length });
    return Buffer.from(reply.data, 0, reply.length ?? 0);
  }

  /** Opens `length` bytes of whole sealed chunks, none of them final, in `buffer` (transferred, as for seal). */
  async open(key: Uint8Array, counter: number, buffer: ArrayBuffer, length: number): Promise<Opened> {
    const reply = await this.run({ op: 'open', key, counter, data: buffer, length });
    const opened = reply.opened ?? 0;
    return { plaintext: Buffer.from(reply.data, 0, opened * CHUNK_BYTES), opened, batch: Buffer.from(reply.data, 0, length) };
  }

  /** Ends every worker now (tests; idle workers of the process-wide pool end by themselves). */
  async close(): Promise<void> {
    const slots = [...this.slots];
    slots.forEach((slot) => this.forget(slot));
    await Promise.all(slots.map((slot) => slot.worker.terminate()));
  }

  private run(job: { data: ArrayBuffer } & Record<string, unknown>): Promise<Reply> {
    const slot = this.leastBusy();
    const id = this.nextId++;
    return new Promise<Reply>((resolve, reject) => {
      this.pending.set(id, { resolve, reject, slot });
      if (slot.busy++ === 0) {
        if (slot.idle) clearTimeout(slot.idle);
        slot.idle = null;
        slot.worker.ref();
      }
      slot.worker.postMessage({ ...job, id }, [job.data]);
    });
  }

  private leastBusy(): Slot {
    if (this.slots.length < this.size) {
      const slot = this.spawn();
      if (slot.busy === 0) return slot;
    }
    return this.slots.reduce((best, slot) => (slot.busy < best.busy ? slot : best));
  }

  private spawn(): Slot {
    const worker = new Worker(this.source, { eval: true, workerData: { backend: this.backend } });
    const slot: Slot = { worker, busy: 0, idle: null };
    worker.unref();
    worker.on('message', (reply: Reply) => {
      const job = this.pending.get(reply.id);
      if (!job) return;
      this.pending.delete(reply.id);
      if (--slot.busy === 0) this.rest(slot);
      if (reply.error !== undefined) job.reject(new ChunkWorkerError(`An age worker thread failed: ${reply.error}`));
      else job.resolve(reply);
    });
    const fail = (error: ChunkWorkerError): void => {
      this.forget(slot);
      for (const [id, job] of this.pending) {
        if (job.slot !== slot) continue;
        this.pending.delete(id);
        job.reject(error);
      }
    };
    worker.on('error', (error) => fail(new ChunkWorkerError(`An age worker thread crashed: ${error.message}`, { cause: error })));
    worker.on('exit', (code) => fail(new ChunkWorkerError(`An age worker thread stopped (exit code ${code})`)));
    this.slots.push(slot);
    return slot;
  }

  /** No job left: the worker no longer keeps the process alive, and is ended if it stays idle. */
  private rest(slot: Slot): void {
    slot.worker.unref();
    slot.idle = setTimeout(() => {
      this.forget(slot);
      void slot.worker.terminate();
    }, this.retireAfterMs);
    slot.idle.unref();
  }

  private forget(slot: Slot): void {
    if (slot.idle) clearTimeout(slot.idle);
    slot.idle = null;
    const index = this.slots.indexOf(slot);
    if (index >= 0) this.slots.splice(index, 1);
  }
}

const shared = new Map<string, ChunkWorkerPool>();

/**
 * The process-wide pool of a backend: one worker, or null where the worker
 * was not built in. The caller's thread, which decrypts or hashes evidence
 * and does the I/O, cannot feed a second one faster, and each worker costs
 * tens of MB of memory.
 */
export function chunkWorkerPool(backend: Exclude<ChaChaBackendName, 'noble'> = 'node'): ChunkWorkerPool {
  let pool = shared.get(backend);
  if (!pool) shared.set(backend, (pool = new ChunkWorkerPool(1, undefined, undefined, backend)));
  return pool;
}
