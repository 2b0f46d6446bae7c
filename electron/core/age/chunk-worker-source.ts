/**
 * The code of a chunk worker thread, as a string: it is evaluated with
 * `new Worker(source, { eval: true })`, so it needs no bundled entry of its
 * own and runs the same under Node, vitest and Electron. It uses nothing but
 * node:crypto's ChaCha20-Poly1305, and does no more than seal or open the
 * chunks it is given with the nonces it is told; every rule of the STREAM
 * construction (which chunk is last, what follows it) stays in payload.ts
 * and payload-parallel.ts on the calling thread.
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
export const CHUNK_WORKER_SOURCE = `
'use strict';
const { parentPort } = require('node:worker_threads');
const { createCipheriv, createDecipheriv } = require('node:crypto');
const CHUNK = 65536, TAG = 16, SEALED = CHUNK + TAG, CIPHER = 'chacha20-poly1305';
const nonce = Buffer.alloc(12);
function nonceAt(counter, last) {
  nonce.writeUIntBE(counter, 5, 6);
  nonce[11] = last ? 1 : 0;
  return nonce;
}
function seal(key, counter, last, bytes, length) {
  const chunks = Math.max(1, Math.ceil(length / CHUNK));
  for (let i = 0, at = 0; i < chunks; i++, at += SEALED) {
    const size = Math.min(CHUNK, length - i * CHUNK);
    const cipher = createCipheriv(CIPHER, key, nonceAt(counter + i, last && i === chunks - 1), { authTagLength: TAG });
    cipher.update(bytes.subarray(at, at + size)).copy(bytes, at);
    cipher.final();
    cipher.getAuthTag().copy(bytes, at + size);
  }
  return { length: length + chunks * TAG };
}
function open(key, counter, bytes, length) {
  if (length === 0 || length % SEALED !== 0) throw new Error('open: not a whole number of sealed chunks');
  const chunks = length / SEALED;
  let opened = 0;
  for (; opened < chunks; opened++) {
    const at = opened * SEALED;
    const decipher = createDecipheriv(CIPHER, key, nonceAt(counter + opened, false), { authTagLength: TAG });
    decipher.setAuthTag(bytes.subarray(at + CHUNK, at + SEALED));
    const plaintext = decipher.update(bytes.subarray(at, at + CHUNK));
    try {
      decipher.final();
    } catch {
      break;
    }
    // Behind the chunks still to open: plaintext i ends at (i + 1) × 65,536, before chunk i + 1 starts.
    plaintext.copy(bytes, opened * CHUNK);
  }
  return { opened };
}
parentPort.on('message', (job) => {
  const bytes = Buffer.from(job.data);
  let result;
  try {
    result = job.op === 'seal' ? seal(job.key, job.counter, job.last, bytes, job.length) : open(job.key, job.counter, bytes, job.length);
  } catch (error) {
    result = { error: String((error && error.message) || error) };
  }
  parentPort.postMessage({ id: job.id, data: job.data, ...result }, [job.data]);
});
`;
