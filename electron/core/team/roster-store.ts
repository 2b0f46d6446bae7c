/**
 * The team roster held by a vault (format: ./FORMAT.md): every version it
 * accepted, in `roster.json` (a sealed file of the bundle role, like
 * ../bundles/key-store.ts), newest last.
 *
 * Trust: a coordinator vault (one with a coordinator identity) signs the
 * roster with its own device key and trusts only that; a field vault trusts
 * the coordinator device named by its imported team profile. A roster is
 * accepted only if it verifies with that key and supersedes the held one
 * (shared/team/roster.ts `successionProblem`).
 */
import { createHash } from 'node:crypto';
import { z } from 'zod';
import { ApiFailure } from '../../../shared/api/errors';
import { rosterSigningText, signedRosterSchema, successionProblem, type RosterDocument, type SignedRoster } from '../../../shared/team/roster';
import { enrolmentIn } from '../../../shared/team/enrolment';
import { readCoordinator, readProfile, sealedAt } from '../bundles/key-store';
import type { VaultSession } from '../vault/session';
import { fingerprintOf, verifyEd25519 } from '../vault/store/device-key';
import { readSealed, writeSealed } from '../vault/store/sealed-file';

const ROSTER_FILE = 'roster.json';
const fileSchema = z.strictObject({ versions: z.array(signedRosterSchema) });

export type HeldRoster = { signed: SignedRoster; document: RosterDocument; digest: string };

/** SHA-256 (hex) of the exact signed bytes: what the next version's `previous` names. */
export const rosterDigest = (document: RosterDocument) => createHash('sha256').update(rosterSigningText(document), 'utf8').digest('hex');

async function readVersions(session: VaultSession): Promise<SignedRoster[]> {
  const { file, key, aad } = sealedAt(session, ROSTER_FILE);
  const bytes = await readSealed(file, key, aad);
  if (!bytes) return [];
  const parsed = fileSchema.safeParse(JSON.parse(bytes.toString('utf8')));
  if (!parsed.success) throw new ApiFailure('damaged', `${file} does not hold a team roster`);
  return parsed.data.versions;
}

export async function readRoster(session: VaultSession): Promise<HeldRoster | null> {
  const last = (await readVersions(session)).at(-1);
  return last ? { signed: last, document: last.document, digest: rosterDigest(last.document) } : null;
}

/** The coordinator device whose signature this vault trusts, or null (no team set up). */
export async function trustedCoordinator(session: VaultSession): Promise<TrustedCoordinator | null> {
  if (await readCoordinator(session)) return { device: session.device.deviceId, publicKey: session.device.publicKey };
  const profile = await readProfile(session);
  return profile ? { device: profile.coordinator.device, publicKey: profile.coordinator.publicKey } : null;
}

export const isCoordinatorVault = async (session: VaultSession) => (await readCoordinator(session)) !== null;

/** The coordinator device whose roster signature is trusted (its id and key). */
export type TrustedCoordinator = { device: string; publicKey: string };

/**
 * Why this signed roster is not acceptable here (null: it is); checks
 * signature and succession. `trusted` defaults to the coordinator this vault
 * trusts now; a team profile being imported passes its own coordinator, so
 * its roster is checked before anything of the profile is written.
 */
export async function rosterProblem(session: VaultSession, signed: SignedRoster, trusted?: TrustedCoordinator | null): Promise<string | null> {
  const by = trusted === undefined ? await trustedCoordinator(session) : trusted;
  if (!by) return 'this vault trusts no coordinator yet (import the team profile first)';
  const d = signed.document;
  if (d.coordinator.device !== by.device || d.coordinator.publicKey !== by.publicKey) return `the roster names coordinator device ${fingerprintOf(d.coordinator.device)}, not the coordinator ${fingerprintOf(by.device)} this vault trusts`;
  if (!verifyEd25519(by.publicKey, Buffer.from(rosterSigningText(d), 'utf8'), signed.signature)) return `the roster signature does not verify with the coordinator key ${fingerprintOf(by.device)} (forged or altered)`;
  const held = await readRoster(session);
  return successionProblem(held, d);
}

/**
 * What offering a roster from a profile or bundle would do, writing
 * nothing: 'adopt' it, or 'current' when the very same version (or an
 * older one, as any bundle from a vault that missed a later version
 * carries) is offered: that is not news. A newer one that does not verify,
 * or the same serial with other content, throws.
 */
