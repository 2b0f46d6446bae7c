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
import { compareEventOrder, type CaseEvent } from '../../../shared/events/event';
import type { StoredEvents } from '../vault/session';
import { fingerprintOf } from '../vault/store/device-key';
import { failingSignatures } from '../vault/verify-signatures';
import { tipsOf, type DeviceTip } from './chain-heads';
import { checkEventLines, type LineProblem } from './event-lines';
import { checkLinesInParallel } from './event-lines-pool';
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
  /** The JSON text each fresh event arrived as (checked: it parses to that very event), so storing it needs no second encoding. */
  arrivedAs: Map<CaseEvent, string>;
};

/**
 * Parses and checks a case file at once. What a line can be checked for on
 * its own (JSON, schema, case, hash: ./event-lines.ts) runs on worker
 * threads for a big file while this thread reads the same lines for what
 * needs the vault; signatures (version 1) go to workers too. The promise
 * settles when all of it is done; the first failing line is reported.
 * Nothing here keeps the file's bytes or text while waiting.
 */
function blobBytesOf(m: Manifest): number {
  return m.parts.reduce((sum, p) => (p.path.startsWith('blobs/') ? sum + p.size : sum), 0);
}

export function checkCase(m: Manifest, c: Manifest['cases'][number], bytes: Buffer, stored: StoredEvents | null): Promise<CheckedCase> {
  try {
    const text = bytes.toString('utf8');
    if (text.length > 0 && !text.endsWith('\n')) throw reject(`${c.path} does not end with a complete line`);
    const count = text.length === 0 ? 0 : countLines(text);
    if (count !== c.events) throw reject(`${c.path} holds ${count} events, but the manifest says ${c.events}`);
    const { workers, ownShare } = checkLinesInParallel({ text, firstLine: 1, caseId: c.caseId, path: c.path }, { alongside: blobBytesOf(m) });
    workers.catch(() => undefined);
    const read = readCase(m, c, text, stored, m.version === 1);
    const own = ownShare ? checkEventLines(ownShare) : null;
    return settle(workers.then((found) => found ?? own), read);
  } catch (error) {
    return Promise.reject(error instanceof Error ? error : new Error(String(error)));
  }
}

async function settle(verdict: Promise<LineProblem | null>, read: Read): Promise<CheckedCase> {
  const lineProblem = await verdict;
  if (lineProblem && (read.problem === null || lineProblem.line <= read.problem.line)) throw reject(lineProblem.message);
  if (read.problem) throw reject(read.problem.message);
  // Every line is a valid event of the case from here on: what was found across them counts.
  if (read.across instanceof Error) throw read.across;
  const failed = (await Promise.all(read.signatureChecks)).flat();
  const forged = failed[0];
  if (forged) throw reject(`event ${forged.id} does not verify with the key of its device ${fingerprintOf(forged.device)} (altered, or signed by another key)${failed.length > 1 ? `; ${failed.length - 1} more events fail the same way` : ''}`);
  return { events: read.events, fresh: read.fresh, tips: tipsOf(read.events), arrivedAs: read.arrivedAs };
}

/**
 * What this thread finds: the events, the first line that fails a check
 * needing more than the line, and the checks across lines (opening event,
 * chains), or the error they raised. The lines are not validated yet (the
 * verdict on them comes separately), so anything a malformed line makes
 * fail is only noted at that line: the verdict then names it properly.
 */
type Read = { events: CaseEvent[]; fresh: CaseEvent[]; arrivedAs: Map<CaseEvent, string>; signatureChecks: Promise<CaseEvent[]>[]; problem: LineProblem | null; across: Error | null };

function readCase(m: Manifest, c: Manifest['cases'][number], text: string, stored: StoredEvents | null, eventSignatures: boolean): Read {
  const keys = new Map(m.devices.map((d) => [d.device, d.publicKey]));
  const events: CaseEvent[] = [];
  const fresh: CaseEvent[] = [];
  const arrivedAs = new Map<CaseEvent, string>();
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
  const found = (problem: LineProblem | null): Read => ({ events, fresh, arrivedAs, signatureChecks, problem, across: null });
  // Line by line without splitting the file first: a second copy of every line would sit in memory beside the evidence streaming in.
  for (let n = 1, start = 0; start < text.length; n++) {
    const end = text.indexOf('\n', start);
    const line = text.slice(start, end);
    start = end + 1;
    try {
      const event = JSON.parse(line) as CaseEvent;
      if (!keys.has(event.device)) return found({ line: n, message: `event ${event.id} was written by device ${fingerprintOf(event.device)}, which the manifest does not list` });
      const previous = events[events.length - 1];
      if (previous && compareEventOrder(previous, event) >= 0) return found({ line: n, message: `the events of ${c.path} are out of order or repeated at line ${n}` });
      events.push(event);
      const here = stored?.find(event.id);
      if (here && here.hash !== event.hash) return found({ line: n, message: `event ${event.id} is already here with different content` });
      if (here) continue;
      fresh.push(event);
      arrivedAs.set(event, line);
      if (fresh.length - sent >= SIGNATURE_BATCH) sendSignatures();
    } catch {
      return found({ line: n, message: `${c.path}, line ${n}, is not a valid event` });
    }
  }
  sendSignatures();
  let across: Error | null = null;
  try {
    checkAcross(m, c, events, fresh, stored);
  } catch (error) {
    across = error instanceof Error ? error : new Error(String(error));
  }
  return { events, fresh, arrivedAs, signatureChecks, problem: null, across };
}

/** The checks across the lines: an opening event for a case not here yet, and the chains of the new events. */
function checkAcross(m: Manifest, c: Manifest['cases'][number], events: readonly CaseEvent[], fresh: readonly CaseEvent[], stored: StoredEvents | null): void {
  if (!stored && !events.some((e) => e.type === 'case.opened')) {
    throw reject(m.since !== null ? `case ${c.caseId} is not here, and this bundle holds only its changes since ${m.since}: it continues an earlier bundle; import that one first` : `case ${c.caseId} has no opening event`);
  }
  const chains = checkExtension(fresh, stored ?? { byHash: () => undefined, tipOf: () => null }, { caseId: c.caseId });
  const problem = chains.problems[0];
  if (problem) throw reject(`the event chains of case ${c.caseId} are broken: ${describeProblem(problem, m)}`);
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
