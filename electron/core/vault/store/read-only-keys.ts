/**
 * Data keys of read-only sessions. Every sealed write (index, device key,
 * team keys, playbooks, export log) and every journal or blob write takes the
 * data key, so refusing by key stops them all in one place, whatever module
 * the write comes from. A session's key is its own Buffer, so a writable
 * session on the same vault in the same process is not affected.
 */
import { ApiFailure } from '../../../../shared/api/errors';

const readOnlyKeys = new WeakSet<Uint8Array>();

export function markReadOnly(key: Uint8Array): void {
  readOnlyKeys.add(key);
}

export function isReadOnly(key: Uint8Array): boolean {
  return readOnlyKeys.has(key);
}

export function refuseIfReadOnly(key: Uint8Array, what: string): void {
  if (readOnlyKeys.has(key)) throw readOnlyFailure(what);
}

export function readOnlyFailure(what: string): ApiFailure {
  return new ApiFailure('vault_read_only', `The vault is open read-only (another program holds it): cannot ${what}. Lock it and unlock it again once the other program has closed it.`);
}
