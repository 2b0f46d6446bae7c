/**
 * What the team API does with the roster (./FORMAT.md): the view people see,
 * reading a join request, enrolling (approve) and revoking devices, and the
 * bundles held for devices not on the roster. Approving a device applies every
 * bundle held only for devices now enrolled, through the normal import path.
 */
import type { ApproveResult, HeldBundle, JoinRequestView, RevokeResult, RosterView } from '../../../shared/api/roster-schemas';
import { ApiFailure } from '../../../shared/api/errors';
import { fingerprintWords, normaliseFingerprint } from '../../../shared/team/fingerprint-words';
import type { RosterDevice } from '../../../shared/team/roster';
import { importBundle } from '../bundles/import';
import type { VaultSession } from '../vault/session';
import { fingerprintOf } from '../vault/store/device-key';
import { heldPath, readHeld, settleHeld } from './held-store';
import { readJoinRequest, readRequests, requestView, storeRequest } from './join-request';
import { ensureRoster, isCoordinatorVault, readRoster, signNextRoster, trustedCoordinator } from './roster-store';

const identityOf = (device: string) => ({ device, fingerprint: fingerprintOf(device), words: fingerprintWords(device) });

export async function rosterView(session: VaultSession): Promise<RosterView> {
  const isCoordinator = await isCoordinatorVault(session);
  const held = isCoordinator ? await ensureRoster(session) : await readRoster(session);
  const coordinator = await trustedCoordinator(session);
  const d = held?.document;
  const enrolled = new Set(d?.devices.map((x) => x.device) ?? []);
  const pending = isCoordinator ? (await readRequests(session)).filter((r) => !enrolled.has(r.request.device)).map(requestView) : [];
  return {
    serial: d?.serial ?? null,
    issuedAt: d?.issuedAt ?? null,
    isCoordinator,
    coordinator: coordinator ? identityOf(coordinator.device) : null,
    devices: (d?.devices ?? []).map((x) => ({ ...identityOf(x.device), name: x.name, role: x.role, site: x.site, recipient: x.recipient ?? null, enrolledAt: x.enrolledAt, self: x.device === session.device.deviceId })),
    revoked: (d?.revoked ?? []).map((x) => ({ ...identityOf(x.device), name: x.name, revokedAt: x.revokedAt, reason: x.reason })),
    pending,
  };
}

/** Reads and checks a join request, and remembers it so the device can be approved by fingerprint later. */
export async function readRequest(session: VaultSession, file: string): Promise<JoinRequestView> {
  const signed = await readJoinRequest(file);
  if (await isCoordinatorVault(session)) await storeRequest(session, signed.request.device, signed);
  return requestView(signed);
}

export type ApproveInput = { path?: string | undefined; fingerprint?: string | undefined; name?: string | undefined; role?: string | undefined; site?: string | undefined; passphrase?: string | undefined; identityFile?: string | undefined };

export async function approveDevice(session: VaultSession, input: ApproveInput, now: Date = new Date()): Promise<ApproveResult> {
  if (!(await isCoordinatorVault(session))) throw new ApiFailure('forbidden', 'Only the coordinator vault can enrol devices (this vault has no coordinator key)');
  const entry = input.path !== undefined ? await entryFromFile(session, input.path, now) : await entryFromFingerprint(session, input.fingerprint ?? '', now);
  const device: RosterDevice = { ...entry, name: input.name ?? entry.name, role: input.role ?? entry.role, site: input.site ?? entry.site };
  const roster = (await ensureRoster(session))?.document;
  if (roster?.devices.some((x) => x.device === device.device)) throw new ApiFailure('bad_request', `Device ${fingerprintOf(device.device)} (${device.name || 'unnamed'}) is already on the roster`);
  if (roster?.revoked.some((x) => x.device === device.device)) throw new ApiFailure('bad_request', `Device ${fingerprintOf(device.device)} was revoked; a revoked device is not enrolled again (its holder makes a new vault and asks to join)`);
  const next = await signNextRoster(session, (current) => ({ devices: [...current.devices, device], revoked: current.revoked }), now);
  await storeRequest(session, device.device, null);
  const appliedBundles = await applyHeld(session, input);
  return { approved: { ...identityOf(device.device), name: device.name }, serial: next.document.serial, appliedBundles };
}

async function entryFromFile(session: VaultSession, file: string, now: Date): Promise<RosterDevice> {
  const { request } = await readJoinRequest(file);
  return { device: request.device, publicKey: request.publicKey, name: request.name, role: request.role, site: request.site, recipient: request.recipient, enrolledAt: now.toISOString() };
}

