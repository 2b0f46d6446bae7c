/**
 * The age payload: a 16-byte random nonce, then STREAM-encrypted chunks.
 *
 *   payload key = HKDF-SHA-256(file key, salt = nonce, info "payload")
 *   chunk i     = ChaCha20-Poly1305(payload key,
 *                   nonce = i as 11 bytes big-endian ‖ 0x01 if last else 0x00,
 *                   64 KiB of plaintext (the last chunk: 1 to 64 KiB))
 *
 * The last chunk is empty only when the whole plaintext is empty. Decryption
 * releases a chunk's plaintext only after that chunk authenticates; whatever
 * follows the final chunk is an error (after the final chunk's plaintext has
 * been released, as age's reference reader does).
 */
import { AgeError } from './age-error';
import { ByteQueue } from './byte-queue';
import { NONCE_BYTES, TAG_BYTES, type ChaChaBackend } from './chacha';
import { hkdf } from './header';

export const CHUNK_BYTES = 64 * 1024;
export const SEALED_CHUNK_BYTES = CHUNK_BYTES + TAG_BYTES;
export const PAYLOAD_NONCE_BYTES = 16;

export type Emit = (bytes: Buffer) => void;

export function payloadKey(fileKey: Uint8Array, nonce: Uint8Array): Buffer {
  return hkdf(fileKey, nonce, 'payload');
}

class ChunkNonce {
  readonly bytes = Buffer.alloc(NONCE_BYTES);
  counter = 0;

  /** The nonce of the current chunk; 2^48 chunks (16 EiB) fit in the 6 low bytes used. */
  at(last: boolean): Buffer {
    this.bytes.writeUIntBE(this.counter, 5, 6);
    this.bytes[11] = last ? 1 : 0;
    return this.bytes;
  }
}

export class PayloadEncryptor {
  private readonly queue = new ByteQueue();
  private readonly nonce = new ChunkNonce();

  constructor(
    private readonly key: Buffer,
    private readonly backend: ChaChaBackend,
  ) {}

  write(data: Uint8Array, emit: Emit): void {
    this.queue.push(data);
    // A full chunk is sealed only once more data follows: the last chunk may be full.
    while (this.queue.length > CHUNK_BYTES) this.seal(this.queue.takeViews(CHUNK_BYTES), false, emit);
  }

  end(emit: Emit): void {
    this.seal(this.queue.takeViews(this.queue.length), true, emit);
  }

  /** Seals one chunk, given as the views of the caller's buffers it spans (not copied together). */
  private seal(plaintext: readonly Buffer[], last: boolean, emit: Emit): void {
    for (const part of this.backend.seal(this.key, this.nonce.at(last), plaintext)) emit(part);
    this.nonce.counter++;
  }
}

export class PayloadDecryptor {
  private readonly queue = new ByteQueue();
  private readonly nonce = new ChunkNonce();

  constructor(
    private readonly key: Buffer,
    private readonly backend: ChaChaBackend,
  ) {}

  write(data: Uint8Array, emit: Emit): void {
    this.queue.push(data);
    while (this.queue.length > SEALED_CHUNK_BYTES) this.openFollowed(this.queue.take(SEALED_CHUNK_BYTES), emit);
  }

  /** Opens one whole sealed chunk that more bytes follow, so it must not be the final one. */
  private openFollowed(sealed: Buffer, emit: Emit): void {
    const plaintext = this.open(sealed, false);
    if (plaintext) {
      emit(plaintext);
      return;
    }
    // A full final chunk followed by more bytes: release it, then refuse the rest.
    const final = this.open(sealed, true);
    if (final) {
      emit(final);
      throw new AgeError('payload', 'The file was altered (there is data after its final chunk)');
    }
    throw this.altered();
  }

  end(emit: Emit): void {
    const rest = this.queue.take(this.queue.length);
    const chunk = this.nonce.counter + 1;
    if (rest.length === 0) {
      if (this.nonce.counter === 0) throw new AgeError('truncated', 'The file is truncated (it has no encrypted contents)');
      throw new AgeError('truncated', `The file is truncated (it ends after chunk ${this.nonce.counter}, before its final chunk)`);
    }
    if (rest.length < TAG_BYTES) throw new AgeError('truncated', `The file is truncated (it ends inside chunk ${chunk})`);
    if (rest.length === TAG_BYTES && this.nonce.counter > 0) {
      throw new AgeError('payload', 'The file was altered (its final chunk is empty, which age never writes)');
    }
    const final = this.open(rest, true);
    if (final) {
      emit(final);
      return;
    }
    if (rest.length === SEALED_CHUNK_BYTES) {
      const plaintext = this.open(rest, false);
      if (plaintext) {
        emit(plaintext);
        throw new AgeError('truncated', `The file is truncated (it ends after chunk ${chunk}, before its final chunk)`);
      }
    }
    throw this.altered();
  }

  private open(sealed: Buffer, last: boolean): Buffer | null {
    const plaintext = this.backend.open(this.key, this.nonce.at(last), sealed);
    if (plaintext) this.nonce.counter++;
    return plaintext;
  }

  private altered(): AgeError {
    return new AgeError('payload', `The file was altered or truncated (chunk ${this.nonce.counter + 1} does not authenticate)`);
  }
}
