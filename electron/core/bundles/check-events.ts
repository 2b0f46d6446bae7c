/**
 * The event-level checks of a bundle, after its bytes were verified: each
 * case file's events (schema, hash, order, chains against the events already
 * here, and the signature of every new event by its own device's key) and
 * the evidence they refer to.
 *
 * Events already here (same id) are not stored again: their copy must carry
 * the same hash, and a copy with the right hash is the very event already
 * checked, so only new events are checked against the stored chains, never
 * the whole case again. In a version 1 bundle every new event's signature is
 * checked (the costly part: ~125 µs each, spread over every core); in
 * version 2 the signed chain heads vouch for them (./chain-heads.ts), and
 * the tips of each device's events are handed on for that check.
 */
import { checkExtension, type ChainProblem } from '../../../shared/events/chain';
import { compareEventOrder, eventHashInput, validateCaseEvent, type CaseEvent } from '../../../shared/events/event';
import { sha256Hex } from '../vault/event-factory';
import type { StoredEvents } from '../vault/session';
import { fingerprintOf } from '../vault/store/device-key';
import { failingSignatures } from '../vault/verify-signatures';
import { tipsOf, type DeviceTip } from './chain-heads';
import type { Manifest } from './manifest';
import { reject } from './rejection';

/** New events per signature batch handed to the workers while parsing goes on. */
const SIGNATURE_BATCH = 1024;

export type CheckedCase = {
  /** Every event of the case file, in file order. */
  events: CaseEvent[];
  /** Those not here yet. */
  fresh: CaseEvent[];
  /** Per device: its number of events in the file and the last of them. */
  tips: Map<string, DeviceTip>;
};

/**
 * Parses and checks a case file at once (the signatures go to worker
 * threads as parsing goes on); the promise settles when the signatures are
 * checked. Nothing here keeps the file's bytes or text while waiting.
 */
export function checkCase(m: Manifest, c: Manifest['cases'][number], bytes: Buffer, stored: StoredEvents | null): Promise<CheckedCase> {
  try {
    const { events, fresh, signatureChecks } = parseCase(m, c, bytes, stored, m.version === 1);
    return settle(events, fresh, signatureChecks);
  } catch (error) {
    return Promise.reject(error instanceof Error ? error : new Error(String(error)));
  }
}

async function settle(events: CaseEvent[], fresh: CaseEvent[], signatureChecks: Promise<CaseEvent[]>[]): Promise<CheckedCase> {
  const failed = (await Promise.all(signatureChecks)).flat();
  const forged = failed[0];
  if (forged) throw reject(`event ${forged.id} does not verify with the key of its device ${fingerprintOf(forged.device)} (altered, or signed by another key)${failed.length > 1 ? `; ${failed.length - 1} more events fail the same way` : ''}`);
  return { events, fresh, tips: tipsOf(events) };
}

type Parsed = { events: CaseEvent[]; fresh: CaseEvent[]; signatureChecks: Promise<CaseEvent[]>[] };

