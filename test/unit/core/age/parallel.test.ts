import { randomBytes } from 'node:crypto';
import { afterAll, describe, expect, it } from 'vitest';
import { AgeError } from '../../../../electron/core/age/age-error';
import { nobleBackend, nodeBackend, sodiumBackend } from '../../../../electron/core/age/chacha';
import { ChunkWorkerError, ChunkWorkerPool, chunkWorkerPool } from '../../../../electron/core/age/chunk-workers';
import { AgeDecryptor, decryptBuffer, type DecryptOptions } from '../../../../electron/core/age/decrypt';
import { AgeEncryptor, encrypt, encryptBuffer } from '../../../../electron/core/age/encrypt';
import { findHeaderEnd } from '../../../../electron/core/age/header';
import { CHUNK_BYTES, PAYLOAD_NONCE_BYTES, PayloadDecryptor, PayloadEncryptor, SEALED_CHUNK_BYTES } from '../../../../electron/core/age/payload';
import { BATCH_CHUNKS, PARALLEL_AFTER_BYTES, ParallelPayloadDecryptor, ParallelPayloadEncryptor } from '../../../../electron/core/age/payload-parallel';
import { generateIdentity, recipientOf } from '../../../../electron/core/age/x25519';

const BATCH = BATCH_CHUNKS * CHUNK_BYTES;
const SEALED_BATCH = BATCH_CHUNKS * SEALED_CHUNK_BYTES;

/** `bytes` cut into pieces of `size` (the last one shorter). */
function pieces(bytes: Buffer, size: number): Buffer[] {
  return Array.from({ length: Math.ceil(bytes.length / size) }, (_, i) => bytes.subarray(i * size, (i + 1) * size));
}

function inlineSeal(key: Buffer, plaintext: Buffer): Buffer {
  const out: Buffer[] = [];
  const encryptor = new PayloadEncryptor(key, nodeBackend);
  for (const piece of pieces(plaintext, 300_000)) encryptor.write(piece, (bytes) => out.push(bytes));
  encryptor.end((bytes) => out.push(bytes));
  return Buffer.concat(out);
}

type Outcome = { error: unknown; released: Buffer };

async function openWith(file: Buffer, options: DecryptOptions, pieceSize = 1 << 20): Promise<Outcome> {
  const decryptor = new AgeDecryptor(options);
  const released: Buffer[] = [];
  // Copied at once: a worker's plaintext is a view that lives as long as the caller keeps it.
  const emit = (bytes: Buffer): void => void released.push(Buffer.from(bytes));
  try {
    for (const piece of pieces(file, pieceSize)) await decryptor.write(piece, emit);
    await decryptor.end(emit);
    return { error: null, released: Buffer.concat(released) };
  } catch (error) {
    return { error, released: Buffer.concat(released) };
  }
}

describe('sealing on worker threads', () => {
  it('gives byte for byte the STREAM of the inline encryptor, across batch boundaries, after a hand-over, in recycled buffers', async () => {
    const key = randomBytes(32);
    for (const size of [0, 1, CHUNK_BYTES, BATCH, BATCH + 1, 3 * BATCH + CHUNK_BYTES, 9 * BATCH + 12345]) {
      const plaintext = randomBytes(size);
      const expected = inlineSeal(key, plaintext);
      for (const handOverAt of [0, 1, 2 * CHUNK_BYTES + 7]) {
        // Start inline, then continue on workers from the inline encryptor's counter.
        const out: Buffer[] = [];
        const first = new PayloadEncryptor(key, nodeBackend);
        first.write(plaintext.subarray(0, handOverAt), (bytes) => out.push(bytes));
        const { counter, rest } = first.detach();
        const parallel = new ParallelPayloadEncryptor(key, chunkWorkerPool(), counter);
        // Each sealed batch is copied, then its buffer handed back at once for the next batches.
        const emit = (bytes: Buffer): void => {
          out.push(Buffer.from(bytes));
          parallel.recycle(bytes);
        };
        await parallel.write(rest, emit);
        for (const piece of pieces(plaintext.subarray(handOverAt), 300_000)) await parallel.write(piece, emit);
        await parallel.end(emit);
        expect(Buffer.concat(out).equals(expected), `${size} bytes, handed over at ${handOverAt}`).toBe(true);
      }
    }
  });

  it('encrypts a large file on workers when asked (with node:crypto\'s or libsodium\'s cipher there), never with the noble backend, and all decrypt', async () => {
    const identity = generateIdentity();
    const plaintext = randomBytes(PARALLEL_AFTER_BYTES + 3 * BATCH + 99);
    for (const [backend, onWorkers] of [
      [nodeBackend, true],
      [sodiumBackend, true],
      [nobleBackend, false],
    ] as const) {
      const encryptor = await AgeEncryptor.create({ recipients: [recipientOf(identity)], parallel: true, backend });
      const parts: Buffer[] = [];
      for (const piece of pieces(plaintext, 1 << 20)) await encryptor.write(piece, (bytes) => parts.push(bytes));
      await encryptor.end((bytes) => parts.push(bytes));
      expect(encryptor.onWorkers, backend.name).toBe(onWorkers);
      expect((await decryptBuffer(Buffer.concat(parts), { identities: [identity], parallel: false })).equals(plaintext), backend.name).toBe(true);
    }
    const never: Buffer[] = [];
    for await (const part of encrypt([plaintext], { recipients: [recipientOf(identity)], parallel: false })) never.push(part);
    expect((await decryptBuffer(Buffer.concat(never), { identities: [identity] })).equals(plaintext)).toBe(true);
  });
});

