import { randomUUID } from 'node:crypto';
import type { ImportResult } from '../../../shared/api/evidence-schemas';
import { ApiFailure, type Issue } from '../../../shared/api/errors';
import { bulkIssues, indicatorKey, previewBulk, type BulkContext, type BulkPreview } from '../../../shared/evidence/bulk';
import { toCsv } from '../../../shared/evidence/csv';
import { defangIndicator } from '../../../shared/evidence/defang';
import { refang } from '../../../shared/evidence/refang';
import { foldEvidence } from '../../../shared/evidence/evidence-fold';
import { cellText, filterRecords, gridColumns, sortRecords, type GridColumn, type LinkLabels } from '../../../shared/evidence/grid';
import { checkLinks, prepareChanges, prepareRecord, type LinkTargets } from '../../../shared/evidence/record-input';
import { recordKindLabels, type RecordKind } from '../../../shared/evidence/record-payloads';
import { foldRecords, type RecordState, type RecordsState } from '../../../shared/evidence/records-fold';
import type { PayloadOf } from '../../../shared/events/event';
import type { VaultSession } from '../vault/session';
import type { Vault } from '../vault/vault';
import type { Handlers } from './types';
import { assertMayRetract } from '../team/retract-rule';

type Loaded = { records: RecordsState; targets: LinkTargets; context: BulkContext; labels: LinkLabels };

async function load(session: VaultSession, caseId: string): Promise<Loaded> {
  const events = await session.caseEvents(caseId);
  const records = foldRecords(events);
  const items = foldEvidence(events).items.filter((i) => !i.retracted);
  const systems = records.system.filter((s) => !s.retracted);
  const hostNames = new Map<string, number>();
  for (const s of systems) hostNames.set(s.fields.hostName.toLowerCase(), (hostNames.get(s.fields.hostName.toLowerCase()) ?? 0) + 1);
  return {
    records,
    targets: { systemIds: new Set(systems.map((s) => s.id)), itemIds: new Set(items.map((i) => i.id)) },
    context: {
      systems: systems.map((s) => ({ id: s.id, hostName: s.fields.hostName, addresses: s.fields.addresses })),
      itemIds: items.map((i) => i.id),
      indicatorKeys: new Set(records.indicator.filter((r) => !r.retracted).map((r) => indicatorKey(r.fields.type, r.fields.value))),
    },
    // In CSV, a system shows as its host name when that names it alone, so the file reads well and imports back.
    labels: {
      systems: new Map(systems.map((s) => [s.id, s.fields.hostName && hostNames.get(s.fields.hostName.toLowerCase()) === 1 ? s.fields.hostName : s.id])),
    },
  };
}

/** An indicator's value and its as-entered text, defanged; the as-entered text is refanged first so that `evil[.]com` is not defanged twice. */
function defangedCell(record: RecordState, column: GridColumn, labels: LinkLabels): string {
  const text = cellText(record, column, labels);
  if (record.kind !== 'indicator' || (column.key !== 'value' && column.key !== 'original')) return text;
  return defangIndicator((record as RecordState<'indicator'>).fields.type, column.key === 'original' ? refang(text) : text);
}

function rejected(what: string, issues: Issue[]): ApiFailure {
  const detail = issues.map((i) => (i.path ? `${i.path}: ${i.message}` : i.message)).join('; ');
  return new ApiFailure('bad_request', `${what}: ${detail}`, issues);
}

function findRecord(records: RecordsState, recordId: string): RecordState {
  for (const list of Object.values(records) as RecordState[][]) {
    const found = list.find((r) => r.id === recordId);
    if (found) return found;
  }
  throw new ApiFailure('not_found', `No investigation record ${recordId} in this case`);
}

async function reload(session: VaultSession, caseId: string, recordId: string): Promise<RecordState> {
  return findRecord(foldRecords(await session.caseEvents(caseId)), recordId);
}

function preview(loaded: Loaded, kind: RecordKind, text: string): BulkPreview {
  const parsed = previewBulk(kind, text, loaded.context, loaded.targets);
  if (!parsed.ok) throw new ApiFailure('bad_request', parsed.message);
  return parsed.preview;
}

