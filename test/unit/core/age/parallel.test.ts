import { randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { nodeBackend } from '../../../../electron/core/age/chacha';
import { decryptBuffer } from '../../../../electron/core/age/decrypt';
import { AgeEncryptor, encrypt, PARALLEL_AFTER_BYTES } from '../../../../electron/core/age/encrypt';
import { CHUNK_BYTES, PayloadEncryptor } from '../../../../electron/core/age/payload';
import { BATCH_CHUNKS, ParallelPayloadEncryptor } from '../../../../electron/core/age/payload-parallel';
import { sealWorkerPool } from '../../../../electron/core/age/worker-pool';
import { generateIdentity, recipientOf } from '../../../../electron/core/age/x25519';

const BATCH = BATCH_CHUNKS * CHUNK_BYTES;

function inline(key: Buffer, pieces: Buffer[]): Buffer {
  const out: Buffer[] = [];
  const encryptor = new PayloadEncryptor(key, nodeBackend);
  for (const piece of pieces) encryptor.write(piece, (bytes) => out.push(bytes));
  encryptor.end((bytes) => out.push(bytes));
  return Buffer.concat(out);
}

describe('sealing on worker threads', () => {
  it('gives byte for byte the STREAM of the inline encryptor, across batch boundaries and after a hand-over', async () => {
    const key = randomBytes(32);
    for (const size of [0, 1, CHUNK_BYTES, BATCH, BATCH + 1, 3 * BATCH + CHUNK_BYTES, 2 * BATCH + 12345]) {
      const plaintext = randomBytes(size);
      const pieces = Array.from({ length: Math.ceil(size / 300_000) }, (_, i) => plaintext.subarray(i * 300_000, (i + 1) * 300_000));
      const expected = inline(key, pieces);
      for (const handOverAt of [0, 1, 2 * CHUNK_BYTES + 7]) {
        // Start inline, then continue on workers from the inline encryptor's counter.
        const out: Buffer[] = [];
        const first = new PayloadEncryptor(key, nodeBackend);
        first.write(plaintext.subarray(0, handOverAt), (bytes) => out.push(bytes));
        const { counter, rest } = first.detach();
        const parallel = new ParallelPayloadEncryptor(key, sealWorkerPool(), counter);
        await parallel.write(rest, (bytes) => out.push(bytes));
        for (let at = handOverAt; at < size; at += 300_000) await parallel.write(plaintext.subarray(at, Math.min(size, at + 300_000)), (bytes) => out.push(bytes));
        await parallel.end((bytes) => out.push(bytes));
        expect(Buffer.concat(out).equals(expected), `${size} bytes, handed over at ${handOverAt}`).toBe(true);
      }
    }
  });

  it('encrypts a large file on workers when asked, and it decrypts', async () => {
    const identity = generateIdentity();
    const plaintext = randomBytes(PARALLEL_AFTER_BYTES + 3 * BATCH + 99);
    const encryptor = await AgeEncryptor.create({ recipients: [recipientOf(identity)], parallel: true });
    const parts: Buffer[] = [];
    for (let at = 0; at < plaintext.length; at += 1 << 20) await encryptor.write(plaintext.subarray(at, at + (1 << 20)), (bytes) => parts.push(bytes));
    await encryptor.end((bytes) => parts.push(bytes));
    expect(encryptor.onWorkers).toBe(true);
    expect((await decryptBuffer(Buffer.concat(parts), { identities: [identity] })).equals(plaintext)).toBe(true);

    const never: Buffer[] = [];
    for await (const part of encrypt([plaintext], { recipients: [recipientOf(identity)], parallel: false })) never.push(part);
    expect((await decryptBuffer(Buffer.concat(never), { identities: [identity] })).equals(plaintext)).toBe(true);
  });
});