describe('opening on worker threads', () => {
  const identity = generateIdentity();
  const size = PARALLEL_AFTER_BYTES + 5 * BATCH + 4321;
  const plaintext = randomBytes(size);
  let file: Buffer;
  let payloadStart = 0;
  const onWorkers: DecryptOptions = { identities: [identity], parallel: true };
  const inline: DecryptOptions = { identities: [identity], parallel: false };

  it('gives byte for byte the plaintext of the inline decryptor, in any pieces, and says it used the workers', async () => {
    file = await encryptBuffer(plaintext, { recipients: [recipientOf(identity)], parallel: false });
    payloadStart = findHeaderEnd(file) + PAYLOAD_NONCE_BYTES;
    for (const pieceSize of [1 << 20, SEALED_BATCH, 65_000, 3_000_001]) {
      const outcome = await openWith(file, onWorkers, pieceSize);
      expect(outcome.error, `pieces of ${pieceSize}`).toBeNull();
      expect(outcome.released.equals(plaintext), `pieces of ${pieceSize}`).toBe(true);
    }
    const decryptor = new AgeDecryptor(onWorkers);
    for (const piece of pieces(file, 1 << 20)) await decryptor.write(piece, () => undefined);
    expect(decryptor.onWorkers).toBe(true);
    await decryptor.end(() => undefined);
    const noble = new AgeDecryptor({ ...onWorkers, backend: nobleBackend });
    for (const piece of pieces(file, 1 << 20)) await noble.write(piece, () => undefined);
    expect(noble.onWorkers).toBe(false);
  });

  it('opens on workers with libsodium\'s cipher (Electron) byte for byte as inline', async () => {
    const sodium = new AgeDecryptor({ ...onWorkers, backend: sodiumBackend });
    const out: Buffer[] = [];
    for (const piece of pieces(file, 1 << 20)) await sodium.write(piece, (bytes) => void out.push(Buffer.from(bytes)));
    expect(sodium.onWorkers).toBe(true);
    await sodium.end((bytes) => void out.push(Buffer.from(bytes)));
    expect(Buffer.concat(out).equals(plaintext)).toBe(true);
  });

  it('opens a batch the same way from its own counter after a hand-over', async () => {
    const key = randomBytes(32);
    const sealed = inlineSeal(key, plaintext);
    for (const handOverAt of [0, SEALED_CHUNK_BYTES, 3 * SEALED_CHUNK_BYTES + 5]) {
      const out: Buffer[] = [];
      const emit = (bytes: Buffer): void => void out.push(Buffer.from(bytes));
      const first = new PayloadDecryptor(key, nodeBackend);
      first.write(sealed.subarray(0, handOverAt), emit);
      const { counter, rest } = first.detach();
      const parallel = new ParallelPayloadDecryptor(key, nodeBackend, chunkWorkerPool(), counter);
      await parallel.write(rest, emit);
      for (const piece of pieces(sealed.subarray(handOverAt), 777_777)) await parallel.write(piece, emit);
      await parallel.end(emit);
      expect(Buffer.concat(out).equals(plaintext), `handed over at ${handOverAt}`).toBe(true);
    }
  });

  it('refuses a flipped byte as the inline decryptor does, releasing only the chunks before it', async () => {
    const chunks = Math.ceil((file.length - payloadStart) / SEALED_CHUNK_BYTES);
    // Chunks opened inline before the hand-over, in every position of the batches on the workers, and in the tail left inline.
    for (let chunk = 60; chunk < chunks; chunk += chunk < chunks - 20 ? 5 : 1) {
      for (const offset of [0, 1000, CHUNK_BYTES + 3]) {
        const at = payloadStart + chunk * SEALED_CHUNK_BYTES + offset;
        if (at >= file.length) continue;
        const bad = Buffer.from(file);
        bad[at] = (bad[at] as number) ^ 0x20;
        const expected = await openWith(bad, inline);
        const outcome = await openWith(bad, onWorkers);
        expect(outcome.error, `chunk ${chunk} + ${offset}`).toBeInstanceOf(AgeError);
        expect(outcome.error).toMatchObject({ kind: 'payload', message: `The file was altered or truncated (chunk ${chunk + 1} does not authenticate)` });
        expect(outcome.error).toEqual(expected.error);
        expect(outcome.released.length, `chunk ${chunk} + ${offset}`).toBe(chunk * CHUNK_BYTES);
        expect(outcome.released.equals(plaintext.subarray(0, chunk * CHUNK_BYTES))).toBe(true);
      }
    }
  });

  it('refuses truncation and appended bytes as the inline decryptor does', async () => {
    const chunks = Math.ceil((file.length - payloadStart) / SEALED_CHUNK_BYTES);
    const cuts = [file.length - 1, file.length - 17];
    for (let chunk = 60; chunk < chunks; chunk += 7) cuts.push(payloadStart + chunk * SEALED_CHUNK_BYTES, payloadStart + chunk * SEALED_CHUNK_BYTES + 17);
    for (const cut of cuts) {
      const expected = await openWith(file.subarray(0, cut), inline);
      const outcome = await openWith(file.subarray(0, cut), onWorkers);
      expect(expected.error, `cut at ${cut}`).toBeInstanceOf(AgeError);
      expect(outcome.error, `cut at ${cut}`).toEqual(expected.error);
      expect(outcome.released.equals(expected.released), `cut at ${cut}`).toBe(true);
    }
    // A file of whole chunks: with more than a batch appended, its full final chunk goes to a worker with bytes after it.
    const whole = randomBytes(PARALLEL_AFTER_BYTES + 6 * BATCH);
    const sealed = await encryptBuffer(whole, { recipients: [recipientOf(identity)], parallel: false });
    for (const extra of [1, SEALED_CHUNK_BYTES + 3, SEALED_BATCH + 5]) {
      const longer = Buffer.concat([sealed, randomBytes(extra)]);
      const expected = await openWith(longer, inline);
      const outcome = await openWith(longer, onWorkers);
      expect(outcome.error, `${extra} appended`).toMatchObject({ kind: 'payload', message: 'The file was altered (there is data after its final chunk)' });
      expect(outcome.error).toEqual(expected.error);
      expect(outcome.released.equals(whole), `${extra} appended`).toBe(true);
    }
  });
});

