/**
 * The STREAM payload of payload.ts, with its ChaCha20-Poly1305 done by the
 * chunk workers (chunk-workers.ts) in batches of 16 chunks (1 MiB), and
 * every batch released in order. Only the work moves: the chunk counter,
 * the final-chunk flag and the rules about what follows the final chunk are
 * those of the inline classes, which handle the ends of the stream:
 *
 *  - sealing: a batch is sent only once more data follows it, so only the
 *    batch sent by `end` can carry the last chunk;
 *  - opening: only whole chunks that more bytes follow are sent (none of
 *    them may be final); `end` hands what is left, the final chunk among
 *    it, to an inline PayloadDecryptor. A chunk a worker cannot open is
 *    opened again inline, which releases it or says what is wrong exactly
 *    as the inline decryptor would. Plaintext is released only for chunks
 *    that authenticated, never ahead of an earlier chunk.
 *
 * A few batches are in flight at a time (`maxInFlight`): memory stays at a
 * few MiB whatever the file size, and the worker is kept busy while the
 * caller works on the previous batch.
 */
import { availableParallelism } from 'node:os';
import { ByteQueue } from './byte-queue';
import { type ChaChaBackend } from './chacha';
import { CHUNK_WORKER_SOURCE } from './chunk-worker-source';
import { chunkWorkerPool, type ChunkWorkerPool, type Opened } from './chunk-workers';
import { CHUNK_BYTES, PayloadDecryptor, SEALED_CHUNK_BYTES, type Emit } from './payload';

export const BATCH_CHUNKS = 16;
const BATCH_BYTES = BATCH_CHUNKS * CHUNK_BYTES;
const SEALED_BATCH_BYTES = BATCH_CHUNKS * SEALED_CHUNK_BYTES;
/** Spare batch buffers kept for reuse; more than are ever in flight at once. */
const MAX_SPARE = 32;

/**
 * Whether to use the chunk worker: true, false, or 'auto' (the default):
 * with 4 or more cores. On 2 cores, with the 1 GiB bundle benchmark, the
 * worker gained nothing on export (2.27 s, inline 2.13-2.27 s) and lost on
 * import (5.8 s, inline 4.4-5.2 s: the caller's thread copies every batch
 * out to it), while peak RSS went from 181-188 to 224-226 MB (its isolate,
 * and up to 32 MB of ArrayBuffers that cipher.update leaves for its GC).
 * The same holds for libsodium's cipher (Electron, whose BoringSSL has
 * none): on 2 cores, 1 GiB import, 4.0-5.5 s inline against 5.6-9.8 s on
 * the worker, which was busy throughout while the caller's thread spent
 * 1.4 s collecting the batch buffers, with peak RSS up from 226-233 to
 * 289-301 MB. The noble backend always stays on the caller's thread.
 */
export type ParallelOption = boolean | 'auto';

/** Below this much payload, handing chunks to a worker costs more than it saves. */
export const PARALLEL_AFTER_BYTES = 4 * 1024 * 1024;

/** The pool to use, or null to stay inline. */
export function workersFor(backend: ChaChaBackend, option: ParallelOption = 'auto'): ChunkWorkerPool | null {
  if (backend.name === 'noble' || CHUNK_WORKER_SOURCE === null) return null;
  const wanted = option === 'auto' ? availableParallelism() >= 4 : option;
  return wanted ? chunkWorkerPool(backend.name) : null;
}

type Batch<T> = { counter: number; done: Promise<T>; result: T | null };

/** Batches in flight: enough for the workers never to wait for the caller, and a few MiB at most. */
function inFlightFor(pool: ChunkWorkerPool): number {
  return 2 * pool.size + 2;
}

function track<T>(counter: number, done: Promise<T>): Batch<T> {
  const batch: Batch<T> = { counter, done, result: null };
  done.then(
    (result) => (batch.result = result),
    () => undefined, // reported when awaited, in order
  );
  return batch;
}

/** A batch-sized buffer: a spare one, or a new one (allocating and first touching memory costs as much as copying it). */
function batchBuffer(spares: ArrayBuffer[]): ArrayBuffer {
  return spares.pop() ?? Buffer.allocUnsafeSlow(SEALED_BATCH_BYTES).buffer;
}

export class ParallelPayloadEncryptor {
  private readonly queue = new ByteQueue();
  private readonly batches: Batch<Buffer>[] = [];
  private readonly maxInFlight: number;
  private readonly spares: ArrayBuffer[] = [];
  /** Buffers emitted and not yet given back through recycle(). */
  private readonly lent = new WeakSet<ArrayBuffer>();

  constructor(
    private readonly key: Buffer,
    private readonly pool: ChunkWorkerPool,
    /** The chunk counter to continue from (chunks already sealed inline). */
    private counter: number,
  ) {
    this.maxInFlight = inFlightFor(pool);
  }