/** A device whose join request, or a held bundle of it, is already here, found by a fingerprint prefix of at least 16 hex digits. */
async function entryFromFingerprint(session: VaultSession, text: string, now: Date): Promise<RosterDevice> {
  const prefix = normaliseFingerprint(text);
  if (!prefix) throw new ApiFailure('bad_request', `“${text}” is not a device fingerprint (at least 16 hex digits, in groups or not)`);
  const requests = (await readRequests(session)).filter((r) => r.request.device.startsWith(prefix));
  const heldKeys = new Map((await readHeld(session)).filter((h) => h.status === 'held').flatMap((h) => h.unknownDevices.map((d) => [d.device, d.publicKey] as const)));
  const candidates = new Set([...requests.map((r) => r.request.device), ...[...heldKeys.keys()].filter((d) => d.startsWith(prefix))]);
  if (candidates.size > 1) throw new ApiFailure('bad_request', `The fingerprint ${text} matches ${candidates.size} devices; give more of it`);
  const [device] = candidates;
  if (!device) throw new ApiFailure('not_found', `No join request or held bundle here comes from a device with fingerprint ${text}; read its join request first`);
  const request = requests.find((r) => r.request.device === device)?.request;
  if (request) return { device, publicKey: request.publicKey, name: request.name, role: request.role, site: request.site, recipient: request.recipient, enrolledAt: now.toISOString() };
  const actor = (await readHeld(session)).find((h) => h.status === 'held' && h.exporter.device === device)?.exporter.actor ?? '';
  return { device, publicKey: heldKeys.get(device) ?? '', name: actor, role: '', site: '', enrolledAt: now.toISOString() };
}

/** Applies every held bundle whose devices are all on the roster now; those opened with a passphrase or identity file need it again. */
async function applyHeld(session: VaultSession, input: ApproveInput): Promise<string[]> {
  const roster = (await readRoster(session))?.document;
  const enrolled = new Set(roster?.devices.map((d) => d.device) ?? []);
  const applied: string[] = [];
  for (const held of await readHeld(session)) {
    if (held.status !== 'held' || !held.unknownDevices.every((d) => enrolled.has(d.device))) continue;
    const secret = held.openedWith === 'passphrase' ? { passphrase: input.passphrase } : held.openedWith === 'identity-file' ? { identityFile: input.identityFile } : {};
    if (held.openedWith !== 'coordinator' && Object.values(secret).every((v) => v === undefined)) continue;
    const report = await importBundle(session, { path: heldPath(session, held.digest), ...secret }, { progress: () => undefined, throwIfCancelled: () => undefined });
    if (report.held) continue;
    await settleHeld(session, held.digest, 'applied', new Date());
    applied.push(held.digest);
  }
  return applied;
}

export async function revokeDevice(session: VaultSession, input: { fingerprint: string; reason?: string | undefined }, now: Date = new Date()): Promise<RevokeResult> {
  const prefix = normaliseFingerprint(input.fingerprint);
  if (!prefix) throw new ApiFailure('bad_request', `“${input.fingerprint}” is not a device fingerprint (at least 16 hex digits)`);
  const roster = (await ensureRoster(session))?.document;
  if (!roster) throw new ApiFailure('forbidden', 'Only the coordinator vault can revoke devices (this vault has no coordinator key)');
  const matches = roster.devices.filter((d) => d.device.startsWith(prefix));
  const target = matches[0];
  if (matches.length > 1) throw new ApiFailure('bad_request', `The fingerprint ${input.fingerprint} matches ${matches.length} enrolled devices; give more of it`);
  if (!target) throw new ApiFailure('not_found', `No enrolled device has the fingerprint ${input.fingerprint}`);
  if (target.device === session.device.deviceId) throw new ApiFailure('bad_request', "The coordinator's own device cannot be revoked");
  const revokedAt = now.toISOString();
  const next = await signNextRoster(
    session,
    (current) => ({ devices: current.devices.filter((d) => d.device !== target.device), revoked: [...current.revoked, { device: target.device, publicKey: target.publicKey, name: target.name, revokedAt, reason: input.reason ?? '' }] }),
    now,
  );
  return { revoked: { ...identityOf(target.device), name: target.name, revokedAt }, serial: next.document.serial };
}

export async function refuseHeld(session: VaultSession, digest: string, reason: string | undefined): Promise<HeldBundle> {
  return settleHeld(session, digest, 'refused', new Date(), reason ?? 'Refused');
}
