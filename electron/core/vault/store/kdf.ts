/**
 * Passphrase → key-encryption key (KEK) with scrypt from node:crypto.
 *
 * The parameters travel in vault.json so they can grow over time:
 *   { name: 'scrypt', N, r, p, salt: base64 of 16–64 random bytes, keyLength: 32 }
 * The passphrase is NFC-normalised first, so the same words typed on another
 * platform or keyboard layout derive the same key.
 */
import { randomBytes, scrypt, type ScryptOptions } from 'node:crypto';
import { ApiFailure } from '../../../../shared/api/errors';

export type KdfParams = { name: 'scrypt'; N: number; r: number; p: number; salt: string; keyLength: number };
export type KdfCost = { N: number; r: number; p: number };
/** `allowWeak` lets tests use cheap parameters; nothing else should set it. */
export type KdfOptions = { allowWeak?: boolean };

/** Measured at 0.4–0.5 s per derivation on an AMD EPYC server core (Node 20); 128 MiB of memory. */
export const defaultKdfCost: KdfCost = { N: 2 ** 17, r: 8, p: 1 };
/** For tests only, together with `allowWeak`. */
export const weakKdfCost: KdfCost = { N: 2 ** 10, r: 8, p: 1 };

export const KEY_LENGTH = 32;

// Below this, guessing passphrases offline becomes cheap (OWASP's scrypt floor).
const floor = { N: 2 ** 15, r: 8, p: 1 };
// A hostile vault.json must not make us allocate gigabytes or spin for minutes.
const MAX_MEMORY = 512 * 1024 * 1024;
const MAX_N = 2 ** 22;
const MAX_R = 32;
const MAX_P = 4;
const SALT_MIN = 16;
const SALT_MAX = 64;

/** Why these parameters are unacceptable, or undefined when they are fine. */
export function kdfParamsProblem(params: KdfParams, options: KdfOptions = {}): string | undefined {
  const { N, r, p } = params;
  if (params.name !== 'scrypt') return `unknown KDF "${String(params.name)}"`;
  if (!Number.isSafeInteger(N) || N < 2 || (N & (N - 1)) !== 0) return 'N must be a power of two';
  if (!Number.isSafeInteger(r) || r < 1) return 'r must be a positive integer';
  if (!Number.isSafeInteger(p) || p < 1) return 'p must be a positive integer';
  if (N > MAX_N || r > MAX_R || p > MAX_P || scryptMemory(N, r, p) > MAX_MEMORY) {
    return `cost too high (N ≤ 2^22, r ≤ ${MAX_R}, p ≤ ${MAX_P}, memory ≤ 512 MiB)`;
  }
  if (!options.allowWeak && (N < floor.N || r < floor.r || p < floor.p)) {
    return `cost too low (at least N=2^15, r=${floor.r}, p=${floor.p})`;
  }
  if (params.keyLength !== KEY_LENGTH) return `keyLength must be ${KEY_LENGTH}`;
  const salt = decodeBase64(params.salt);
  if (!salt || salt.length < SALT_MIN || salt.length > SALT_MAX) return `salt must be ${SALT_MIN}–${SALT_MAX} bytes of base64`;
  return undefined;
}

/** Fresh parameters with a new random salt. */
export function newKdfParams(cost: KdfCost = defaultKdfCost, options: KdfOptions = {}): KdfParams {
  const params: KdfParams = { name: 'scrypt', N: cost.N, r: cost.r, p: cost.p, salt: randomBytes(16).toString('base64'), keyLength: KEY_LENGTH };
  assertAcceptable(params, options);
  return params;
}

export function deriveKek(passphrase: string, params: KdfParams, options: KdfOptions = {}): Promise<Buffer> {
  assertAcceptable(params, options);
  const scryptOptions: ScryptOptions = {
    N: params.N,
    r: params.r,
    p: params.p,
    // OpenSSL refuses unless maxmem covers its whole working set; 1 MiB of slack.
    maxmem: scryptMemory(params.N, params.r, params.p) + 1024 * 1024,
  };
  const salt = Buffer.from(params.salt, 'base64');
  return new Promise((resolve, reject) => {
    scrypt(passphrase.normalize('NFC'), salt, params.keyLength, scryptOptions, (error, key) => (error ? reject(error) : resolve(key)));
  });
}

/**
 * One string per parameter set, in a fixed order, for associated data: two
 * headers with the same string derive the same KEK from the same passphrase.
 */
export function canonicalKdfParams(params: KdfParams): string {
  return `${params.name};N=${params.N};r=${params.r};p=${params.p};salt=${params.salt};len=${params.keyLength}`;
}

export function costOf(params: KdfParams): KdfCost {
  return { N: params.N, r: params.r, p: params.p };
}

function assertAcceptable(params: KdfParams, options: KdfOptions): void {
  const problem = kdfParamsProblem(params, options);
  if (problem) throw new ApiFailure('bad_request', `Unacceptable KDF parameters: ${problem}`);
}

// OpenSSL's scrypt needs 128·r·(N+2) bytes for V plus 128·r·p for B.
function scryptMemory(N: number, r: number, p: number): number {
  return 128 * r * (N + 2 + p);
}

function decodeBase64(text: unknown): Buffer | undefined {
  if (typeof text !== 'string' || !/^[A-Za-z0-9+/]*={0,2}$/.test(text) || text.length % 4 !== 0) return undefined;
  return Buffer.from(text, 'base64');
}
