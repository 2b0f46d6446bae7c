/**
 * One line of plain language per evidence or record event, for the case
 * history (called from shared/events/describe.ts).
 */
import { assertNever } from '../api/errors';
import type { CaseEventOf } from '../events/event';
import { evidenceTypeLabels } from './evidence-payloads';
import { indicatorTypeLabels } from './indicators';
import { recordKindLabels, type AnyRecordFields, type RecordKind } from './record-payloads';

export type EvidenceEventType =
  | 'evidence.registered'
  | 'evidence.updated'
  | 'evidence.file.attached'
  | 'custody.transferred'
  | 'evidence.accessed'
  | 'evidence.verified'
  | 'evidence.exported'
  | 'evidence.intake.stopped'
  | 'record.added'
  | 'record.updated'
  | 'records.imported';

const MAX_QUOTE = 120;

function quote(text: string): string {
  const line = text.replace(/\s+/g, ' ').trim();
  return `“${line.length > MAX_QUOTE ? `${line.slice(0, MAX_QUOTE - 1)}…` : line}”`;
}

export function formatBytes(bytes: number): string {
  if (bytes < 1024) return `${bytes} B`;
  const units = ['KiB', 'MiB', 'GiB', 'TiB'];
  let value = bytes / 1024;
  let unit = 0;
  while (value >= 1024 && unit < units.length - 1) {
    value /= 1024;
    unit++;
  }
  return `${value >= 100 ? value.toFixed(0) : value.toFixed(1)} ${units[unit] ?? ''}`;
}

/** A short name for a record in text: the indicator value, the host name, the account… */
export function recordTitle(kind: RecordKind, fields: Partial<AnyRecordFields>): string {
  const f = fields as Record<string, unknown>;
  const pick = (...keys: string[]) => keys.map((k) => f[k]).find((v): v is string => typeof v === 'string' && v.trim() !== '');
  switch (kind) {
    case 'indicator': {
      const type = f['type'] as keyof typeof indicatorTypeLabels | undefined;
      return `${type ? `${indicatorTypeLabels[type]} ` : ''}${pick('value') ?? ''}`.trim();
    }
    case 'system':
      return pick('hostName') ?? (Array.isArray(f['addresses']) ? f['addresses'].join(', ') : '');
    case 'account':
      return [pick('domain'), pick('name')].filter(Boolean).join('\\');
    case 'malware':
      return pick('name') ?? '';
    case 'exfiltration':
      return pick('data') ?? '';
  }
}

export function describeEvidenceEvent(event: CaseEventOf<EvidenceEventType>): string {
  switch (event.type) {
    case 'evidence.registered':
      return `Registered evidence (${evidenceTypeLabels[event.payload.type]}): ${quote(event.payload.description)}, collected by ${event.payload.collectedBy} at ${event.payload.collectedAt}`;
    case 'evidence.updated':
      return `Corrected evidence item ${event.payload.itemId.slice(0, 8)}: ${Object.keys(event.payload.changes).join(', ')}`;
    case 'evidence.file.attached':
      return `Attached ${quote(event.payload.name)} (${formatBytes(event.payload.size)}, SHA-256 ${event.payload.sha256})`;
    case 'custody.transferred':
      return `Custody of item ${event.payload.itemId.slice(0, 8)} passed from ${event.payload.from} to ${event.payload.to} at ${event.payload.at}${event.payload.place ? ` (${event.payload.place})` : ''}`;
    case 'evidence.accessed':
      return `${event.payload.by} accessed item ${event.payload.itemId.slice(0, 8)} at ${event.payload.at}: ${quote(event.payload.purpose)}`;
    case 'evidence.verified':
      return event.payload.result === 'ok'
        ? `Verified file ${event.payload.fileId.slice(0, 8)}: the digest matches`
        : `VERIFICATION FAILED (${event.payload.result}) for file ${event.payload.fileId.slice(0, 8)}: ${event.payload.detail}`;
    case 'evidence.exported':
      return `Exported file ${event.payload.fileId.slice(0, 8)} to ${event.payload.to} (digest verified)`;
    case 'evidence.intake.stopped':
      return `Intake of ${quote(event.payload.name)} stopped (${event.payload.reason}); nothing was stored: ${event.payload.detail}`;
    case 'record.added':
      return `Added ${recordKindLabels[event.payload.kind].one} ${quote(recordTitle(event.payload.kind, event.payload.fields))}`;
    case 'record.updated':
      return `Updated ${recordKindLabels[event.payload.kind].one} ${event.payload.recordId.slice(0, 8)}: ${Object.keys(event.payload.changes).join(', ')}`;
    case 'records.imported':
      return `Imported ${event.payload.rows.length} ${event.payload.rows.length === 1 ? recordKindLabels[event.payload.kind].one : recordKindLabels[event.payload.kind].many}`;
    default:
      return assertNever(event);
  }
}
