/**
 * device.key — this device's Ed25519 signing identity, kept inside the vault.
 *
 *   file = sealed-file (see sealed-file.ts) of the private key as PKCS#8 DER,
 *          associated data `outpost/v1|<vaultId>|device|device.key`
 *
 * deviceId    = hex SHA-256 of the raw 32-byte public key (64 hex chars)
 * fingerprint = the first 32 hex chars of deviceId in groups of 4, for
 *               people comparing devices by eye or over the phone.
 */
import { createHash, createPrivateKey, createPublicKey, generateKeyPairSync, sign, verify, type KeyObject } from 'node:crypto';
import path from 'node:path';
import { aadFor } from './aead';
import { readSealed, writeSealed } from './sealed-file';

export const DEVICE_KEY_FILE = 'device.key';

export type DeviceKey = {
  deviceId: string;
  /** Raw 32-byte Ed25519 public key, base64. */
  publicKey: string;
  fingerprint: string;
  /** Ed25519 signature of `bytes`, base64. */
  sign(bytes: Uint8Array): string;
};

export async function loadOrCreateDeviceKey(dir: string, key: Uint8Array, vaultId: string): Promise<DeviceKey> {
  const file = path.join(dir, DEVICE_KEY_FILE);
  const aad = aadFor(vaultId, 'device', DEVICE_KEY_FILE);
  const stored = await readSealed(file, key, aad);
  if (stored) return deviceKeyFrom(createPrivateKey({ key: stored, format: 'der', type: 'pkcs8' }));
  const { privateKey } = generateKeyPairSync('ed25519');
  const der = privateKey.export({ format: 'der', type: 'pkcs8' });
  try {
    await writeSealed(file, key, aad, der);
  } finally {
    der.fill(0);
  }
  return deviceKeyFrom(privateKey);
}

/** False for a bad signature and for malformed input alike. */
export function verifyEd25519(publicKeyRawBase64: string, bytes: Uint8Array, sigBase64: string): boolean {
  try {
    const raw = Buffer.from(publicKeyRawBase64, 'base64');
    if (raw.length !== 32) return false;
    const publicKey = createPublicKey({ key: { kty: 'OKP', crv: 'Ed25519', x: raw.toString('base64url') }, format: 'jwk' });
    return verify(null, bytes, publicKey, Buffer.from(sigBase64, 'base64'));
  } catch {
    return false;
  }
}

export function fingerprintOf(deviceId: string): string {
  return (deviceId.slice(0, 32).match(/.{1,4}/g) ?? []).join(' ');
}

function deviceKeyFrom(privateKey: KeyObject): DeviceKey {
  const jwk = createPublicKey(privateKey).export({ format: 'jwk' });
  if (jwk.crv !== 'Ed25519' || typeof jwk.x !== 'string') throw new Error('device.key does not hold an Ed25519 key');
  const raw = Buffer.from(jwk.x, 'base64url');
  const deviceId = createHash('sha256').update(raw).digest('hex');
  return {
    deviceId,
    publicKey: raw.toString('base64'),
    fingerprint: fingerprintOf(deviceId),
    sign: (bytes) => sign(null, bytes, privateKey).toString('base64'),
  };
}
