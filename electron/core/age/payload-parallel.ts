/**
 * The STREAM encryption of payload.ts, spread over the worker pool: the
 * plaintext is cut into batches of 16 chunks (1 MiB), each sealed by a
 * worker, and the sealed batches are emitted in order. A batch is sent only
 * once more data follows it, so only the final batch can carry the last
 * chunk, as in the inline encryptor. At most two batches per worker are in
 * flight: memory stays at a few MiB whatever the file size.
 */
import { ByteQueue } from './byte-queue';
import { CHUNK_BYTES, type Emit } from './payload';
import { type SealWorkerPool } from './worker-pool';

export const BATCH_CHUNKS = 16;
const BATCH_BYTES = BATCH_CHUNKS * CHUNK_BYTES;

type Batch = { sealed: Promise<Buffer>; result: Buffer | null };

export class ParallelPayloadEncryptor {
  private readonly queue = new ByteQueue();
  private readonly batches: Batch[] = [];
  private readonly maxInFlight: number;

  constructor(
    private readonly key: Buffer,
    private readonly pool: SealWorkerPool,
    /** The chunk counter to continue from (chunks already sealed inline). */
    private counter: number,
  ) {
    this.maxInFlight = 2 * pool.size;
  }

  async write(data: Uint8Array, emit: Emit): Promise<void> {
    this.queue.push(data);
    while (this.queue.length > BATCH_BYTES) {
      this.dispatch(BATCH_BYTES, false);
      if (this.batches.length >= this.maxInFlight) await this.emitFirst(emit);
    }
    this.emitFinished(emit);
  }

  async end(emit: Emit): Promise<void> {
    this.dispatch(this.queue.length, true);
    while (this.batches.length > 0) await this.emitFirst(emit);
  }

  /** Sends the next `length` bytes of plaintext to a worker. */
  private dispatch(length: number, last: boolean): void {
    // Workers get their own copy (transferred, not cloned): the caller's buffers may be views of a shared pool.
    const copy = new ArrayBuffer(length);
    this.queue.takeInto(new Uint8Array(copy));
    const batch: Batch = { sealed: this.pool.seal(this.key, this.counter, last, copy), result: null };
    batch.sealed.then(
      (sealed) => (batch.result = sealed),
      () => undefined, // reported when awaited, in order
    );
    this.batches.push(batch);
    this.counter += Math.max(1, Math.ceil(length / CHUNK_BYTES));
  }

  private async emitFirst(emit: Emit): Promise<void> {
    const batch = this.batches.shift();
    if (batch) emit(await batch.sealed);
  }

  /** Emits the batches at the head of the line that are already sealed, without waiting. */
  private emitFinished(emit: Emit): void {
    while (this.batches[0]?.result) emit((this.batches.shift() as Batch).result as Buffer);
  }
}
