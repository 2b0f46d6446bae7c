/**
 * Checks many Ed25519 event signatures at once, on every core. One check
 * costs about 125 µs on a 2-core laptop-class CPU (`openssl speed ed25519`:
 * 7,979 verifications/s on one core, 14,255/s on two), so a coordinator
 * merging 100,000 new events spends most of the import here; batches go to
 * worker threads, a handful is checked inline (a worker costs more to wake).
 */
import { CodeWorkerPool, poolSize } from '../workers/code-worker-pool';
import { verifyEd25519 } from './store/device-key';

/** An event's signature to check: the author's raw public key (base64), the event hash (hex) and the signature (base64). */
export type SignedHash = { publicKey: string; hash: string; sig: string };

type Batch = { keys: string[]; hashes: string[]; sigs: string[] };

// Runs in a worker: answers the indexes of the batch whose signature fails.
const HANDLER = `(() => {
  const { createPublicKey, verify } = require('node:crypto');
  const keys = new Map();
  const keyOf = (raw) => {
    let key = keys.get(raw);
    if (!key) {
      const bytes = Buffer.from(raw, 'base64');
      if (bytes.length !== 32) return null;
      key = createPublicKey({ key: { kty: 'OKP', crv: 'Ed25519', x: bytes.toString('base64url') }, format: 'jwk' });
      keys.set(raw, key);
    }
    return key;
  };
  return ({ keys: publicKeys, hashes, sigs }) => {
    const failed = [];
    for (let i = 0; i < hashes.length; i++) {
      let ok = false;
      try {
        const key = keyOf(publicKeys[i]);
        ok = key !== null && verify(null, Buffer.from(hashes[i], 'hex'), key, Buffer.from(sigs[i], 'base64'));
      } catch {
        ok = false;
      }
      if (!ok) failed.push(i);
    }
    return failed;
  };
})()`;

const INLINE_BELOW = 256;
let pool: CodeWorkerPool<Batch, number[]> | null = null;

/** The indexes of `items` whose signature does not verify, in order; empty when all do. */
export async function failingSignatures(items: readonly SignedHash[]): Promise<number[]> {
  if (items.length < INLINE_BELOW) return items.flatMap((item, i) => (verifyEd25519(item.publicKey, Buffer.from(item.hash, 'hex'), item.sig) ? [] : [i]));
  pool ??= new CodeWorkerPool<Batch, number[]>(HANDLER, poolSize(8), 'Checking event signatures failed');
  // A few batches per worker, so one slow batch does not hold up the end.
  const size = Math.max(INLINE_BELOW, Math.ceil(items.length / (pool.size * 4)));
  const batches: Promise<number[]>[] = [];
  for (let start = 0; start < items.length; start += size) {
    const slice = items.slice(start, start + size);
    const batch = { keys: slice.map((s) => s.publicKey), hashes: slice.map((s) => s.hash), sigs: slice.map((s) => s.sig) };
    batches.push(pool.run(batch).then((failed) => failed.map((i) => start + i)));
  }
  return (await Promise.all(batches)).flat();
}
