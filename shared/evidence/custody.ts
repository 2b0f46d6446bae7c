/**
 * An item's chain of custody as one unbroken list, in the order things
 * happened (`at`, then the order the events were written), with the holder
 * after each entry and every problem flagged where it shows:
 *
 * - `gap`: someone hands the item over who, by the record, did not hold it;
 *   a transfer to them is missing.
 * - `two-holders`: someone hands the item over again after already handing
 *   it to someone else, so two people would hold it at once.
 * - `time-backwards`: an entry dated before the item was collected, or a
 *   hand-over dated before the giver received the item.
 * - `future`: an entry dated well after the moment it was recorded.
 *
 * Retracted entries stay in the list (marked) but no longer count.
 * Names are compared without regard to case and repeated spaces.
 */
import type { Retraction } from '../events/fold';
import type { VerificationResult } from './evidence-payloads';

export type CustodyEntryKind = 'collected' | 'transferred' | 'accessed' | 'attached' | 'verified' | 'exported' | 'intake-stopped';
export type CustodyFlagKind = 'gap' | 'two-holders' | 'time-backwards' | 'future';
export type CustodyFlag = { kind: CustodyFlagKind; message: string };

export type CustodyEntry = {
  /** The event that recorded it (for `collected`: the registration). */
  eventId: string;
  kind: CustodyEntryKind;
  /** When it happened, as entered (RFC 3339 with offset). */
  at: string;
  /** When it was written down (UTC, from the event's clock), by whom, on which device. */
  recordedAt: string;
  recordedBy: string;
  device: string;
  /** Who holds the item after this entry. */
  holder: string;
  from?: string;
  to?: string;
  by?: string;
  place?: string;
  purpose?: string;
  condition?: string;
  fileId?: string;
  fileName?: string;
  result?: VerificationResult;
  detail?: string;
  retracted?: Retraction;
  flags: CustodyFlag[];
};

/** An entry before the walk: everything but the holder and the flags. */
export type RawCustodyEntry = Omit<CustodyEntry, 'holder' | 'flags'> & { order: number };

/** Entries dated this long after they were recorded are flagged. */
const FUTURE_TOLERANCE_MS = 10 * 60_000;

export function personKey(name: string): string {
  return name.normalize('NFC').trim().replace(/\s+/g, ' ').toLowerCase();
}

export function chainOfCustody(collectedBy: string, collectedAt: string, raw: readonly RawCustodyEntry[]): CustodyEntry[] {
  const entries = [...raw].sort((a, b) => Date.parse(a.at) - Date.parse(b.at) || a.order - b.order);
  const collectedMs = Date.parse(collectedAt);
  let holder = collectedBy;
  /** People who handed the item over, and to whom, when. */
  const gaveAway = new Map<string, { to: string; at: string }>();
  const out: CustodyEntry[] = [];
  entries.forEach((entry, index) => {
    const { order: _order, ...rest } = entry;
    const flags: CustodyFlag[] = [];
    const atMs = Date.parse(entry.at);
    if (entry.kind !== 'collected' && atMs < collectedMs) {
      flags.push({ kind: 'time-backwards', message: `Dated ${entry.at}, before the item was collected (${collectedAt})` });
    }
    if (atMs - Date.parse(entry.recordedAt) > FUTURE_TOLERANCE_MS) {
      flags.push({ kind: 'future', message: `Dated ${entry.at}, after it was recorded (${entry.recordedAt})` });
    }
    if (entry.kind === 'collected' && !entry.retracted) {
      holder = collectedBy;
    }
    if (entry.kind === 'transferred' && !entry.retracted && entry.from !== undefined && entry.to !== undefined) {
      const from = personKey(entry.from);
      if (from !== personKey(holder)) flags.push(mismatch(entry, holder, gaveAway.get(from), entries.slice(index + 1)));
      gaveAway.set(from, { to: entry.to, at: entry.at });
      gaveAway.delete(personKey(entry.to));
      holder = entry.to;
    }
    out.push({ ...rest, holder, flags });
  });
  return out;
}

function mismatch(entry: RawCustodyEntry, holder: string, earlier: { to: string; at: string } | undefined, later: readonly RawCustodyEntry[]): CustodyFlag {
  const from = entry.from ?? '';
  if (earlier) {
    return {
      kind: 'two-holders',
      message: `${from} hands the item to ${entry.to ?? ''}, but had already handed it to ${earlier.to} at ${earlier.at}: ${holder} and ${entry.to ?? ''} would both hold it`,
    };
  }
  const receivedLater = later.find((e) => e.kind === 'transferred' && !e.retracted && personKey(e.to ?? '') === personKey(from));
  if (receivedLater) {
    return {
      kind: 'time-backwards',
      message: `${from} hands the item over at ${entry.at}, but only receives it at ${receivedLater.at}`,
    };
  }
  return {
    kind: 'gap',
    message: `${from} hands the item over, but by the record ${holder} held it: the transfer from ${holder} to ${from} is missing`,
  };
}
