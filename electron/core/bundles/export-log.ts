/**
 * What each export to a coordinator sent, so that the next export can hold
 * only what changed since (./FORMAT.md, `since`). One sealed file of the
 * vault, `export-log.json` (sealed like ./key-store.ts's files):
 *
 *   {"version":1,"coordinators":{"<sorted recipients, comma-joined>":
 *     {"recipients":[…],"lastExportAt":"<ISO>",
 *      "cases":{"<caseId>":{"<deviceId>":"<hash of that device's last event sent>"}},
 *      "seen":{"<caseId>":{"events":<count>,"updatedAt":"<ISO>"}},
 *      "blobs":["<sha256 of every evidence file sent>", …]}}}
 *
 * Keyed by the recipient list because that is all an export knows of its
 * coordinator; exports to a passphrase are not recorded. A device's events
 * in a case form a chain, so "its last event sent" says exactly which of
 * them went out: all up to that one.
 *
 * `seen` (absent in logs written before it) is the size and latest change
 * of the newest snapshot of each case an export read. A case only grows, so
 * one that still has as many events and the same latest change holds no
 * new event: asking what changed need not read its journal.
 *
 * Updated only after a bundle file is complete and in place, one update at a
 * time per vault; an update merges with what is there (two exports that ran
 * side by side both count), never moving a device back along its chain.
 */
import { z } from 'zod';
import { ApiFailure } from '../../../shared/api/errors';
import type { CaseEvent } from '../../../shared/events/event';
import { hlcToIso } from '../../../shared/events/hlc';
import type { VaultSession } from '../vault/session';
import { readSealed, writeSealed } from '../vault/store/sealed-file';
import { sealedAt } from './key-store';

const LOG_FILE = 'export-log.json';

const hex64 = z.string().regex(/^[0-9a-f]{64}$/);
const coordinatorSchema = z.strictObject({
  recipients: z.array(z.string()).min(1),
  lastExportAt: z.string(),
  cases: z.record(z.string(), z.record(hex64, hex64)),
  seen: z.record(z.string(), z.strictObject({ events: z.int().min(0), updatedAt: z.string() })).optional(),
  blobs: z.array(hex64),
});
const logSchema = z.strictObject({ version: z.literal(1), coordinators: z.record(z.string(), coordinatorSchema) });

export type ExportRecord = z.infer<typeof coordinatorSchema>;
type ExportLog = z.infer<typeof logSchema>;

/** The recipients as the log keys them: each once, sorted. */
export function normalRecipients(recipients: readonly string[]): string[] {
  return [...new Set(recipients)].sort();
}

const keyOf = (recipients: readonly string[]) => normalRecipients(recipients).join(',');

async function readLog(session: VaultSession): Promise<ExportLog> {
  const { file, key, aad } = sealedAt(session, LOG_FILE);
  const bytes = await readSealed(file, key, aad);
  if (!bytes) return { version: 1, coordinators: {} };
  let json: unknown;
  try {
    json = JSON.parse(bytes.toString('utf8'));
  } catch {
    json = null;
  }
  const parsed = logSchema.safeParse(json);
  if (!parsed.success) throw new ApiFailure('damaged', `${file} does not hold a log of exports`);
  return parsed.data;
}

/** What went to these recipients so far, or null when nothing did. */
export async function lastExportTo(session: VaultSession, recipients: readonly string[]): Promise<ExportRecord | null> {
  return (await readLog(session)).coordinators[keyOf(recipients)] ?? null;
}

/** One case as an export saw it: every event it had then (fold order), all of which the coordinator now has or got. */
export type SentCase = { caseId: string; snapshot: readonly CaseEvent[] };

export type SentExport = { recipients: readonly string[]; at: string; cases: readonly SentCase[]; blobs: Iterable<string> };

const updating = new WeakMap<VaultSession, Promise<unknown>>();

/** Records a finished export; updates run one after another per vault. */
export function recordExport(session: VaultSession, sent: SentExport): Promise<void> {
  const previous = updating.get(session) ?? Promise.resolve();
  const next = previous.then(
    () => recordNow(session, sent),
    () => recordNow(session, sent),
  );
  updating.set(session, next.catch(() => undefined));
  return next;
}

async function recordNow(session: VaultSession, sent: SentExport): Promise<void> {
  const log = await readLog(session);
  const key = keyOf(sent.recipients);
  const had = log.coordinators[key];
  const record: ExportRecord = had ?? { recipients: normalRecipients(sent.recipients), lastExportAt: sent.at, cases: {}, blobs: [] };
  if (had && had.lastExportAt > sent.at) record.lastExportAt = had.lastExportAt;
  else record.lastExportAt = sent.at;
  const seen = { ...record.seen };
  for (const c of sent.cases) {
    record.cases[c.caseId] = mergeTips(record.cases[c.caseId] ?? {}, c.snapshot);
    // Snapshots only grow: the larger one is the later one, whichever export finished first.
    const latest = c.snapshot.at(-1);
    if (latest && (seen[c.caseId]?.events ?? -1) < c.snapshot.length) seen[c.caseId] = { events: c.snapshot.length, updatedAt: hlcToIso(latest.hlc) };
  }
  record.seen = seen;
  record.blobs = [...new Set([...record.blobs, ...sent.blobs])].sort();
  log.coordinators[key] = record;
  const { file, key: dataKey, aad } = sealedAt(session, LOG_FILE);
  await writeSealed(file, dataKey, aad, Buffer.from(JSON.stringify(log)));
}

/**
 * Each device's newest event in `snapshot`, unless the log already names a
 * later one: a hash the snapshot does not hold was recorded by an export
 * that saw more of the case (it ran side by side and started later).
 */
function mergeTips(recorded: Readonly<Record<string, string>>, snapshot: readonly CaseEvent[]): Record<string, string> {
  const position = new Map(snapshot.map((e, i) => [e.hash, i]));
  const newest = new Map<string, CaseEvent>();
  for (const e of snapshot) newest.set(e.device, e);
  const tips: Record<string, string> = { ...recorded };
  for (const [device, event] of newest) {
    const had = tips[device];
    const at = had === undefined ? -1 : position.get(had);
    if (at !== undefined && at < (position.get(event.hash) ?? -1)) tips[device] = event.hash;
  }
  return tips;
}
