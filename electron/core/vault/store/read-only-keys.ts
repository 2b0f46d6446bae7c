/**
 * Data keys that must not write. Every sealed write (index, device key,
 * team keys, playbooks, export log) and every journal or blob write takes the
 * data key, so refusing by key stops them all in one place, whatever module
 * the write comes from. A session's key is its own Buffer, so a writable
 * session on the same vault in the same process is not affected.
 *
 * Two reasons: a read-only session (another program holds the writer lock),
 * and a replacement of the data key that is running or was interrupted
 * (../rekey/REKEY in FORMAT.md): while files are under two keys, nothing but
 * the replacement itself may write, so no file ends up half under each.
 */
import { ApiFailure } from '../../../../shared/api/errors';

type Reason = 'read-only' | 'rekey';

const refused = new WeakMap<Uint8Array, Reason>();

export function markReadOnly(key: Uint8Array): void {
  refused.set(key, 'read-only');
}

/** Writes with `key` are refused until `resumeWrites`; a read-only key stays read-only. */
export function pauseWrites(key: Uint8Array): void {
  if (refused.get(key) !== 'read-only') refused.set(key, 'rekey');
}

export function resumeWrites(key: Uint8Array): void {
  if (refused.get(key) === 'rekey') refused.delete(key);
}

export function isReadOnly(key: Uint8Array): boolean {
  return refused.has(key);
}

export function writesPaused(key: Uint8Array): boolean {
  return refused.get(key) === 'rekey';
}

export function refuseIfReadOnly(key: Uint8Array, what: string): void {
  const reason = refused.get(key);
  if (reason) throw refusal(reason, what);
}

/**
 * For work that reads first and records at the end (verifying or exporting
 * evidence, exporting a bundle): refused up front while the key is being
 * replaced, rather than failing once its output is written.
 */
export function refuseWhileReplacingKey(key: Uint8Array, what: string): void {
  if (refused.get(key) === 'rekey') throw refusal('rekey', what);
}

/** The refusal for writing with `key`, whichever the reason. */
export function writeRefusal(key: Uint8Array, what: string): ApiFailure {
  return refusal(refused.get(key) ?? 'read-only', what);
}

export function readOnlyFailure(what: string): ApiFailure {
  return refusal('read-only', what);
}

function refusal(reason: Reason, what: string): ApiFailure {
  if (reason === 'rekey') {
    return new ApiFailure('vault_busy', `The vault's data key is being replaced (or its replacement was interrupted): cannot ${what} until the replacement has finished. Finish it under Settings → Replace the data key, or with "outpost vault replace-key".`);
  }
  return new ApiFailure('vault_read_only', `The vault is open read-only (another program holds it): cannot ${what}. Lock it and unlock it again once the other program has closed it.`);
}
