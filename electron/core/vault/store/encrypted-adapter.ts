/**
 * A lowdb v7 adapter that keeps the document as UTF-8 JSON inside a sealed
 * file (see sealed-file.ts) with associated data
 * `outpost/v1|<vaultId>|index|<id>`.
 */
import type { Adapter } from 'lowdb';
import { ApiFailure } from '../../../../shared/api/errors';
import { aadFor } from './aead';
import { readSealed, writeSealed } from './sealed-file';

export type EncryptedAdapterOptions = { file: string; key: Uint8Array; vaultId: string; id?: string };

type Pending = { text: string; done: Promise<void> };

export class EncryptedAdapter<T> implements Adapter<T> {
  private readonly file: string;
  private readonly key: Uint8Array;
  private readonly aad: string;
  // The index is written in the background and lowdb does not wait for one
  // write before starting the next: writes run one at a time, and every call
  // made while one runs joins a single follow-up write of the latest data.
  private tail: Promise<unknown> = Promise.resolve();
  private queued: Pending | null = null;

  constructor(options: EncryptedAdapterOptions) {
    this.file = options.file;
    this.key = options.key;
    this.aad = aadFor(options.vaultId, 'index', options.id ?? 'index');
  }

  async read(): Promise<T | null> {
    // Reading after queued writes keeps read-your-writes within the process.
    await this.tail.catch(() => undefined);
    const bytes = await readSealed(this.file, this.key, this.aad);
    if (bytes === null) return null;
    try {
      return JSON.parse(bytes.toString('utf8')) as T;
    } catch {
      throw new ApiFailure('damaged', `${this.file} is damaged: it authenticates but is not JSON`);
    }
  }

  write(data: T): Promise<void> {
    // Serialise now: lowdb hands over its live object, which may change before the write runs.
    const text = JSON.stringify(data);
    if (this.queued) {
      this.queued.text = text;
      return this.queued.done;
    }
    const pending: Pending = { text, done: Promise.resolve() };
    pending.done = this.tail
      .catch(() => undefined)
      .then(() => {
        // From here on the text is taken; later calls queue a write of their own.
        if (this.queued === pending) this.queued = null;
        return writeSealed(this.file, this.key, this.aad, Buffer.from(pending.text, 'utf8'));
      });
    this.queued = pending;
    this.tail = pending.done;
    return pending.done;
  }
}
