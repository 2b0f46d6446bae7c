import { randomBytes } from 'node:crypto';
import { Readable } from 'node:stream';
import { beforeAll, describe, expect, it } from 'vitest';
import { AgeError, type AgeErrorKind } from '../../../../electron/core/age/age-error';
import { createDecryptStream, decrypt, type DecryptOptions } from '../../../../electron/core/age/decrypt';
import { encryptBuffer } from '../../../../electron/core/age/encrypt';
import { findHeaderEnd } from '../../../../electron/core/age/header';
import { CHUNK_BYTES, PAYLOAD_NONCE_BYTES, SEALED_CHUNK_BYTES } from '../../../../electron/core/age/payload';
import { passphraseIdentity, passphraseRecipient } from '../../../../electron/core/age/scrypt';
import { generateIdentity, recipientOf, type X25519Identity } from '../../../../electron/core/age/x25519';

type Outcome = { error: AgeError | null; released: Buffer };

async function open(file: Uint8Array, options: DecryptOptions): Promise<Outcome> {
  const released: Buffer[] = [];
  try {
    for await (const part of decrypt([file], options)) released.push(part);
    return { error: null, released: Buffer.concat(released) };
  } catch (error) {
    if (!(error instanceof AgeError)) throw error;
    return { error, released: Buffer.concat(released) };
  }
}

/** Fails unless decryption failed with one of `kinds` and released only a prefix of the true plaintext. */
function expectRefused(outcome: Outcome, plaintext: Buffer, kinds: AgeErrorKind[], label: string): void {
  expect(outcome.error, `${label}: decrypted without an error`).not.toBeNull();
  expect(kinds, `${label}: ${outcome.error?.message}`).toContain(outcome.error?.kind);
  expect(plaintext.subarray(0, outcome.released.length).equals(outcome.released), `${label}: released bytes that are not the plaintext`).toBe(true);
  expect(outcome.released.length % CHUNK_BYTES, `${label}: released part of a chunk`).toBe(0);
}

const anyKind: AgeErrorKind[] = ['header', 'hmac', 'no-match', 'payload', 'truncated', 'unsupported'];