/** The investigation-record grids: indicators, systems, accounts, malware and tools, exfiltration. */
export function recordHandlers(vault: Vault) {
  return {
    'record.list': async ({ caseId, kind, query, sort, includeRetracted }) => {
      const { records, labels } = await load(vault.unlocked(), caseId);
      const all = records[kind] as RecordState[];
      let rows = includeRetracted ? all : all.filter((r) => !r.retracted);
      if (query) rows = filterRecords(rows, query, labels);
      if (sort) rows = sortRecords(rows, sort, labels);
      return { kind, columns: gridColumns[kind], rows, total: all.length };
    },
    'record.add': async ({ caseId, kind, fields }) => {
      const session = vault.unlocked();
      const loaded = await load(session, caseId);
      const prepared = prepareRecord(kind, fields);
      if (!prepared.ok) throw rejected(`This ${recordKindLabels[kind].one} cannot be recorded`, prepared.issues);
      const linkIssues = checkLinks(prepared.fields, loaded.targets);
      if (linkIssues.length > 0) throw rejected(`This ${recordKindLabels[kind].one} cannot be recorded`, linkIssues);
      const recordId = randomUUID();
      await session.append(caseId, 'record.added', { recordId, kind, fields: prepared.fields } as PayloadOf<'record.added'>);
      return reload(session, caseId, recordId);
    },
    'record.update': async ({ caseId, recordId, kind, changes, supersedes }) => {
      const session = vault.unlocked();
      const loaded = await load(session, caseId);
      const record = findRecord(loaded.records, recordId);
      if (record.kind !== kind) throw new ApiFailure('bad_request', `Record ${recordId.slice(0, 8)} is a ${recordKindLabels[record.kind].one}, not a ${recordKindLabels[kind].one}`);
      if (record.retracted) throw new ApiFailure('bad_request', `Record ${recordId.slice(0, 8)} was retracted`);
      const prepared = prepareChanges(kind, changes, record.fields as Record<string, unknown>);
      if (!prepared.ok) throw rejected('The change cannot be recorded', prepared.issues);
      const linkIssues = checkLinks(prepared.fields, loaded.targets);
      if (linkIssues.length > 0) throw rejected('The change cannot be recorded', linkIssues);
      await session.append(caseId, 'record.updated', { recordId, kind, changes: prepared.fields, supersedes } as PayloadOf<'record.updated'>);
      return reload(session, caseId, recordId);
    },
    'record.retract': async ({ caseId, recordId, reason }) => {
      const session = vault.unlocked();
      const record = findRecord((await load(session, caseId)).records, recordId);
      if (record.retracted) throw new ApiFailure('bad_request', `That record was already retracted by ${record.retracted.by}`);
      await assertMayRetract(session, caseId, recordId);
      await session.append(caseId, 'entry.retracted', { target: recordId, reason });
      return reload(session, caseId, recordId);
    },
    'record.previewImport': async ({ caseId, kind, text }) => preview(await load(vault.unlocked(), caseId), kind, text),
    'record.import': async ({ caseId, kind, text, skipBadRows }) => {
      const session = vault.unlocked();
      const checked = preview(await load(session, caseId), kind, text);
      if (checked.bad > 0 && skipBadRows !== true) {
        throw new ApiFailure(
          'bad_request',
          `${checked.bad} of ${checked.rows.length} rows are not valid, so nothing was imported. Fix them, or import only the ${checked.good} good rows.`,
          bulkIssues(checked),
        );
      }
      const rows = checked.rows.flatMap((r) => (r.ok && !r.duplicate ? [{ recordId: randomUUID(), fields: r.fields }] : []));
      const result: ImportResult = { kind, imported: rows.length, recordIds: rows.map((r) => r.recordId), skippedBadRows: checked.bad, skippedDuplicates: checked.duplicates, eventId: null };
      if (rows.length === 0) return result;
      const event = await session.append(caseId, 'records.imported', { kind, rows } as PayloadOf<'records.imported'>);
      return { ...result, eventId: event.id };
    },
    'record.exportCsv': async ({ caseId, kind, includeRetracted, defanged: asked }) => {
      const session = vault.unlocked();
      const { records, labels } = await load(session, caseId);
      const state = await session.getCase(caseId);
      const columns = gridColumns[kind];
      const defanged = kind === 'indicator' && asked !== false;
      const rows = (records[kind] as RecordState[]).filter((r) => includeRetracted || !r.retracted);
      const header = [...columns.map((c) => c.label), 'Added by', 'Added at', 'Id', ...(includeRetracted ? ['Retracted'] : [])];
      const cell = (r: RecordState, c: GridColumn) => (defanged ? defangedCell(r, c, labels) : cellText(r, c, labels));
      const body = rows.map((r) => [...columns.map((c) => cell(r, c)), r.addedBy, r.addedAt, r.id, ...(includeRetracted ? [r.retracted ? r.retracted.reason : ''] : [])]);
      const slug = state.title.toLowerCase().replace(/[^a-z0-9]+/g, '-').replace(/^-+|-+$/g, '').slice(0, 60) || 'case';
      const fileName = `${recordKindLabels[kind].many.replace(/\s+/g, '-')}-${slug}${defanged ? '-defanged' : ''}.csv`;
      return { csv: toCsv([header, ...body]), fileName, rows: rows.length, ...(kind === 'indicator' ? { defanged } : {}) };
    },
  } satisfies Partial<Handlers>;
}
