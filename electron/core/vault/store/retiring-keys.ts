/**
 * While the data key is being replaced (FORMAT.md, "Replacing the data
 * key"), a file not yet re-encrypted is still sealed under the retiring key.
 * Readers are handed the current key only; this registry, keyed by that
 * Buffer like read-only-keys.ts, lets the few places that open sealed bytes
 * (sealed files, journal records, evidence blobs) try the retiring key when
 * the current one does not authenticate, without every module knowing.
 */
import { AeadAuthError, open } from './aead';

const retiring = new WeakMap<Uint8Array, Uint8Array>();

export function setRetiringKey(current: Uint8Array, old: Uint8Array): void {
  retiring.set(current, old);
}

export function clearRetiringKey(current: Uint8Array): void {
  retiring.get(current)?.fill(0);
  retiring.delete(current);
}

export function retiringKeyOf(current: Uint8Array): Uint8Array | undefined {
  return retiring.get(current);
}

/** `open` under `key`, then under its retiring key if it has one; AeadAuthError when neither fits. */
export function openEither(key: Uint8Array, sealed: Uint8Array, aad: string | Uint8Array): Buffer {
  try {
    return open(key, sealed, aad);
  } catch (error) {
    const old = retiring.get(key);
    if (!old || !(error instanceof AeadAuthError)) throw error;
    return open(old, sealed, aad);
  }
}
