/**
 * Streaming age encryption: plaintext in, an age v1 file out (binary, or
 * ASCII-armored on request), in constant memory, readable by `age -d`.
 *
 *   header (one stanza per recipient, MAC) ‖ 16-byte nonce ‖ STREAM chunks
 *
 * Recipients are X25519 keys (any number) or a single passphrase: the format
 * forbids a passphrase stanza next to any other. `AgeEncryptor` is the
 * push-style core; `createEncryptStream` (a Node Transform) and `encrypt`
 * (an async generator) wrap it.
 */
import { randomBytes } from 'node:crypto';
import { Transform } from 'node:stream';
import { AgeError } from './age-error';
import { ArmorEncoder } from './armor';
import { defaultBackend, type ChaChaBackend } from './chacha';
import { encodeHeader, type Stanza } from './header';
import { PAYLOAD_NONCE_BYTES, PayloadEncryptor, payloadKey, type Emit } from './payload';
import { pushCoalesced } from './push-coalesced';
import { wrapScrypt, type PassphraseRecipient } from './scrypt';
import { FILE_KEY_BYTES, wrapX25519, type X25519Recipient } from './x25519';

export type Recipient = X25519Recipient | PassphraseRecipient;

export type EncryptOptions = {
  recipients: readonly Recipient[];
  armor?: boolean;
  backend?: ChaChaBackend;
};

export class AgeEncryptor {
  private readonly payload: PayloadEncryptor;
  private readonly armor: ArmorEncoder | null;
  private started = false;

  private constructor(
    /** Header and payload nonce: the bytes before the first chunk. */
    private readonly prefix: Buffer,
    key: Buffer,
    armor: boolean,
    private readonly backend: ChaChaBackend,
  ) {
    this.payload = new PayloadEncryptor(key, backend);
    this.armor = armor ? new ArmorEncoder() : null;
  }

  /** Wraps a fresh file key to every recipient (scrypt makes this async). */
  static async create(options: EncryptOptions): Promise<AgeEncryptor> {
    checkRecipients(options.recipients);
    const backend = options.backend ?? defaultBackend();
    const fileKey = randomBytes(FILE_KEY_BYTES);
    const stanzas: Stanza[] = [];
    for (const recipient of options.recipients) {
      stanzas.push(recipient.kind === 'x25519' ? wrapX25519(fileKey, recipient, backend) : await wrapScrypt(fileKey, recipient, backend));
    }
    const nonce = randomBytes(PAYLOAD_NONCE_BYTES);
    return new AgeEncryptor(Buffer.concat([encodeHeader(stanzas, fileKey), nonce]), payloadKey(fileKey, nonce), options.armor === true, backend);
  }

  /** Which ChaCha20-Poly1305 implementation this encryptor uses. */
  get backendName(): ChaChaBackend['name'] {
    return this.backend.name;
  }

  /** Feeds plaintext; the file's bytes go to `emit`. */
  write(data: Uint8Array, emit: Emit): void {
    const out = this.output(emit);
    this.start(out);
    this.payload.write(data, out);
  }

  end(emit: Emit): void {
    const out = this.output(emit);
    this.start(out);
    this.payload.end(out);
    this.armor?.end(emit);
  }

  private start(out: Emit): void {
    if (this.started) return;
    this.started = true;
    out(this.prefix);
  }

  private output(emit: Emit): Emit {
    const armor = this.armor;
    return armor ? (bytes) => armor.write(bytes, emit) : emit;
  }
}

/** Refuses recipient lists the format does not allow, before any work. */
export function checkRecipients(recipients: readonly Recipient[]): void {
  if (recipients.length === 0) throw new AgeError('key', 'Give at least one recipient or a passphrase to encrypt to');
  if (recipients.some((recipient) => recipient.kind === 'passphrase') && recipients.length > 1) {
    throw new AgeError('key', 'A passphrase cannot be combined with other recipients in one age file');
  }
}

/** A Transform from plaintext to an age file. */
export function createEncryptStream(options: EncryptOptions): Transform {
  checkRecipients(options.recipients);
  let creating: Promise<AgeEncryptor> | null = null;
  // One push per input chunk: each push becomes a write downstream, and a
  // write per 64 KiB chunk (or per 16-byte tag) costs more than the copy.
  const step = (transform: Transform, work: (encryptor: AgeEncryptor, emit: Emit) => void, callback: (error?: Error | null) => void): void => {
    creating ??= AgeEncryptor.create(options);
    const parts: Buffer[] = [];
    const flush = (): void => {
      pushCoalesced(transform, parts);
      callback();
    };
    creating
      .then((encryptor) => work(encryptor, (bytes) => parts.push(bytes)))
      .then(flush, (error: unknown) => callback(error instanceof Error ? error : new Error(String(error))));
  };
  return new Transform({
    transform(chunk: Buffer, _encoding, callback) {
      step(this, (encryptor, emit) => encryptor.write(chunk, emit), callback);
    },
    flush(callback) {
      step(this, (encryptor, emit) => encryptor.end(emit), callback);
    },
  });
}

/** The age file of the plaintext read from `source`, chunk by chunk. */
export async function* encrypt(source: AsyncIterable<Uint8Array> | Iterable<Uint8Array>, options: EncryptOptions): AsyncGenerator<Buffer, void, undefined> {
  const encryptor = await AgeEncryptor.create(options);
  const out: Buffer[] = [];
  const emit = (bytes: Buffer): void => {
    out.push(bytes);
  };
  for await (const chunk of source) {
    encryptor.write(chunk, emit);
    yield* out.splice(0);
  }
  encryptor.end(emit);
  yield* out.splice(0);
}

/** Encrypts a whole plaintext held in memory (small data, tests). */
export async function encryptBuffer(plaintext: Uint8Array, options: EncryptOptions): Promise<Buffer> {
  const parts: Buffer[] = [];
  for await (const part of encrypt([plaintext], options)) parts.push(part);
  return Buffer.concat(parts);
}
