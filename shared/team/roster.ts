/**
 * The team roster (issue 11): which devices belong to the team, signed by the
 * coordinator vault's device key. Pure: the schema, the canonical text that
 * is signed, and the acceptance rules; signing and storage are in
 * electron/core/team/. Format in electron/core/team/FORMAT.md.
 *
 * The signature is Ed25519 over ROSTER_CONTEXT + canonicalRoster(document)
 * (UTF-8). The context prefix keeps a roster signature from ever being
 * mistaken for an event, manifest or join-request signature.
 */
import { z } from 'zod';

export const ROSTER_FORMAT = 'outpost-team-roster';
export const ROSTER_CONTEXT = 'outpost-roster/v1\n';

export const hex64 = z.string().regex(/^[0-9a-f]{64}$/, 'not 64 lower-case hex digits');
export const base64Key = z.string().regex(/^[A-Za-z0-9+/]{43}=$/, 'not a base64 Ed25519 public key');
export const base64Sig = z.string().regex(/^[A-Za-z0-9+/]{86}==$/, 'not a base64 Ed25519 signature');
const time = z.string().min(1).max(64);

/** What every document the coordinator signs for the team starts with (the roster, the bulletin). */
export const coordinatorIssued = <F extends string>(format: F) => ({
  format: z.literal(format),
  version: z.literal(1),
  serial: z.number().int().min(1).max(Number.MAX_SAFE_INTEGER),
  issuedAt: time,
  coordinator: z.strictObject({ device: hex64, publicKey: base64Key }),
});
const label = z.string().max(200);
export const ageRecipient = z.string().regex(/^age1[0-9a-z]{20,200}$/, 'Not an age recipient (age1…)');

export const rosterDeviceSchema = z.strictObject({
  device: hex64,
  publicKey: base64Key,
  name: label,
  role: label,
  site: label,
  recipient: ageRecipient.optional(),
  enrolledAt: time,
});
export type RosterDevice = z.infer<typeof rosterDeviceSchema>;

export const revokedDeviceSchema = z.strictObject({
  device: hex64,
  publicKey: base64Key,
  name: label,
  revokedAt: time,
  reason: z.string().max(2000),
});
export type RevokedDevice = z.infer<typeof revokedDeviceSchema>;

export const rosterDocumentSchema = z.strictObject({
  ...coordinatorIssued(ROSTER_FORMAT),
  /** SHA-256 (hex) of the previous version's signed bytes; null for serial 1. */
  previous: hex64.nullable(),
  devices: z.array(rosterDeviceSchema).max(100_000),
  revoked: z.array(revokedDeviceSchema).max(100_000),
});
export type RosterDocument = z.infer<typeof rosterDocumentSchema>;

export const signedRosterSchema = z.strictObject({ document: rosterDocumentSchema, signature: base64Sig });
export type SignedRoster = z.infer<typeof signedRosterSchema>;

/**
 * The exact text that is signed: keys in a fixed order (the schema's), no
 * white space. Rebuilding the object makes the text independent of the key
 * order in which a file happened to arrive.
 */
export function canonicalRoster(d: RosterDocument): string {
  const device = (x: RosterDevice) => ({ device: x.device, publicKey: x.publicKey, name: x.name, role: x.role, site: x.site, ...(x.recipient === undefined ? {} : { recipient: x.recipient }), enrolledAt: x.enrolledAt });
  const revoked = (x: RevokedDevice) => ({ device: x.device, publicKey: x.publicKey, name: x.name, revokedAt: x.revokedAt, reason: x.reason });
  return JSON.stringify({
    format: d.format,
    version: d.version,
    serial: d.serial,
    issuedAt: d.issuedAt,
    coordinator: { device: d.coordinator.device, publicKey: d.coordinator.publicKey },
    previous: d.previous,
    devices: d.devices.map(device),
    revoked: d.revoked.map(revoked),
  });
}

export const rosterSigningText = (d: RosterDocument) => ROSTER_CONTEXT + canonicalRoster(d);

/** Where a device stands on a roster. */
export type Standing = { kind: 'enrolled'; entry: RosterDevice } | { kind: 'revoked'; entry: RevokedDevice } | { kind: 'unknown' };

export function standingOf(d: RosterDocument, device: string): Standing {
  const entry = d.devices.find((x) => x.device === device);
  if (entry) return { kind: 'enrolled', entry };
  const gone = d.revoked.find((x) => x.device === device);
  return gone ? { kind: 'revoked', entry: gone } : { kind: 'unknown' };
}

/**
 * Why a newer roster may not replace the held one (null: it may), before
 * its signature is checked. Older or equal serials are refused: a replayed
 * version must never undo a revocation. A gap (serial > held + 1) is taken
 * when signed, since a field vault may miss versions between two syncs; the
 * `previous` link is checked only for the direct successor.
 */
export function successionProblem(held: { document: RosterDocument; digest: string } | null, next: RosterDocument): string | null {
  if (next.serial === 1 && next.previous !== null) return 'roster version 1 must not name a previous version';
  if (next.serial > 1 && next.previous === null) return `roster version ${next.serial} names no previous version`;
  if (held === null) return null;
  const h = held.document;
  if (next.coordinator.device !== h.coordinator.device) return 'the roster names another coordinator device than the one this vault trusts';
  if (next.serial < h.serial) return `roster version ${next.serial} is older than the version ${h.serial} held here (a replayed roster)`;
  if (next.serial === h.serial) return `roster version ${next.serial} is already held here with other content`;
  if (next.serial === h.serial + 1 && next.previous !== held.digest) return `roster version ${next.serial} does not follow version ${h.serial} held here (its previous digest differs)`;
  return null;
}
