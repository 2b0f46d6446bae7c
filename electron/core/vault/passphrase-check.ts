import { randomBytes, scrypt, timingSafeEqual, type ScryptOptions } from 'node:crypto';

/** Parameters of the passphrase KDF, stored with the vault so they can grow over time. */
export type ScryptParams = { name: 'scrypt'; N: number; r: number; p: number; salt: string };

export const defaultScrypt = { N: 2 ** 15, r: 8, p: 1 } as const;

export function newScryptParams(): ScryptParams {
  return { name: 'scrypt', ...defaultScrypt, salt: randomBytes(16).toString('base64') };
}

export function deriveKey(passphrase: string, params: ScryptParams, length = 32): Promise<Buffer> {
  const options: ScryptOptions = { N: params.N, r: params.r, p: params.p, maxmem: 256 * params.N * params.r };
  return new Promise((resolve, reject) => {
    scrypt(passphrase.normalize('NFC'), Buffer.from(params.salt, 'base64'), length, options, (error, key) =>
      error ? reject(error) : resolve(key),
    );
  });
}

export function sameBytes(a: Uint8Array, b: Uint8Array): boolean {
  return a.length === b.length && timingSafeEqual(a, b);
}
