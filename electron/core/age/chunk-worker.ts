/**
 * Entry of a chunk worker thread: bundled on its own and built in as a
 * string (build/node-bundle.mjs, __OUTPOST_CHUNK_WORKER__), run by
 * ./chunk-workers.ts, so it runs the same under Node, vitest and Electron.
 * It seals or opens the chunks it is given with the nonces it is told, with
 * the ChaCha20-Poly1305 backend its pool names (`workerData.backend`:
 * node:crypto's, or libsodium's where BoringSSL has none); every rule of the
 * STREAM construction (which chunk is last, what follows it) stays in
 * payload.ts and payload-parallel.ts on the calling thread.
 *
 * A job's buffer is laid out as sealed chunks (65,552 bytes apart) and is
 * worked on in place, then transferred back, so the same few buffers go
 * round between the threads without being allocated again:
 *
 *   seal { id, op, key, counter, last, data, length }
 *        data holds `length` bytes of plaintext, chunk i at i × 65,552
 *        → { id, data, length }: data holds the sealed chunks, contiguous;
 *        chunk i gets nonce counter + i, with the last flag only on the
 *        final chunk and only when `last` is set
 *   open { id, op, key, counter, data, length }
 *        data holds `length` bytes: whole sealed chunks, none of them final
 *        → { id, data, opened }: the plaintext of the first `opened` chunks,
 *        contiguous from 0; the worker stops at a chunk that does not
 *        authenticate, whose sealed bytes stay untouched where they were
 *   any failure → { id, error, data } (the buffer still comes back)
 */
import { parentPort, workerData } from 'node:worker_threads';
import { loadSodium, nodeBackend, sodiumBackend, type ChaChaBackend } from './chacha';

const CHUNK = 65_536;
const TAG = 16;
const SEALED = CHUNK + TAG;

type Job = { id: number; op: 'seal' | 'open'; key: Uint8Array; counter: number; last?: boolean; data: ArrayBuffer; length: number };

const backend: ChaChaBackend = (workerData as { backend?: string } | null)?.backend === 'sodium' ? sodiumBackend : nodeBackend;
// libsodium's WebAssembly is compiled before the first job (the jobs wait, in order).
const ready = backend === sodiumBackend ? loadSodium() : Promise.resolve();

const nonce = Buffer.alloc(12);
function nonceAt(counter: number, last: boolean): Buffer {
  nonce.writeUIntBE(counter, 5, 6);
  nonce[11] = last ? 1 : 0;
  return nonce;
}

function seal(job: Job, bytes: Buffer): { length: number } {
  const { key, counter, length } = job;
  const chunks = Math.max(1, Math.ceil(length / CHUNK));
  for (let i = 0, at = 0; i < chunks; i++, at += SEALED) {
    const size = Math.min(CHUNK, length - i * CHUNK);
    let to = at;
    for (const piece of backend.seal(key, nonceAt(counter + i, job.last === true && i === chunks - 1), bytes.subarray(at, at + size))) {
      bytes.set(piece, to);
      to += piece.length;
    }
  }
  return { length: length + chunks * TAG };
}

function open(job: Job, bytes: Buffer): { opened: number } {
  const { key, counter, length } = job;
  if (length === 0 || length % SEALED !== 0) throw new Error('open: not a whole number of sealed chunks');
  const chunks = length / SEALED;
  let opened = 0;
  for (; opened < chunks; opened++) {
    const at = opened * SEALED;
    const plaintext = backend.open(key, nonceAt(counter + opened, false), bytes.subarray(at, at + SEALED));
    if (!plaintext) break;
    // Behind the chunks still to open: plaintext i ends at (i + 1) × 65,536, before chunk i + 1 starts.
    bytes.set(plaintext, opened * CHUNK);
  }
  return { opened };
}

parentPort?.on('message', (job: Job) => {
  void ready.then(() => {
    const bytes = Buffer.from(job.data);
    let result: { length: number } | { opened: number } | { error: string };
    try {
      result = job.op === 'seal' ? seal(job, bytes) : open(job, bytes);
    } catch (error) {
      result = { error: error instanceof Error ? error.message : String(error) };
    }
    parentPort?.postMessage({ id: job.id, data: job.data, ...result }, [job.data]);
  });
});