export async function checkOffer(session: VaultSession, signed: SignedRoster, trusted?: TrustedCoordinator | null): Promise<'adopt' | 'current'> {
  const held = await readRoster(session);
  if (held && signed.document.serial < held.document.serial) return 'current';
  if (held && signed.document.serial === held.document.serial && rosterDigest(signed.document) === held.digest) return 'current';
  await checkedRoster(session, signed, trusted);
  return 'adopt';
}

/** Takes a roster from a profile or bundle (see `checkOffer`). */
export async function offerRoster(session: VaultSession, signed: SignedRoster, trusted?: TrustedCoordinator | null): Promise<'adopted' | 'current'> {
  if ((await checkOffer(session, signed, trusted)) === 'current') return 'current';
  await adoptRoster(session, signed, trusted);
  return 'adopted';
}

/** The roster after every check; a clear error otherwise. */
async function checkedRoster(session: VaultSession, signed: SignedRoster, trusted?: TrustedCoordinator | null): Promise<SignedRoster> {
  const parsed = signedRosterSchema.safeParse(signed);
  if (!parsed.success) throw new ApiFailure('bad_request', `The team roster is malformed: ${parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ').slice(0, 300)}`);
  const problem = await rosterProblem(session, parsed.data, trusted);
  if (problem) throw new ApiFailure('bad_request', `The team roster was refused: ${problem}`);
  return parsed.data;
}

/** Stores a roster version after every check; refuses with a clear error otherwise (nothing written). */
export async function adoptRoster(session: VaultSession, signed: SignedRoster, trusted?: TrustedCoordinator | null): Promise<HeldRoster> {
  const roster = await checkedRoster(session, signed, trusted);
  const versions = [...(await readVersions(session)), roster];
  const { file, key, aad } = sealedAt(session, ROSTER_FILE);
  await writeSealed(file, key, aad, Buffer.from(JSON.stringify({ versions })));
  session.setEnrolment(enrolmentIn(roster.document, session.device.deviceId));
  return { signed: roster, document: roster.document, digest: rosterDigest(roster.document) };
}

/**
 * Signs and stores the next version (coordinator vaults only). `change`
 * gets the current devices and revoked lists (version 1: this vault's own
 * device, enrolled under its actor name) and returns the new ones.
 */
export async function signNextRoster(session: VaultSession, change: (current: Pick<RosterDocument, 'devices' | 'revoked'>) => Pick<RosterDocument, 'devices' | 'revoked'>, now: Date = new Date()): Promise<HeldRoster> {
  if (!(await isCoordinatorVault(session))) throw new ApiFailure('forbidden', 'Only the coordinator vault can change the team roster (this vault has no coordinator key: keys coordinator-init)');
  const held = await readRoster(session);
  const at = now.toISOString();
  const self = { device: session.device.deviceId, publicKey: session.device.publicKey, name: session.settings.actorName, role: 'coordinator', site: '', enrolledAt: at };
  const base = held ? { devices: held.document.devices, revoked: held.document.revoked } : { devices: [self], revoked: [] };
  const next = change(base);
  const document: RosterDocument = {
    format: 'outpost-team-roster',
    version: 1,
    serial: (held?.document.serial ?? 0) + 1,
    issuedAt: at,
    coordinator: { device: session.device.deviceId, publicKey: session.device.publicKey },
    previous: held?.digest ?? null,
    devices: next.devices,
    revoked: next.revoked,
  };
  const signature = session.device.sign(Buffer.from(rosterSigningText(document), 'utf8'));
  return adoptRoster(session, { document, signature });
}

/** A coordinator vault's roster, version 1 created on first use. */
export async function ensureRoster(session: VaultSession): Promise<HeldRoster | null> {
  const held = await readRoster(session);
  if (held || !(await isCoordinatorVault(session))) return held;
  return signNextRoster(session, (current) => current);
}

/** Reads this device's enrolment from the held roster into the session (at unlock): it decides the name the session signs with. */
export async function loadEnrolment(session: VaultSession): Promise<void> {
  const held = await readRoster(session);
  session.setEnrolment(held ? enrolmentIn(held.document, session.device.deviceId) : null);
}
