/**
 * The event-level checks of a bundle, after its bytes were verified: each
 * case file's events (schema, hash, author's signature, order, chains
 * against the events already here) and the evidence they refer to.
 */
import { checkChains } from '../../../shared/events/chain';
import { compareEventOrder, validateCaseEvent, type CaseEvent } from '../../../shared/events/event';
import { eventIsAuthentic } from '../vault/event-factory';
import type { VaultSession } from '../vault/session';
import { fingerprintOf } from '../vault/store/device-key';
import type { Manifest } from './manifest';
import { reject } from './rejection';

export async function checkCase(m: Manifest, c: Manifest['cases'][number], bytes: Buffer, session: VaultSession | null): Promise<CaseEvent[]> {
  const keys = new Map(m.devices.map((d) => [d.device, d.publicKey]));
  const text = bytes.toString('utf8');
  if (text.length > 0 && !text.endsWith('\n')) throw reject(`${c.path} does not end with a complete line`);
  const lines = text.length === 0 ? [] : text.slice(0, -1).split('\n');
  if (lines.length !== c.events) throw reject(`${c.path} holds ${lines.length} events, but the manifest says ${c.events}`);
  const events: CaseEvent[] = [];
  for (const [n, line] of lines.entries()) {
    let json: unknown;
    try {
      json = JSON.parse(line);
    } catch {
      throw reject(`${c.path}, line ${n + 1}, is not JSON`);
    }
    const checked = validateCaseEvent(json);
    if (!checked.ok) throw reject(`${c.path}, line ${n + 1}, is not a valid event (${checked.issues.map((i) => `${i.path}: ${i.message}`).join('; ').slice(0, 200)})`);
    const event = checked.event;
    if (event.caseId !== c.caseId) throw reject(`${c.path}, line ${n + 1}, belongs to case ${event.caseId}`);
    const key = keys.get(event.device);
    if (!key) throw reject(`event ${event.id} was written by device ${fingerprintOf(event.device)}, which the manifest does not list`);
    if (!eventIsAuthentic(event, key)) throw reject(`event ${event.id} (${c.path}, line ${n + 1}) does not verify with the key of its device ${fingerprintOf(event.device)} (altered, or signed by another key)`);
    const previous = events[events.length - 1];
    if (previous && compareEventOrder(previous, event) >= 0) throw reject(`the events of ${c.path} are out of order or repeated at line ${n + 1}`);
    events.push(event);
  }
  if (!events.some((e) => e.type === 'case.opened')) throw reject(`case ${c.caseId} has no opening event`);
  let all: readonly CaseEvent[] = events;
  if (session && session.listCases().some((k) => k.id === c.caseId)) {
    const here = await session.caseEvents(c.caseId);
    const byId = new Map(here.map((e) => [e.id, e]));
    for (const event of events) {
      const had = byId.get(event.id);
      if (had && had.hash !== event.hash) throw reject(`event ${event.id} is already here with different content`);
    }
    all = [...here, ...events.filter((e) => !byId.has(e.id))];
  }
  const report = checkChains(all, { caseId: c.caseId });
  if (!report.ok) {
    const problem = report.problems[0];
    const detail =
      problem?.kind === 'unknown-prev'
        ? `event ${problem.eventId} follows an event of device ${fingerprintOf(problem.device)} that is not in the bundle (an event was removed)`
        : problem?.kind === 'fork'
          ? `device ${fingerprintOf(problem.device)} has two events after the same one (a forked chain)`
          : `${problem?.kind ?? 'a problem'} in the event chains`;
    throw reject(`the event chains of case ${c.caseId} are broken: ${detail}`);
  }
  return events;
}

export function checkEvidence(m: Manifest, events: ReadonlyMap<string, CaseEvent[]>): void {
  const present = new Map(m.parts.filter((p) => p.path.startsWith('blobs/')).map((p) => [p.sha256, p.size]));
  const referenced = new Set<string>();
  for (const list of events.values()) {
    for (const e of list) {
      if (e.type !== 'evidence.file.attached') continue;
      const size = present.get(e.payload.sha256);
      if (size === undefined) throw reject(`the evidence file ${e.payload.name} (SHA-256 ${e.payload.sha256}) is missing from the bundle`);
      if (size !== e.payload.size) throw reject(`the evidence file ${e.payload.name} has ${size} bytes in the bundle, but ${e.payload.size} were recorded`);
      referenced.add(e.payload.sha256);
    }
  }
  for (const sha of present.keys()) if (!referenced.has(sha)) throw reject(`the evidence file blobs/${sha} belongs to no event of the bundle`);
}
