/**
 * Join requests (format: ./FORMAT.md): writing this vault's own, reading
 * and checking one from another device, and remembering those read here
 * (sealed `join-requests.json`) so a coordinator can approve by fingerprint.
 *
 * Each vault has its own age X25519 identity for sync (`device-recipient.key`,
 * sealed like coordinator.key): the request carries its recipient.
 */
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
import { readJsonFile, writeNewJsonFile } from '../fs/json-file';
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
  const request = { format: 'outpost-join-request' as const, version: 1 as const, device: session.device.deviceId, publicKey: session.device.publicKey, name: input.name ?? session.settings.actorName, role: input.role ?? session.settings.actorRole, site: input.site ?? '', recipient, createdAt: now.toISOString() };
  const signed: SignedJoinRequest = { request, signature: session.device.sign(Buffer.from(joinSigningText(request), 'utf8')) };
  return { path: await writeNewJsonFile(input.path, signed), request: requestView(signed) };
}

/** Reads and checks a join request file: schema, device id = SHA-256 of the key, signature. */
export async function readJoinRequest(file: string): Promise<SignedJoinRequest> {
  const { source, value: signed } = await readJsonFile(file, signedJoinRequestSchema, 'a join request');
  const { request, signature } = signed;
  if (deviceIdOf(request.publicKey) !== request.device) throw new ApiFailure('bad_request', `${source}: the device key does not hash to the device id ${fingerprintOf(request.device)}`);
  if (!verifyEd25519(request.publicKey, Buffer.from(joinSigningText(request), 'utf8'), signature)) throw new ApiFailure('bad_request', `${source}: the join request signature does not verify with its device key ${fingerprintOf(request.device)} (altered or forged)`);
  return signed;
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
