/**
 * The team bulletin held by a vault (shared/team/bulletin.ts), sealed in
 * `bulletin.json` under the data key: the coordinator's latest signed
 * bulletin and every signed acknowledgement of its alerts known here (this
 * device's own, and those that came in bundles, passed on in turn). A bulletin is taken
 * only when the trusted coordinator signed it and its serial is newer; an
 * older one is ignored (a replay must not bring back what was withdrawn).
 */
import { randomUUID } from 'node:crypto';
import { z } from 'zod';
import { ApiFailure } from '../../../shared/api/errors';
import type { Playbook } from '../../../shared/playbooks/model';
import { ackSigningText, alertAckSchema, bulletinSigningText, MAX_ALERTS, MAX_PLAYBOOKS, signedBulletinSchema, type AlertAck, type AlertSeverity, type BulletinDocument, type SignedBulletin, type TeamAlert } from '../../../shared/team/bulletin';
import { sealedAt } from '../bundles/key-store';
import { libraryFor } from '../playbooks/library';
import type { VaultSession } from '../vault/session';
import { fingerprintOf, verifyEd25519 } from '../vault/store/device-key';
import { readSealed, writeSealed } from '../vault/store/sealed-file';
import { isCoordinatorVault, readRoster, trustedCoordinator } from './roster-store';

export const BULLETIN_FILE = 'bulletin.json';

const stateSchema = z.strictObject({
  bulletin: signedBulletinSchema.nullable(),
  /** Every signed acknowledgement known here, this device's own among them, for alerts of the bulletin. */
  acks: z.array(alertAckSchema).max(100_000),
});
type BulletinState = z.infer<typeof stateSchema>;

export async function readBulletinState(session: VaultSession): Promise<BulletinState> {
  const { file, key, aad } = sealedAt(session, BULLETIN_FILE);
  const bytes = await readSealed(file, key, aad);
  if (!bytes) return { bulletin: null, acks: [] };
  const parsed = stateSchema.safeParse(JSON.parse(bytes.toString('utf8')));
  if (!parsed.success) throw new ApiFailure('damaged', `${file} does not hold the team bulletin`);
  return parsed.data;
}

async function write(session: VaultSession, state: BulletinState): Promise<void> {
  const { file, key, aad } = sealedAt(session, BULLETIN_FILE);
  await writeSealed(file, key, aad, Buffer.from(JSON.stringify(stateSchema.parse(state)), 'utf8'));
}

/** Coordinator only: signs and keeps the next bulletin, `change` applied to the alerts and playbooks of the current one. */
async function signNext(session: VaultSession, change: (current: Pick<BulletinDocument, 'alerts' | 'playbooks'>) => Pick<BulletinDocument, 'alerts' | 'playbooks'>, now: Date): Promise<void> {
  if (!(await isCoordinatorVault(session))) throw new ApiFailure('forbidden', 'Only the coordinator vault sends team alerts and publishes playbooks to the team');
  const state = await readBulletinState(session);
  const next = change({ alerts: state.bulletin?.document.alerts ?? [], playbooks: state.bulletin?.document.playbooks ?? [] });
  const document: BulletinDocument = {
    format: 'outpost-team-bulletin',
    version: 1,
    serial: (state.bulletin?.document.serial ?? 0) + 1,
    issuedAt: now.toISOString(),
    coordinator: { device: session.device.deviceId, publicKey: session.device.publicKey },
    alerts: next.alerts.slice(-MAX_ALERTS),
    playbooks: next.playbooks.slice(-MAX_PLAYBOOKS),
  };
  state.bulletin = { document, signature: session.device.sign(Buffer.from(bulletinSigningText(document), 'utf8')) };
  await write(session, state);
}

