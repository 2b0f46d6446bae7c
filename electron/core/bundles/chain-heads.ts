/**
 * Signed chain heads (bundle format version 2, ./FORMAT.md). The events of
 * a device in a case form a hash chain (each event's hash covers its
 * `prev`), so one valid signature on the newest event of the chain vouches
 * for every event before it: the importer recomputes hashes and links
 * (microseconds each) and checks one signature per device per bundle,
 * instead of one per event (~115 µs each).
 *
 * The exporter signs the heads of its own device. For the events of other
 * devices it forwards (a coordinator re-exporting a merged case) it cannot:
 * `sig` is then null and the head event's own signature (over its hash,
 * which also covers the chain) is checked instead, once per device per case.
 */
import { canonicalJson } from '../../../shared/events/canonical';
import type { CaseEvent } from '../../../shared/events/event';
import { fingerprintOf, verifyEd25519 } from '../vault/store/device-key';
import type { Manifest } from './manifest';
import { reject } from './rejection';

/** Separates head signatures from event signatures (a raw 32-byte hash) and manifest signatures (JSON text). */
export const HEADS_CONTEXT = 'outpost-chain-heads/v1\n';

export type ChainHeads = NonNullable<Manifest['heads']>[number];
export type CaseHead = ChainHeads['cases'][number];

/** The exact bytes a device signs for its heads. */
export function headsMessage(device: string, cases: readonly CaseHead[]): Buffer {
  return Buffer.from(HEADS_CONTEXT + canonicalJson({ device, cases }), 'utf8');
}

/** One device's events in one case file: how many, and the last in file order (the tip, as chains are linear and clocks rise along them). */
export type DeviceTip = { events: number; last: CaseEvent };

/** Per case id, per device: the tips of the case files (see `tipsOf`). */
export type BundleTips = ReadonlyMap<string, ReadonlyMap<string, DeviceTip>>;

/** The heads an exporter writes: per device, the tip of its chain in each case; `sign` for its own device only. */
export function buildHeads(cases: ReadonlyArray<{ caseId: string; events: readonly CaseEvent[] }>, own: { device: string; sign: (bytes: Uint8Array) => string }): ChainHeads[] {
  const byDevice = new Map<string, CaseHead[]>();
  for (const c of cases) {
    for (const [device, tip] of tipsOf(c.events)) {
      const list = byDevice.get(device) ?? [];
      list.push({ caseId: c.caseId, hash: tip.last.hash, events: tip.events });
      byDevice.set(device, list);
    }
  }
  return [...byDevice.keys()].sort().map((device) => {
    const list = byDevice.get(device) as CaseHead[];
    return { device, cases: list, sig: device === own.device ? own.sign(headsMessage(device, list)) : null };
  });
}

export function tipsOf(events: readonly CaseEvent[]): Map<string, DeviceTip> {
  const tips = new Map<string, DeviceTip>();
  for (const e of events) {
    const tip = tips.get(e.device);
    if (tip) {
      tip.events++;
      tip.last = e;
    } else tips.set(e.device, { events: 1, last: e });
  }
  return tips;
}

/**
 * Checks a version 2 bundle's heads against its case files, after each case
 * passed its hash and chain checks (so each device's events in a case lie
 * on one linear chain): every device with events in a case has exactly one
 * head there, naming its last event and its number of events; the device's
 * fresh events are all reached from that head through `prev`; and the head
 * is vouched for by one signature: the device's over its heads, or, when
 * the exporter forwarded them unsigned, the head event's own.
 */
export function checkHeads(m: Manifest, tips: BundleTips, fresh: ReadonlyMap<string, readonly CaseEvent[]>): void {
  const heads = m.heads ?? [];
  const keys = new Map(m.devices.map((d) => [d.device, d.publicKey]));
  const named = new Set<string>();
  for (const group of heads) {
    if (!keys.has(group.device)) throw reject(`the manifest names chain heads of device ${fingerprintOf(group.device)}, which it does not list`);
    let hasFresh = false;
    for (const head of group.cases) {
      const slot = `${head.caseId} ${group.device}`;
      if (named.has(slot)) throw reject(`the manifest names two chain heads of device ${fingerprintOf(group.device)} in case ${head.caseId}`);
      named.add(slot);
      const tip = tips.get(head.caseId)?.get(group.device);
      if (!tip) throw reject(`the manifest names a chain head of device ${fingerprintOf(group.device)} in case ${head.caseId}, which has no events of that device in the bundle`);
      if (tip.last.hash !== head.hash) throw reject(`the chain head of device ${fingerprintOf(group.device)} in case ${head.caseId} is not the last of its events in the bundle (events after the signed head, or a head that is not in the bundle)`);
      if (tip.events !== head.events) throw reject(`the chain head of device ${fingerprintOf(group.device)} in case ${head.caseId} counts ${head.events} events, but the bundle holds ${tip.events}`);
      const mine = (fresh.get(head.caseId) ?? []).filter((e) => e.device === group.device);
      if (mine.length === 0) continue;
      hasFresh = true;
      checkReached(mine, tip.last, head.caseId);
      if (group.sig === null && !verifyEd25519(keys.get(group.device) as string, Buffer.from(tip.last.hash, 'hex'), tip.last.sig ?? '')) {
        throw reject(`the chain head of device ${fingerprintOf(group.device)} in case ${head.caseId} (event ${tip.last.id}) does not verify with the key of its device (altered, or signed by another key)`);
      }
    }
    // Nothing new of this device: its events are the very ones already checked here, and need no signature.
    if (hasFresh && group.sig !== null && !verifyEd25519(keys.get(group.device) as string, headsMessage(group.device, group.cases), group.sig)) {
      throw reject(`the chain heads of device ${fingerprintOf(group.device)} do not verify with its key (altered, or signed by another key)`);
    }
  }
  for (const [caseId, devices] of tips) {
    for (const device of devices.keys()) if (!named.has(`${caseId} ${device}`)) throw reject(`the manifest names no chain head for the events of device ${fingerprintOf(device)} in case ${caseId}`);
  }
}

/** Every fresh event of the device must lie under the head: walked from it through `prev`, among the fresh events. */
function checkReached(mine: readonly CaseEvent[], head: CaseEvent, caseId: string): void {
  const byHash = new Map(mine.map((e) => [e.hash, e]));
  let reached = 0;
  for (let at: CaseEvent | undefined = byHash.get(head.hash); at; at = at.prev === null ? undefined : byHash.get(at.prev)) {
    reached++;
    // A circle (only forged hashes could make one) must not loop forever.
    if (reached > mine.length) break;
  }
  if (reached !== mine.length) throw reject(`${mine.length - reached} new events of device ${fingerprintOf(head.device)} in case ${caseId} are not under its chain head`);
}
