/**
 * Streaming age decryption: ciphertext (binary or ASCII-armored) in,
 * plaintext out, in constant memory.
 *
 *   [armor] → header (≤ maxHeaderBytes) → unwrap file key, check MAC
 *           → 16-byte nonce → STREAM chunks, each released only once it
 *             authenticates
 *
 * `AgeDecryptor` is the push-style core; `createDecryptStream` (a Node
 * Transform) and `decrypt` (an async generator) wrap it. Every failure is an
 * AgeError with a kind (see age-error.ts).
 */
import { Transform } from 'node:stream';
import { AgeError, headerError } from './age-error';
import { ArmorDecoder, looksArmored } from './armor';
import { ByteQueue } from './byte-queue';
import { defaultBackend, type ChaChaBackend } from './chacha';
import { findHeaderEnd, parseHeader } from './header';
import { PAYLOAD_NONCE_BYTES, PayloadDecryptor, payloadKey, type Emit } from './payload';
import { pushCoalesced } from './push-coalesced';
import { unwrapFileKey, type Identity } from './unwrap';

export type DecryptOptions = {
  identities: readonly Identity[];
  /** 'auto' (default) recognises the armor by its first line. */
  armor?: boolean | 'auto';
  /** A header larger than this is refused (default 1 MiB), so memory stays bounded. */
  maxHeaderBytes?: number;
  backend?: ChaChaBackend;
  /** Called once the header is verified, before any plaintext. */
  onHeader?: (info: DecryptedHeaderInfo) => void;
};

export type DecryptedHeaderInfo = {
  armored: boolean;
  /** The first argument of every recipient stanza, e.g. ['X25519', 'X25519']. */
  stanzaTypes: string[];
  /** The identity that opened the file. */
  matched: Identity;
};

const DEFAULT_MAX_HEADER = 1024 * 1024;
const DETECT_BYTES = 1100;

type Stage = 'detect' | 'header' | 'nonce' | 'payload';

export class AgeDecryptor {
  private stage: Stage = 'detect';
  private armor: ArmorDecoder | null = null;
  private armored = false;
  private readonly pending = new ByteQueue();
  private payload: PayloadDecryptor | null = null;
  private fileKey: Buffer | null = null;
  private received = 0;
  private readonly backend: ChaChaBackend;
  private readonly maxHeaderBytes: number;

  constructor(private readonly options: DecryptOptions) {
    this.backend = options.backend ?? defaultBackend();
    this.maxHeaderBytes = options.maxHeaderBytes ?? DEFAULT_MAX_HEADER;
    if (options.armor === true || options.armor === false) this.startArmor(options.armor);
  }

  /** Feeds ciphertext; plaintext goes to `emit`. A promise only while the header is read. */
  write(data: Uint8Array, emit: Emit): Promise<void> | undefined {
    this.received += data.byteLength;
    if (this.stage === 'payload' && !this.armor) return this.payloadWrite(data, emit);
    if (this.stage === 'detect') {
      this.pending.push(data);
      const armored = looksArmored(this.pending.peek(Math.min(this.pending.length, DETECT_BYTES)));
      if (armored === undefined) return undefined;
      this.startArmor(armored);
      return this.decoded(this.pending.take(this.pending.length), emit);
    }
    return this.decoded(data, emit);
  }

  async end(emit: Emit): Promise<void> {
    if (this.stage === 'detect') {
      this.startArmor(looksArmored(this.pending.peek(this.pending.length)) === true);
      await this.decoded(this.pending.take(this.pending.length), emit);
    }
    if (this.armor) await this.throughArmor((decoder, out) => decoder.end(out), emit);
    switch (this.stage) {
      case 'detect':
      case 'header':
        if (this.received === 0) throw headerError('the file is empty');
        if (this.armor && this.pending.length === 0) throw headerError('the armor holds no data');
        throw headerError('the file is truncated (it ends inside its header)');
      case 'nonce':
        throw headerError('the file is truncated (it ends before its encrypted contents)');
      case 'payload':
        (this.payload as PayloadDecryptor).end(emit);
    }
  }

  private startArmor(armored: boolean): void {
    this.armored = armored;
    this.armor = armored ? new ArmorDecoder() : null;
    this.stage = 'header';
  }

  /** Raw input bytes: through the armor when there is one. */
  private decoded(data: Buffer | Uint8Array, emit: Emit): Promise<void> | undefined {
    if (!this.armor) return this.inner(data, emit);
    return this.throughArmor((decoder, out) => decoder.write(data, out), emit);
  }