/** Coordinator only: one more alert for the team (the oldest drop off past MAX_ALERTS). */
export async function publishAlert(session: VaultSession, input: { severity: AlertSeverity; title: string; text: string }, now = new Date()): Promise<TeamAlert> {
  const alert: TeamAlert = { id: randomUUID(), severity: input.severity, title: input.title.trim(), text: input.text, issuedAt: now.toISOString() };
  await signNext(session, (current) => ({ ...current, alerts: [...current.alerts, alert] }), now);
  return alert;
}

/** Coordinator only: a playbook version for every field library (it replaces an earlier version of the same playbook in the bulletin). */
export async function publishPlaybook(session: VaultSession, playbook: Playbook, now = new Date()): Promise<void> {
  await signNext(session, (current) => ({ ...current, playbooks: [...current.playbooks.filter((p) => p.id !== playbook.id), playbook] }), now);
}

/**
 * Takes a bulletin that came in a bundle when it is newer than the one held;
 * throws when it claims the trusted coordinator but its signature does not
 * verify (the bundle is then refused whole, as for a forged roster).
 */
export async function offerBulletin(session: VaultSession, signed: SignedBulletin | undefined): Promise<void> {
  if (!signed) return;
  const trusted = await trustedCoordinator(session);
  if (!trusted || signed.document.coordinator.device !== trusted.device) return;
  if (signed.document.coordinator.publicKey !== trusted.publicKey || !verifyEd25519(trusted.publicKey, Buffer.from(bulletinSigningText(signed.document), 'utf8'), signed.signature)) {
    throw new Error(`the team bulletin does not verify with the coordinator key ${fingerprintOf(trusted.device)} (forged or altered)`);
  }
  const state = await readBulletinState(session);
  if (signed.document.serial <= (state.bulletin?.document.serial ?? 0)) return;
  state.bulletin = signed;
  await write(session, state);
  // Published playbook versions go into the library: attached checklists then show that a newer version is there.
  for (const playbook of signed.document.playbooks) await libraryFor(session).receive(playbook);
}

export async function acknowledgeAlert(session: VaultSession, alertId: string, now = new Date()): Promise<void> {
  const state = await readBulletinState(session);
  if (!state.bulletin?.document.alerts.some((a) => a.id === alertId)) throw new ApiFailure('not_found', 'There is no such alert');
  const device = session.device.deviceId;
  if (state.acks.some((a) => a.alertId === alertId && a.device === device)) return;
  const ack = { alertId, device, at: now.toISOString() };
  state.acks.push({ ...ack, signature: session.device.sign(Buffer.from(ackSigningText(ack), 'utf8')) });
  await write(session, state);
}

/** Every acknowledgement known here, for the manifests this device signs. */
export async function knownAcks(session: VaultSession): Promise<AlertAck[]> {
  return (await readBulletinState(session)).acks;
}

/**
 * Keeps the acknowledgements that came in a bundle, for alerts of the
 * bulletin held here, each checked against its device's key on the roster;
 * one that does not verify is dropped (it proves nothing), the bundle stays.
 */
export async function recordAcks(session: VaultSession, acks: readonly AlertAck[] | undefined): Promise<void> {
  if (!acks || acks.length === 0) return;
  const [state, roster] = await Promise.all([readBulletinState(session), readRoster(session)]);
  const alerts = new Set(state.bulletin?.document.alerts.map((a) => a.id) ?? []);
  const keys = new Map((roster?.document.devices ?? []).map((d) => [d.device, d.publicKey]));
  const seen = new Set(state.acks.map((a) => `${a.device}/${a.alertId}`));
  let changed = false;
  for (const ack of acks) {
    const key = keys.get(ack.device);
    if (!alerts.has(ack.alertId) || seen.has(`${ack.device}/${ack.alertId}`) || !key) continue;
    if (!verifyEd25519(key, Buffer.from(ackSigningText(ack), 'utf8'), ack.signature)) continue;
    state.acks.push(ack);
    seen.add(`${ack.device}/${ack.alertId}`);
    changed = true;
  }
  if (changed) await write(session, state);
}