describe('tampered age files', () => {
  let identity: X25519Identity;
  let options: DecryptOptions;
  beforeAll(() => {
    identity = generateIdentity();
    options = { identities: [identity] };
  });

  it('refuses every single flipped bit of a small file, binary and armored', async () => {
    const plaintext = randomBytes(1000);
    for (const armor of [false, true]) {
      const file = await encryptBuffer(plaintext, { recipients: [recipientOf(identity)], armor });
      for (let at = 0; at < file.length; at++) {
        for (const mask of [0x01, 0x80]) {
          const bad = Buffer.from(file);
          bad[at] = (bad[at] as number) ^ mask;
          expectRefused(await open(bad, { ...options, armor }), plaintext, armor ? [...anyKind, 'armor'] : anyKind, `byte ${at} ^ ${mask}`);
        }
      }
    }
  });

  it('refuses a flipped byte anywhere in a multi-chunk file and releases only chunks that authenticated', async () => {
    const plaintext = randomBytes(3 * CHUNK_BYTES + 777);
    const file = await encryptBuffer(plaintext, { recipients: [recipientOf(identity)] });
    const payloadStart = findHeaderEnd(file) + PAYLOAD_NONCE_BYTES;
    const positions = new Set<number>();
    for (let at = 0; at < payloadStart + 64; at++) positions.add(at);
    for (let chunk = 1; chunk <= 4; chunk++) {
      const boundary = payloadStart + chunk * SEALED_CHUNK_BYTES;
      for (let d = -20; d <= 3; d++) positions.add(Math.min(file.length - 1, boundary + d));
    }
    // 300 more positions spread over the payload by a fixed stride (deterministic, co-prime to the chunk size).
    for (let i = 0, at = 0; i < 300; i++) positions.add(payloadStart + (at = (at + 7919) % (file.length - payloadStart)));
    for (const at of positions) {
      const bad = Buffer.from(file);
      bad[at] = (bad[at] as number) ^ 0x40;
      const outcome = await open(bad, options);
      expectRefused(outcome, plaintext, anyKind, `byte ${at}`);
      if (at >= payloadStart) {
        // Everything before the altered chunk, nothing from it or after it.
        const chunk = Math.floor((at - payloadStart) / SEALED_CHUNK_BYTES);
        expect(outcome.released.length, `byte ${at}`).toBe(chunk * CHUNK_BYTES);
        expect(outcome.error?.message).toBe(`The file was altered or truncated (chunk ${chunk + 1} does not authenticate)`);
      }
    }
  });

  it('refuses truncation at every chunk boundary and inside chunks', async () => {
    const plaintext = randomBytes(3 * CHUNK_BYTES);
    const file = await encryptBuffer(plaintext, { recipients: [recipientOf(identity)] });
    const headerEnd = findHeaderEnd(file);
    const payloadStart = headerEnd + PAYLOAD_NONCE_BYTES;
    const cuts = new Set<number>([0, 1, 10, headerEnd - 1, headerEnd, headerEnd + 5, payloadStart]);
    for (let chunk = 0; chunk < 3; chunk++) {
      const start = payloadStart + chunk * SEALED_CHUNK_BYTES;
      for (const offset of [1, 15, 16, 17, 1000, CHUNK_BYTES, SEALED_CHUNK_BYTES - 1, SEALED_CHUNK_BYTES]) cuts.add(start + offset);
    }
    cuts.delete(file.length);
    for (const cut of cuts) {
      const outcome = await open(file.subarray(0, cut), options);
      const kinds: AgeErrorKind[] = cut < payloadStart ? ['header'] : ['truncated', 'payload'];
      expectRefused(outcome, plaintext, kinds, `cut at ${cut}`);
    }
    // Exactly at a chunk boundary the file is plainly truncated, and says so.
    const atBoundary = await open(file.subarray(0, payloadStart + SEALED_CHUNK_BYTES), options);
    expect(atBoundary.error).toMatchObject({ kind: 'truncated', message: 'The file is truncated (it ends after chunk 1, before its final chunk)' });
    expect(atBoundary.released.length).toBe(CHUNK_BYTES);
    expect((await open(file.subarray(0, payloadStart), options)).error).toMatchObject({ kind: 'truncated', message: 'The file is truncated (it has no encrypted contents)' });
    expect((await open(file.subarray(0, headerEnd + 3), options)).error?.message).toBe('This is not a valid age file: the file is truncated (it ends before its encrypted contents)');
  });

  it('refuses bytes appended after the final chunk, short or full', async () => {
    for (const size of [10, CHUNK_BYTES, 2 * CHUNK_BYTES]) {
      const plaintext = randomBytes(size);
      const file = await encryptBuffer(plaintext, { recipients: [recipientOf(identity)] });
      for (const extra of [1, 16, 17, 5000, SEALED_CHUNK_BYTES + 3]) {
        const outcome = await open(Buffer.concat([file, randomBytes(extra)]), options);
        expectRefused(outcome, plaintext, ['payload'], `${size} + ${extra}`);
      }
    }
  });

  it('says whose key is missing: another identity, a wrong passphrase, a passphrase file', async () => {
    const file = await encryptBuffer(Buffer.from('secret'), { recipients: [recipientOf(identity)] });
    expect((await open(file, { identities: [generateIdentity()] })).error).toMatchObject({ kind: 'no-match', message: 'This file is not encrypted to any of your keys' });
    expect((await open(file, { identities: [passphraseIdentity('x')] })).error).toMatchObject({ kind: 'no-match', message: 'This file is encrypted to keys, not protected by a passphrase' });
    const locked = await encryptBuffer(Buffer.from('secret'), { recipients: [passphraseRecipient('right one', { workFactor: 10 })] });
    expect((await open(locked, { identities: [passphraseIdentity('wrong one')] })).error).toMatchObject({ kind: 'no-match', message: 'The passphrase is wrong' });
    expect((await open(locked, { identities: [identity] })).error).toMatchObject({ kind: 'no-match', message: 'This file is protected by a passphrase, not encrypted to your keys' });
    expect((await open(locked, { identities: [passphraseIdentity('right one')] })).released.toString()).toBe('secret');
    expect((await open(locked, { identities: [passphraseIdentity('right one', { maxWorkFactor: 9 })] })).error?.kind).toBe('header');
  });

  it('reports the verified header before any plaintext', async () => {
    const file = await encryptBuffer(Buffer.from('secret'), { recipients: [recipientOf(generateIdentity()), recipientOf(identity)], armor: true });
    const seen: string[] = [];
    for await (const part of decrypt([file], { identities: [identity], onHeader: (info) => seen.push(`${info.armored} ${info.stanzaTypes.join(',')} ${info.matched.kind}`) })) {
      seen.push(part.toString());
    }
    expect(seen).toEqual(['true X25519,X25519 x25519', 'secret']);
  });

  it('the Transform emits nothing of a chunk that does not authenticate', async () => {
    const plaintext = randomBytes(4 * CHUNK_BYTES);
    const file = await encryptBuffer(plaintext, { recipients: [recipientOf(identity)] });
    const payloadStart = findHeaderEnd(file) + PAYLOAD_NONCE_BYTES;
    file.writeUInt8((file[payloadStart + 2 * SEALED_CHUNK_BYTES - 1] ?? 0) ^ 1, payloadStart + 2 * SEALED_CHUNK_BYTES - 1); // the tag of chunk 2
    const received: Buffer[] = [];
    const failure = await new Promise<unknown>((resolve) => {
      Readable.from([file.subarray(0, 70_000), file.subarray(70_000)])
        .pipe(createDecryptStream(options))
        .on('data', (part: Buffer) => received.push(part))
        .on('error', resolve)
        .on('end', () => resolve(null));
    });
    expect(failure).toBeInstanceOf(AgeError);
    expect(failure).toMatchObject({ kind: 'payload', message: 'The file was altered or truncated (chunk 2 does not authenticate)' });
    expect(Buffer.concat(received).equals(plaintext.subarray(0, CHUNK_BYTES))).toBe(true);
  });

  it('refuses a header larger than the limit without reading on, and a file that is not age at once', async () => {
    const file = await encryptBuffer(Buffer.from('x'), { recipients: Array.from({ length: 40 }, () => recipientOf(generateIdentity())) });
    expect((await open(file, { ...options, maxHeaderBytes: 1000 })).error).toMatchObject({ kind: 'header', message: 'This is not a valid age file: its header is larger than 1000 bytes' });
    let pulled = 0;
    async function* endless(): AsyncGenerator<Buffer> {
      for (;;) {
        pulled++;
        yield Buffer.from('PK\x03\x04 this is a zip file, not age');
      }
    }
    await expect(async () => {
      for await (const _ of decrypt(endless(), options)) void _;
    }).rejects.toMatchObject({ kind: 'header' });
    expect(pulled).toBe(1);
  });
});