  /**
   * Runs the armor decoder, then hands what it decoded to the age layer before
   * reporting an armor error, so errors surface in the order of the bytes.
   */
  private async throughArmor(step: (decoder: ArmorDecoder, out: Emit) => void, emit: Emit): Promise<void> {
    const decoded: Buffer[] = [];
    let armorError: Error | null = null;
    try {
      step(this.armor as ArmorDecoder, (bytes) => decoded.push(bytes));
    } catch (error) {
      armorError = asError(error);
    }
    if (decoded.length > 0) await this.inner(decoded.length === 1 ? (decoded[0] as Buffer) : Buffer.concat(decoded), emit);
    if (armorError !== null) throw armorError;
  }

  private inner(data: Uint8Array, emit: Emit): Promise<void> | undefined {
    if (this.stage === 'payload') return this.payloadWrite(data, emit);
    this.pending.push(data);
    if (this.stage === 'header') return this.readHeader(emit);
    this.readNonce(emit);
    return undefined;
  }

  private async readHeader(emit: Emit): Promise<void> {
    const end = findHeaderEnd(this.pending.peek(Math.min(this.pending.length, this.maxHeaderBytes + 1)));
    if (end < 0) {
      if (this.pending.length > this.maxHeaderBytes) throw headerError(`its header is larger than ${this.maxHeaderBytes} bytes`);
      return;
    }
    const header = parseHeader(this.pending.take(end));
    const { fileKey, matched } = await unwrapFileKey(header, this.options.identities, this.backend);
    this.fileKey = fileKey;
    this.stage = 'nonce';
    this.options.onHeader?.({ armored: this.armored, stanzaTypes: header.stanzas.map((stanza) => stanza.type), matched });
    this.readNonce(emit);
  }

  private readNonce(emit: Emit): void {
    if (this.pending.length < PAYLOAD_NONCE_BYTES) return;
    const nonce = this.pending.take(PAYLOAD_NONCE_BYTES);
    this.payload = new PayloadDecryptor(payloadKey(this.fileKey as Buffer, nonce), this.backend);
    this.stage = 'payload';
    const rest = this.pending.take(this.pending.length);
    if (rest.length > 0) this.payload.write(rest, emit);
  }

  /** Payload bytes: opened as they come, whole chunks at a time. */
  private payloadWrite(data: Uint8Array, emit: Emit): undefined {
    (this.payload as PayloadDecryptor).write(data, emit);
    return undefined;
  }
}

/** A Transform from an age file to its plaintext. */
export function createDecryptStream(options: DecryptOptions): Transform {
  const decryptor = new AgeDecryptor(options);
  // Plaintext released before a failure is still pushed, then the error reported.
  const step = (transform: Transform, work: (emit: Emit) => Promise<void> | undefined, callback: (error?: Error | null) => void): void => {
    const parts: Buffer[] = [];
    settle(
      () => work((bytes) => parts.push(bytes)),
      (error) => {
        pushCoalesced(transform, parts);
        callback(error);
      },
    );
  };
  return new Transform({
    transform(chunk: Buffer, _encoding, callback) {
      step(this, (emit) => decryptor.write(chunk, emit), callback);
    },
    flush(callback) {
      step(this, (emit) => decryptor.end(emit), callback);
    },
  });
}

/** The plaintext of an age file read from `source`, chunk by chunk. */
export async function* decrypt(source: AsyncIterable<Uint8Array> | Iterable<Uint8Array>, options: DecryptOptions): AsyncGenerator<Buffer, void, undefined> {
  const decryptor = new AgeDecryptor(options);
  const out: Buffer[] = [];
  const emit = (bytes: Buffer): void => {
    out.push(bytes);
  };
  for await (const chunk of source) {
    const failure = await attempt(() => decryptor.write(chunk, emit));
    yield* out.splice(0);
    if (failure) throw failure.error;
  }
  const failure = await attempt(() => decryptor.end(emit));
  yield* out.splice(0);
  if (failure) throw failure.error;
}

/** Decrypts a whole file held in memory (small files, tests). */
export async function decryptBuffer(file: Uint8Array, options: DecryptOptions): Promise<Buffer> {
  const parts: Buffer[] = [];
  for await (const part of decrypt([file], options)) parts.push(part);
  return Buffer.concat(parts);
}

function settle(step: () => Promise<void> | undefined, callback: (error?: Error | null) => void): void {
  let pending: Promise<void> | undefined;
  try {
    pending = step();
  } catch (error) {
    callback(asError(error));
    return;
  }
  if (pending) pending.then(() => callback(), (error: unknown) => callback(asError(error)));
  else callback();
}

async function attempt(step: () => Promise<void> | undefined): Promise<{ error: unknown } | null> {
  try {
    await step();
    return null;
  } catch (error) {
    return { error };
  }
}

function asError(error: unknown): Error {
  return error instanceof Error ? error : new AgeError('payload', String(error));
}
