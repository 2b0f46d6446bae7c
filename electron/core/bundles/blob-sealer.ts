/**
 * The work of staging one incoming evidence file, once its plan is made
 * (./stage-blob.ts): hash the plaintext, seal it in AES-256-GCM chunks of
 * the blob format (../evidence/blob-format.ts) and write them, header
 * first, to the temporary file. Used on the caller's thread for small files
 * and on the staging worker (./stage-worker.ts) for big ones, the very same
 * code either way.
 */
import { createCipheriv, createHash } from 'node:crypto';
import { ByteQueue } from '../age/byte-queue';
import { chunkNonce, TAG_BYTES } from '../evidence/blob-format';
import { FileWriter } from './file-writer';

/** Everything about the staged file that is decided before its first byte (plain data: it is posted to a worker). */
export type SealPlan = {
  temp: string;
  header: Uint8Array;
  /** The blob's own AES-256-GCM key. */
  key: Uint8Array;
  aad: Uint8Array;
  lastAad: Uint8Array;
  chunkBytes: number;
  /** How many chunks the file becomes. */
  total: number;
};

export class BlobSealer {
  private readonly hash = createHash('sha256');
  private readonly pending = new ByteQueue();
  private counter = 0;

  private constructor(
    private readonly plan: SealPlan,
    private readonly file: FileWriter,
  ) {}

  /** Creates the temporary file (it must not exist) and writes the header. */
  static async create(plan: SealPlan): Promise<BlobSealer> {
    const file = await FileWriter.create(plan.temp);
    file.push(plan.header);
    return new BlobSealer(plan, file);
  }

  /** Takes the next plaintext bytes; a promise while the disk is behind (wait for it before the next write). */
  write(chunk: Uint8Array): Promise<void> | undefined {
    const { chunkBytes, total } = this.plan;
    this.hash.update(chunk);
    this.pending.push(chunk);
    // The last chunk (by the count) waits: finish() seals it with the final flag.
    while (this.pending.length >= chunkBytes && this.counter < total - 1) this.seal(this.pending.takeViews(chunkBytes), false);
    return this.file.ready();
  }

  /** Whether bytes given to write() are still held (not yet sealed): until then their buffer must stay as it is. */
  get holdsInput(): boolean {
    return this.pending.length > 0;
  }

  /** Seals the last chunk, makes the file durable and returns the plaintext's SHA-256 (hex). */
  async finish(): Promise<string> {
    this.seal(this.pending.takeViews(this.pending.length), true);
    this.plan.key.fill(0);
    await this.file.close();
    return this.hash.digest('hex');
  }

  /** Closes and removes the temporary file. */
  discard(): Promise<void> {
    this.plan.key.fill(0);
    return this.file.discard();
  }

  // A chunk may span two pieces of the content: its pieces go through the cipher one after the other, uncopied.
  private seal(plain: readonly Uint8Array[], last: boolean): void {
    const cipher = createCipheriv('aes-256-gcm', this.plan.key, chunkNonce(this.counter, last), { authTagLength: TAG_BYTES });
    cipher.setAAD(last ? this.plan.lastAad : this.plan.aad);
    for (const piece of plain) this.file.push(cipher.update(piece));
    cipher.final();
    this.file.push(cipher.getAuthTag());
    this.counter++;
  }
}