describe('a worker that fails', () => {
  const pools: ChunkWorkerPool[] = [];
  afterAll(() => Promise.all(pools.map((pool) => pool.close())));
  const broken = (source: string): ChunkWorkerPool => {
    const pool = new ChunkWorkerPool(1, source);
    pools.push(pool);
    return pool;
  };
  const feed = async (parallel: ParallelPayloadEncryptor): Promise<void> => {
    for (let i = 0; i < 8; i++) await parallel.write(randomBytes(BATCH), () => undefined);
    await parallel.end(() => undefined);
  };

  it('surfaces as a ChunkWorkerError naming what happened: an error, a crash, an exit', async () => {
    const key = randomBytes(32);
    const throwing = broken(`require('node:worker_threads').parentPort.on('message', (job) => require('node:worker_threads').parentPort.postMessage({ id: job.id, data: job.data, error: 'no cipher here' }, [job.data]));`);
    await expect(feed(new ParallelPayloadEncryptor(key, throwing, 0))).rejects.toThrow(new ChunkWorkerError('An age worker thread failed: no cipher here'));
    const crashing = broken(`require('node:worker_threads').parentPort.on('message', () => { throw new Error('boom'); });`);
    await expect(feed(new ParallelPayloadEncryptor(key, crashing, 0))).rejects.toThrow(new ChunkWorkerError('An age worker thread crashed: boom'));
    const exiting = broken(`require('node:worker_threads').parentPort.on('message', () => process.exit(3));`);
    await expect(feed(new ParallelPayloadEncryptor(key, exiting, 0))).rejects.toThrow(new ChunkWorkerError('An age worker thread stopped (exit code 3)'));
    const opening = new ParallelPayloadDecryptor(key, nodeBackend, broken(`require('node:worker_threads').parentPort.on('message', () => process.exit(4));`), 0);
    await opening.write(randomBytes(3 * SEALED_BATCH), () => undefined);
    await expect(opening.end(() => undefined)).rejects.toBeInstanceOf(ChunkWorkerError);
  });

  it('is ended once idle, and started again for the next job', async () => {
    const pool = new ChunkWorkerPool(1, undefined, 30);
    pools.push(pool);
    const seal = (): Promise<Buffer> => pool.seal(randomBytes(32), 0, true, new ArrayBuffer(SEALED_CHUNK_BYTES), 100);
    expect(await seal()).toHaveLength(116);
    expect(pool.workers).toBe(1);
    await new Promise((resolve) => setTimeout(resolve, 200));
    expect(pool.workers).toBe(0);
    expect(await seal()).toHaveLength(116);
  });

  it('is replaced: the next job goes to a new worker', async () => {
    const pool = broken(`
      const { parentPort } = require('node:worker_threads');
      parentPort.on('message', (job) => (job.counter === 0 ? process.exit(5) : parentPort.postMessage({ id: job.id, data: job.data, length: job.length + 16 }, [job.data])));`);
    await expect(pool.seal(randomBytes(32), 0, true, new ArrayBuffer(SEALED_CHUNK_BYTES), 10)).rejects.toBeInstanceOf(ChunkWorkerError);
    await expect(pool.seal(randomBytes(32), 1, true, new ArrayBuffer(SEALED_CHUNK_BYTES), 10)).resolves.toHaveLength(26);
  });
});
