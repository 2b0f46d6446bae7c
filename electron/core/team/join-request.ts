/**
 * Join requests (format: ./FORMAT.md): writing this vault's own, reading
 * and checking one from another device, and remembering those read here
 * (sealed `join-requests.json`) so a coordinator can approve by fingerprint.
 *
 * Each vault has its own age X25519 identity for sync (`device-recipient.key`,
 * sealed like coordinator.key): the request carries its recipient.
 */
import { readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { z } from 'zod';
import type { JoinRequestView } from '../../../shared/api/roster-schemas';
import { ApiFailure } from '../../../shared/api/errors';
import { joinSigningText, signedJoinRequestSchema, type SignedJoinRequest } from '../../../shared/team/join-request';
import { fingerprintWords } from '../../../shared/team/fingerprint-words';
import { generateIdentity, parseIdentity, type X25519Identity } from '../age';
import { sealedAt } from '../bundles/key-store';
import { deviceIdOf } from '../bundles/manifest';
import type { VaultSession } from '../vault/session';
import { fingerprintOf, verifyEd25519 } from '../vault/store/device-key';
import { ioFailure } from '../vault/store/io-error';
import { readSealed, writeSealed } from '../vault/store/sealed-file';

const RECIPIENT_FILE = 'device-recipient.key';
const REQUESTS_FILE = 'join-requests.json';

/** This vault's own sync identity, created once. */
export async function deviceRecipient(session: VaultSession): Promise<X25519Identity> {
  const { file, key, aad } = sealedAt(session, RECIPIENT_FILE);
  const bytes = await readSealed(file, key, aad);
  if (bytes) return parseIdentity(bytes.toString('utf8').trim());
  const identity = generateIdentity();
  await writeSealed(file, key, aad, Buffer.from(identity.secret, 'utf8'));
  return identity;
}

export const requestView = (s: SignedJoinRequest): JoinRequestView => {
  const r = s.request;
  return { device: r.device, fingerprint: fingerprintOf(r.device), words: fingerprintWords(r.device), name: r.name, role: r.role, site: r.site, recipient: r.recipient, createdAt: r.createdAt };
};

export async function writeJoinRequest(session: VaultSession, input: { path: string; name?: string | undefined; role?: string | undefined; site?: string | undefined }, now: Date = new Date()): Promise<{ path: string; request: JoinRequestView }> {
  const recipient = (await deviceRecipient(session)).recipient;
  const request = { format: 'outpost-join-request' as const, version: 1 as const, device: session.device.deviceId, publicKey: session.device.publicKey, name: input.name ?? session.settings.actorName, role: input.role ?? '', site: input.site ?? '', recipient, createdAt: now.toISOString() };
  const signed: SignedJoinRequest = { request, signature: session.device.sign(Buffer.from(joinSigningText(request), 'utf8')) };
  const target = path.resolve(input.path);
  await writeFile(target, JSON.stringify(signed, null, 2) + '\n', { flag: 'wx', mode: 0o644 }).catch((error: unknown) => {
    if ((error as NodeJS.ErrnoException).code === 'EEXIST') return Promise.reject(new ApiFailure('bad_request', `${target} already exists; choose another name (Outpost never overwrites a file)`));
    return Promise.reject(ioFailure(error, 'write', target));
  });
  return { path: target, request: requestView(signed) };
}

/** Reads and checks a join request file: schema, device id = SHA-256 of the key, signature. */
export async function readJoinRequest(file: string): Promise<SignedJoinRequest> {
  const source = path.resolve(file);
  const text = await readFile(source, 'utf8').catch((error: unknown) => Promise.reject(ioFailure(error, 'read', source)));
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    throw new ApiFailure('bad_request', `${source} is not a join request (not JSON)`);
  }
  const parsed = signedJoinRequestSchema.safeParse(json);
  if (!parsed.success) throw new ApiFailure('bad_request', `${source} is not a join request: ${parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ').slice(0, 300)}`);
  const { request, signature } = parsed.data;
  if (deviceIdOf(request.publicKey) !== request.device) throw new ApiFailure('bad_request', `${source}: the device key does not hash to the device id ${fingerprintOf(request.device)}`);
  if (!verifyEd25519(request.publicKey, Buffer.from(joinSigningText(request), 'utf8'), signature)) throw new ApiFailure('bad_request', `${source}: the join request signature does not verify with its device key ${fingerprintOf(request.device)} (altered or forged)`);
  return parsed.data;
}

const requestsSchema = z.array(signedJoinRequestSchema);

export async function readRequests(session: VaultSession): Promise<SignedJoinRequest[]> {
  const { file, key, aad } = sealedAt(session, REQUESTS_FILE);
  const bytes = await readSealed(file, key, aad);
  if (!bytes) return [];
  const parsed = requestsSchema.safeParse(JSON.parse(bytes.toString('utf8')));
  if (!parsed.success) throw new ApiFailure('damaged', `${file} does not hold join requests`);
  return parsed.data;
}

/** Keeps a checked request (the newest per device), or drops a device's (`keep` null). */
export async function storeRequest(session: VaultSession, device: string, keep: SignedJoinRequest | null): Promise<void> {
  const held = await readRequests(session);
  const next = held.filter((r) => r.request.device !== device);
  if (keep) next.push(keep);
  if (next.length === held.length && !keep) return;
  const { file, key, aad } = sealedAt(session, REQUESTS_FILE);
  await writeSealed(file, key, aad, Buffer.from(JSON.stringify(next)));
}
