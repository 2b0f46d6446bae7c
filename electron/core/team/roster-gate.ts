/**
 * The roster check of an import, after the bundle verified and before
 * anything is applied (./FORMAT.md, shared/team/trust-rules.ts): a newer
 * roster the bundle carries is adopted first; then its new events are
 * judged. A refusal rejects the whole bundle; events from devices not on
 * the roster hold it (a copy kept, nothing applied).
 */
import type { HeldBundle, HeldOpenedWith } from '../../../shared/api/roster-schemas';
import type { CaseEvent } from '../../../shared/events/event';
import { fingerprintWords } from '../../../shared/team/fingerprint-words';
import type { SignedRoster } from '../../../shared/team/roster';
import { entryAuthors, judgeEvents } from '../../../shared/team/trust-rules';
import type { VerifiedBundle } from '../bundles/read-bundle';
import { BundleRejected } from '../bundles/rejection';
import type { VaultSession } from '../vault/session';
import { fingerprintOf } from '../vault/store/device-key';
import { holdBundle } from './held-store';
import { offerRoster, readRoster, trustedCoordinator } from './roster-store';

export type GateRequest = { path: string; passphrase?: string | undefined; identityFile?: string | undefined };

const identityOf = (device: string) => ({ device, fingerprint: fingerprintOf(device), words: fingerprintWords(device) });

export const openedWith = (request: GateRequest): HeldOpenedWith => (request.passphrase !== undefined ? 'passphrase' : request.identityFile !== undefined ? 'identity-file' : 'coordinator');

/** Adopts the bundle's roster when it is newer; a forged or conflicting one rejects the bundle. */
export async function takeBundleRoster(session: VaultSession, roster: SignedRoster | undefined): Promise<void> {
  if (!roster || !(await trustedCoordinator(session))) return;
  try {
    await offerRoster(session, roster);
  } catch (error) {
    throw new BundleRejected('damaged', `The bundle was rejected: ${error instanceof Error ? error.message : String(error)}`);
  }
}

/** Null when the bundle may be applied; the held entry when it was kept aside. Throws BundleRejected for a refusal. */
export async function gateBundle(session: VaultSession, request: GateRequest, bundle: VerifiedBundle, now: Date = new Date()): Promise<HeldBundle | null> {
  if (bundle.importedBefore !== null) return null;
  const roster = (await readRoster(session))?.document ?? null;
  const coordinator = (await trustedCoordinator(session))?.device ?? null;
  // A vault in no team (no coordinator key, no team profile) has no roster to go by: it takes bundles as before.
  // Every team member's vault has one, the coordinator's from its first enrolment, a field vault's from the profile.
  if (!roster && !coordinator) return null;
  const arriving: CaseEvent[] = [...bundle.fresh.values()].flat();
  const authors = entryAuthors([...bundle.events.values()].flat());
  for (const caseId of new Set(arriving.filter((e) => e.type === 'entry.retracted').map((e) => e.caseId))) {
    if (session.listCases().some((c) => c.id === caseId)) entryAuthors(await session.caseEvents(caseId), authors);
  }
  const verdict = judgeEvents(arriving, { roster, self: session.device.deviceId, coordinator, authorOf: (_caseId, id) => authors.get(id) });
  if (verdict.refusals.length > 0) throw new BundleRejected('bad_request', `The bundle was refused: ${verdict.refusals.slice(0, 3).join('; ')}${verdict.refusals.length > 3 ? ` (and ${verdict.refusals.length - 3} more)` : ''}`);
  if (verdict.unknownDevices.length === 0) return null;
  const m = bundle.manifest;
  // Their keys go with the held entry, so the coordinator can approve them by fingerprint; the vault's known devices
  // (devices.json) stay as they were: holding a bundle writes nothing but its copy and its listing.
  const keys = new Map(m.devices.map((d) => [d.device, d.publicKey]));
  const cases = m.cases.map((c) => {
    const eventsByType: Record<string, number> = {};
    for (const e of bundle.fresh.get(c.caseId) ?? []) eventsByType[e.type] = (eventsByType[e.type] ?? 0) + 1;
    return { caseId: c.caseId, title: c.title, eventsByType };
  });
  return holdBundle(session, request.path, {
    digest: bundle.manifestSha256,
    receivedAt: now.toISOString(),
    exporter: { ...identityOf(m.exporter.device), actor: m.exporter.actor },
    unknownDevices: verdict.unknownDevices.map((d) => ({ ...identityOf(d), publicKey: keys.get(d) ?? '' })),
    cases,
    openedWith: openedWith(request),
    status: 'held',
    statusAt: now.toISOString(),
  });
}