function parseCase(m: Manifest, c: Manifest['cases'][number], bytes: Buffer, stored: StoredEvents | null, eventSignatures: boolean): Parsed {
  const keys = new Map(m.devices.map((d) => [d.device, d.publicKey]));
  const text = bytes.toString('utf8');
  if (text.length > 0 && !text.endsWith('\n')) throw reject(`${c.path} does not end with a complete line`);
  const count = text.length === 0 ? 0 : countLines(text);
  if (count !== c.events) throw reject(`${c.path} holds ${count} events, but the manifest says ${c.events}`);
  const events: CaseEvent[] = [];
  const fresh: CaseEvent[] = [];
  // Signatures are checked on worker threads while the main thread goes on parsing.
  const signatureChecks: Promise<CaseEvent[]>[] = [];
  let sent = 0;
  const sendSignatures = () => {
    if (!eventSignatures) return;
    const batch = fresh.slice(sent);
    sent = fresh.length;
    const checking = failingSignatures(batch.map((e) => ({ publicKey: keys.get(e.device) as string, hash: e.hash, sig: e.sig ?? '' }))).then((failed) => failed.map((i) => batch[i] as CaseEvent));
    checking.catch(() => undefined);
    signatureChecks.push(checking);
  };
  // Line by line without splitting the file first: a second copy of every line would sit in memory beside the evidence streaming in.
  for (let n = 0, start = 0; start < text.length; n++) {
    const end = text.indexOf('\n', start);
    const line = text.slice(start, end);
    start = end + 1;
    const at = `${c.path}, line ${n + 1}`;
    let json: unknown;
    try {
      json = JSON.parse(line);
    } catch {
      throw reject(`${at}, is not JSON`);
    }
    const checked = validateCaseEvent(json);
    if (!checked.ok) throw reject(`${at}, is not a valid event (${checked.issues.map((i) => `${i.path}: ${i.message}`).join('; ').slice(0, 200)})`);
    const event = checked.event;
    if (event.caseId !== c.caseId) throw reject(`${at}, belongs to case ${event.caseId}`);
    if (!keys.has(event.device)) throw reject(`event ${event.id} was written by device ${fingerprintOf(event.device)}, which the manifest does not list`);
    if (sha256Hex(eventHashInput(event)) !== event.hash) throw reject(`event ${event.id} (${at}) does not match its hash (altered)`);
    const previous = events[events.length - 1];
    if (previous && compareEventOrder(previous, event) >= 0) throw reject(`the events of ${c.path} are out of order or repeated at line ${n + 1}`);
    events.push(event);
    const here = stored?.find(event.id);
    if (here && here.hash !== event.hash) throw reject(`event ${event.id} is already here with different content`);
    if (here) continue;
    fresh.push(event);
    if (fresh.length - sent >= SIGNATURE_BATCH) sendSignatures();
  }
  sendSignatures();
  if (!stored && !events.some((e) => e.type === 'case.opened')) {
    throw reject(m.since !== null ? `case ${c.caseId} is not here, and this bundle holds only its changes since ${m.since}: it continues an earlier bundle; import that one first` : `case ${c.caseId} has no opening event`);
  }
  const chains = checkExtension(fresh, stored ?? { byHash: () => undefined, tipOf: () => null }, { caseId: c.caseId });
  const problem = chains.problems[0];
  if (problem) throw reject(`the event chains of case ${c.caseId} are broken: ${describeProblem(problem, m)}`);
  return { events, fresh, signatureChecks };
}

function countLines(text: string): number {
  let lines = 0;
  for (let at = text.indexOf('\n'); at !== -1; at = text.indexOf('\n', at + 1)) lines++;
  return lines;
}

function describeProblem(problem: ChainProblem, m: Manifest): string {
  switch (problem.kind) {
    case 'unknown-prev':
      return m.since !== null
        ? `event ${problem.eventId} follows an event of device ${fingerprintOf(problem.device)} that is not here: this bundle continues an earlier bundle (changes since ${m.since}); import that one first`
        : `event ${problem.eventId} follows an event of device ${fingerprintOf(problem.device)} that is neither in the bundle nor here (an event was removed)`;
    case 'fork':
      return `device ${fingerprintOf(problem.device)} has two events after the same one (a forked chain)`;
    case 'foreign-prev':
      return `event ${problem.eventId} of device ${fingerprintOf(problem.device)} follows an event of another device`;
    case 'clock-regression':
      return `event ${problem.eventId} is dated before the event it follows`;
    case 'duplicate-hash':
      return `two events carry the same hash (${problem.eventIds.join(', ')})`;
    case 'duplicate-id':
      return `event ${problem.eventId} appears twice`;
    case 'wrong-case':
      return `event ${problem.eventId} belongs to case ${problem.caseId}`;
    case 'hash-mismatch':
      return `event ${problem.eventId} does not match its hash`;
    case 'unreachable':
      return `events of device ${fingerprintOf(problem.device)} link to each other in a circle`;
  }
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
