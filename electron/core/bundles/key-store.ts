/**
 * The bundle keys of a vault, each a sealed file in the vault folder
 * (electron/core/vault/store/sealed-file.ts, role `bundle`):
 *
 *   coordinator.key  the coordinator identity, an age X25519 secret key
 *                    ("AGE-SECRET-KEY-1…", as age-keygen writes it)
 *   devices.json     known devices: {"<deviceId>": "<base64 raw Ed25519 key>"},
 *                    from this vault's own device and from imported bundles
 *   team-profile.json  the team profile imported from a coordinator; exports
 *                    go to its recipient by default
 *
 * (./export-log.ts keeps `export-log.json` the same way.)
 *
 * A device id is the SHA-256 of its public key, so a key cannot change under
 * the same id; the registry still refuses a different key for a known id.
 */
import { createHash } from 'node:crypto';
import path from 'node:path';
import { z } from 'zod';
import { ApiFailure } from '../../../shared/api/errors';
import type { TeamProfile } from '../../../shared/api/bundle-schemas';
import { teamProfileSchema } from '../../../shared/api/bundle-schemas';
import { generateIdentity, parseIdentity, type X25519Identity } from '../age';
import type { VaultSession } from '../vault/session';
import { aadFor } from '../vault/store/aead';
import { fingerprintOf } from '../vault/store/device-key';
import { readSealed, writeSealed } from '../vault/store/sealed-file';
import { deviceIdOf } from './manifest';

const COORDINATOR_FILE = 'coordinator.key';
const DEVICES_FILE = 'devices.json';
const PROFILE_FILE = 'team-profile.json';

/** A sealed file of the bundle role in the vault folder: its path, key and associated data (the name binds it). */
export const sealedAt = (session: VaultSession, name: string) => {
  const { dir, key, vaultId } = session.storage;
  return { file: path.join(dir, name), key, aad: aadFor(vaultId, 'bundle', name) };
};

/** Groups of four hex digits of the SHA-256 of an age recipient, to compare by eye or phone. */
export function recipientFingerprint(recipient: string): string {
  return fingerprintOf(createHash('sha256').update(recipient, 'utf8').digest('hex'));
}

export async function readCoordinator(session: VaultSession): Promise<X25519Identity | null> {
  const { file, key, aad } = sealedAt(session, COORDINATOR_FILE);
  const bytes = await readSealed(file, key, aad);
  return bytes ? parseIdentity(bytes.toString('utf8').trim()) : null;
}

/** Creates the coordinator identity once; later calls return the same one. */
export async function initCoordinator(session: VaultSession): Promise<X25519Identity> {
  const existing = await readCoordinator(session);
  if (existing) return existing;
  const identity = generateIdentity();
  const { file, key, aad } = sealedAt(session, COORDINATOR_FILE);
  await writeSealed(file, key, aad, Buffer.from(identity.secret, 'utf8'));
  return identity;
}

export function coordinatorRecipient(identity: X25519Identity): string {
  return identity.recipient;
}

const devicesSchema = z.record(z.string(), z.string());

export async function readDevices(session: VaultSession): Promise<Map<string, string>> {
  const { file, key, aad } = sealedAt(session, DEVICES_FILE);
  const bytes = await readSealed(file, key, aad);
  const parsed = bytes ? devicesSchema.safeParse(JSON.parse(bytes.toString('utf8'))) : null;
  if (parsed && !parsed.success) throw new ApiFailure('damaged', `${file} does not hold a device list`);
  const devices = new Map(Object.entries(parsed?.data ?? {}));
  devices.set(session.device.deviceId, session.device.publicKey);
  return devices;
}

/** Adds devices; writes only when something is new. */
export async function rememberDevices(session: VaultSession, added: ReadonlyMap<string, string>): Promise<void> {
  const known = await readDevices(session);
  let changed = false;
  for (const [id, publicKey] of added) {
    const had = known.get(id);
    if (had !== undefined && had !== publicKey) throw new ApiFailure('damaged', `Device ${fingerprintOf(id)} is already known with another key`);
    if (had === undefined) {
      if (deviceIdOf(publicKey) !== id) throw new ApiFailure('damaged', `The key given for device ${fingerprintOf(id)} does not match its id`);
      known.set(id, publicKey);
      changed = true;
    }
  }
  if (!changed) return;
  const { file, key, aad } = sealedAt(session, DEVICES_FILE);
  await writeSealed(file, key, aad, Buffer.from(JSON.stringify(Object.fromEntries([...known].sort(([a], [b]) => (a < b ? -1 : 1))))));
}

export async function readProfile(session: VaultSession): Promise<TeamProfile | null> {
  const { file, key, aad } = sealedAt(session, PROFILE_FILE);
  const bytes = await readSealed(file, key, aad);
  if (!bytes) return null;
  const parsed = teamProfileSchema.safeParse(JSON.parse(bytes.toString('utf8')));
  if (!parsed.success) throw new ApiFailure('damaged', `${file} does not hold a team profile`);
  return parsed.data;
}

export async function writeProfile(session: VaultSession, profile: TeamProfile): Promise<void> {
  const { file, key, aad } = sealedAt(session, PROFILE_FILE);
  await writeSealed(file, key, aad, Buffer.from(JSON.stringify(profile)));
}
