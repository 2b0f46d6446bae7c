/**
 * The code of the hashing worker thread (./stage-worker.ts), as a string
 * evaluated with `new Worker(source, { eval: true })`, so it needs no
 * bundled entry of its own and runs the same under Node, vitest and
 * Electron. It uses only node:crypto's SHA-256, which allocates nothing per
 * batch: the worker's heap stays still (a worker that also sealed the
 * chunks with AES-GCM kept some 35 MB of its cipher outputs waiting for its
 * garbage collector). One digest at a time, its messages in order:
 *
 *   begin { op, id }
 *   data  { op, id, data, length }   data (transferred): `length` more bytes
 *         → { op: 'back', data } (the buffer returns, to be filled again)
 *   end   { op, id } → { op: 'done', id, sha256, bytes }
 *   abort { op, id } → { op: 'aborted', id }
 */
export const HASH_WORKER_SOURCE = `
'use strict';
const { parentPort } = require('node:worker_threads');
const { createHash } = require('node:crypto');
let job = null;
parentPort.on('message', (m) => {
  if (m.op === 'begin') job = { id: m.id, hash: createHash('sha256'), bytes: 0 };
  else if (m.op === 'data') {
    if (job && job.id === m.id) {
      job.hash.update(new Uint8Array(m.data, 0, m.length));
      job.bytes += m.length;
    }
    parentPort.postMessage({ op: 'back', data: m.data }, [m.data]);
  } else if (m.op === 'end') {
    const j = job && job.id === m.id ? job : null;
    job = null;
    if (j) parentPort.postMessage({ op: 'done', id: j.id, sha256: j.hash.digest('hex'), bytes: j.bytes });
    else parentPort.postMessage({ op: 'error', id: m.id, message: 'no such digest under way' });
  } else if (m.op === 'abort') {
    if (job && job.id === m.id) job = null;
    parentPort.postMessage({ op: 'aborted', id: m.id });
  }
});
`;