  /** Feeds plaintext; a promise only when the caller must wait for the workers. */
  write(data: Uint8Array, emit: Emit): Promise<void> | undefined {
    this.queue.push(data);
    while (this.queue.length > BATCH_BYTES) {
      this.dispatch(BATCH_BYTES, false);
      if (this.batches.length >= this.maxInFlight) return this.emitFirst(emit).then(() => this.write(Buffer.alloc(0), emit));
    }
    this.emitFinished(emit);
    return undefined;
  }

  async end(emit: Emit): Promise<void> {
    this.dispatch(this.queue.length, true);
    while (this.batches.length > 0) await this.emitFirst(emit);
  }

  /** Takes back a buffer this encryptor emitted, once the caller is done with it (optional: it saves allocating a new one). */
  recycle(bytes: Uint8Array): void {
    const buffer = bytes.buffer;
    if (!(buffer instanceof ArrayBuffer) || !this.lent.has(buffer)) return;
    this.lent.delete(buffer);
    if (this.spares.length < MAX_SPARE) this.spares.push(buffer);
  }

  /** Sends the next `length` bytes of plaintext to a worker, laid out as the sealed chunks they become. */
  private dispatch(length: number, last: boolean): void {
    const buffer = batchBuffer(this.spares);
    const view = new Uint8Array(buffer);
    for (let done = 0, at = 0; done < length; done += CHUNK_BYTES, at += SEALED_CHUNK_BYTES) {
      this.queue.takeInto(view.subarray(at, at + Math.min(CHUNK_BYTES, length - done)));
    }
    this.batches.push(track(this.counter, this.pool.seal(this.key, this.counter, last, buffer, length)));
    this.counter += Math.max(1, Math.ceil(length / CHUNK_BYTES));
  }

  private async emitFirst(emit: Emit): Promise<void> {
    const batch = this.batches.shift();
    if (batch) this.hand(await batch.done, emit);
  }

  /** Emits the batches at the head of the line that are already sealed, without waiting. */
  private emitFinished(emit: Emit): void {
    while (this.batches[0]?.result) this.hand((this.batches.shift() as Batch<Buffer>).result as Buffer, emit);
  }

  private hand(sealed: Buffer, emit: Emit): void {
    this.lent.add(sealed.buffer as ArrayBuffer);
    emit(sealed);
  }
}

export class ParallelPayloadDecryptor {
  private readonly queue = new ByteQueue();
  private readonly batches: Batch<Opened>[] = [];
  private readonly maxInFlight: number;

  constructor(
    private readonly key: Buffer,
    private readonly backend: ChaChaBackend,
    private readonly pool: ChunkWorkerPool,
    /** The chunk counter to continue from (chunks already opened inline). */
    private counter: number,
  ) {
    this.maxInFlight = inFlightFor(pool);
  }

  /** Feeds ciphertext; a promise only when the caller must wait for the workers. */
  write(data: Uint8Array, emit: Emit): Promise<void> | undefined {
    this.queue.push(data);
    // Strictly more than a batch: the bytes after it prove none of its chunks is the final one.
    while (this.queue.length > SEALED_BATCH_BYTES) {
      // A new buffer each time: the plaintext released in it stays with the caller.
      const buffer = batchBuffer([]);
      this.queue.takeInto(new Uint8Array(buffer));
      this.batches.push(track(this.counter, this.pool.open(this.key, this.counter, buffer, SEALED_BATCH_BYTES)));
      this.counter += BATCH_CHUNKS;
      if (this.batches.length >= this.maxInFlight) return this.releaseFirst(emit).then(() => this.write(Buffer.alloc(0), emit));
    }
    this.releaseFinished(emit);
    return undefined;
  }

  /** Releases the batches in flight, then leaves the rest of the stream (its final chunk among it) to an inline decryptor. */
  async end(emit: Emit): Promise<void> {
    while (this.batches.length > 0) await this.releaseFirst(emit);
    const inline = new PayloadDecryptor(this.key, this.backend, this.counter);
    inline.write(this.queue.take(this.queue.length), emit);
    inline.end(emit);
  }

  private async releaseFirst(emit: Emit): Promise<void> {
    const batch = this.batches.shift();
    if (batch) this.release(batch.counter, await batch.done, emit);
  }

  private releaseFinished(emit: Emit): void {
    while (this.batches[0]?.result) {
      const batch = this.batches.shift() as Batch<Opened>;
      this.release(batch.counter, batch.result as Opened, emit);
    }
  }

  private release(counter: number, batch: Opened, emit: Emit): void {
    if (batch.opened > 0) emit(batch.plaintext);
    if (batch.opened === BATCH_CHUNKS) return;
    // The worker stopped at a chunk that does not authenticate as a middle chunk: the inline
    // decryptor opens it again and says what it is (altered, or a final chunk with data after it).
    const inline = new PayloadDecryptor(this.key, this.backend, counter + batch.opened);
    for (let at = batch.opened * SEALED_CHUNK_BYTES; at < batch.batch.length; at += SEALED_CHUNK_BYTES) inline.openFollowed(batch.batch.subarray(at, at + SEALED_CHUNK_BYTES), emit);
  }
}
