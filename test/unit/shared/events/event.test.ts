import { describe, expect, it } from 'vitest';
import { canonicalJson } from '../../../../shared/events/canonical';
import {
  caseEventSchema,
  caseEventSchemas,
  caseEventTypes,
  compareEventOrder,
  eventHashInput,
  validateCaseEvent,
} from '../../../../shared/events/event';
import { CASE_ID, deviceId, makeEvent, sha256 } from './support';

const ID = '11111111-1111-4111-8111-111111111111';
const NOTE = '22222222-2222-4222-8222-222222222222';
const HLC = '001732384923000-000000';

const envelope = {
  id: ID,
  caseId: CASE_ID,
  device: deviceId(0xaa),
  actor: 'Ann Responder',
  hlc: HLC,
  prev: null,
  hash: 'b'.repeat(64),
};

const opened = {
  title: 'Ransomware on file server',
  category: 'malicious-code',
  priority: 'high',
  status: 'new',
  site: 'Plant 3',
};

const valid: Record<string, unknown> = {
  'case.opened': { ...opened, constituency: 'OT', reporter: 'Bob', summary: 'Files encrypted', assignees: ['Ann', 'Cy'] },
  'case.field.set': { field: 'status', value: 'triage', supersedes: [ID] },
  'note.added': { noteId: NOTE, text: 'Isolated the host' },
  'note.edited': { noteId: NOTE, text: 'Isolated host FS01', supersedes: [] },
  'timeline.added': { entryId: NOTE, at: '2026-11-23T14:05:00+01:00', text: 'First alert' },
  'timeline.edited': { entryId: NOTE, at: '2026-11-23T13:05:00.250Z', text: 'First alert (SIEM)', supersedes: [ID] },
  'entry.retracted': { target: NOTE, reason: 'Wrong case' },
  // Evidence and investigation records (shared/evidence).
  'evidence.registered': { itemId: NOTE, description: 'Laptop disk', type: 'disk-image', source: 'WS-042', location: 'Room 3', collectedBy: 'Ann', collectedAt: '2026-11-23T14:05:00+01:00', method: 'FTK Imager' },
  'evidence.updated': { itemId: NOTE, changes: { location: 'Safe 2' }, supersedes: [ID] },
  'evidence.file.attached': { itemId: NOTE, fileId: ID, name: 'disk.E01', size: 12, sha256: 'a'.repeat(64), md5: 'b'.repeat(32), blob: 'c'.repeat(64), path: '/mnt/disk.E01', at: '2026-11-23T14:05:00+01:00' },
  'custody.transferred': { itemId: NOTE, from: 'Ann', to: 'Bob', at: '2026-11-23T15:00:00+01:00', place: 'Lab', purpose: 'Analysis', condition: 'Sealed' },
  'evidence.accessed': { itemId: NOTE, by: 'Bob', at: '2026-11-23T16:00:00+01:00', purpose: 'Imaging' },
  'evidence.verified': { itemId: NOTE, fileId: ID, at: '2026-11-23T16:00:00Z', result: 'ok', detail: '', sha256: 'a'.repeat(64) },
  'evidence.exported': { itemId: NOTE, fileId: ID, at: '2026-11-23T16:00:00Z', by: 'Bob', to: '/tmp/disk.E01', sha256: 'a'.repeat(64) },
  'evidence.intake.stopped': { itemId: NOTE, name: 'disk.E01', path: '/mnt/disk.E01', at: '2026-11-23T16:00:00Z', reason: 'cancelled', detail: 'Cancelled', bytesRead: 0, size: 12 },
  'record.added': { recordId: NOTE, kind: 'indicator', fields: { type: 'domain', value: 'evil.com', original: 'evil[.]com', firstSeen: '', lastSeen: '', tlp: 'amber', itemIds: [], systemIds: [], note: '' } },
  'record.updated': { recordId: NOTE, kind: 'system', changes: { state: 'contained' }, supersedes: [ID] },
  'records.imported': { kind: 'account', rows: [{ recordId: NOTE, fields: { name: 'admin', domain: 'CORP', kind: 'domain', state: 'compromised', systemIds: [], note: '' } }] },
  // Playbook checklists (shared/playbooks).
  'playbook.attached': { runId: NOTE, playbookId: 'local.triage', version: 2, title: 'Triage', snapshot: { id: 'local.triage', version: 2, title: 'Triage', categories: ['other'], steps: [{ kind: 'task', id: 'ask', title: 'Ask', phase: 'verify', instructions: 'Ask who saw it' }] } },
  'checklist.step.set': { runId: NOTE, stepId: 'ask', stepTitle: 'Ask', status: 'skipped', reason: 'Reporter unreachable', links: [{ kind: 'note', id: ID }], supersedes: [] },
  'checklist.decision': { runId: NOTE, stepId: 'kind', iteration: 1, stepTitle: 'Kind?', branch: 'true', branchLabel: 'Yes', supersedes: [ID] },
};

const messages = (value: unknown): string[] => {
  const result = validateCaseEvent(value);
  return result.ok ? [] : result.issues.map((i) => `${i.path}: ${i.message}`);
};

describe('case event schemas', () => {
  it.each(caseEventTypes)('accepts a valid %s event, unchanged', (type) => {
    const event = { ...envelope, type, payload: valid[type] };
    const result = caseEventSchema.safeParse(event);
    expect(result.success).toBe(true);
    // Validation must not transform: the parsed event is what was hashed.
    expect(result.data).toEqual(event);
  });

  it('has a schema for every listed type and a sample for every schema', () => {
    expect(Object.keys(valid).sort()).toEqual([...caseEventTypes].sort());
    expect(Object.keys(caseEventSchemas)).toEqual(caseEventTypes);
  });

  it('accepts an optional signature but nothing else extra', () => {
    const sig = `${'A'.repeat(86)}==`;
    expect(messages({ ...envelope, type: 'note.added', payload: valid['note.added'], sig })).toEqual([]);
    expect(messages({ ...envelope, type: 'note.added', payload: valid['note.added'], sig: 'abc' })).toEqual([
      'sig: Not an Ed25519 signature (base64)',
    ]);
    expect(messages({ ...envelope, type: 'note.added', payload: valid['note.added'], sig: undefined })).not.toEqual([]);
    expect(messages({ ...envelope, type: 'note.added', payload: valid['note.added'], extra: 1 }).join()).toMatch(/extra/);
  });

  it('names an unknown or missing type', () => {
    expect(messages({ ...envelope, type: 'case.deleted', payload: {} })).toEqual([
      `type: Unknown event type "case.deleted"; expected one of ${caseEventTypes.join(', ')}`,
    ]);
    expect(messages({ ...envelope, payload: {} })[0]).toMatch(/^type: Event type is missing/);
  });

  it.each([
    ['wrong category', 'case.opened', { ...opened, category: 'ransomware' }, 'payload.category'],
    ['missing title', 'case.opened', { ...opened, title: undefined }, 'payload.title'],
    ['blank title', 'case.opened', { ...opened, title: '   ' }, 'payload.title'],
    ['too long title', 'case.opened', { ...opened, title: 'x'.repeat(201) }, 'payload.title'],
    ['too long summary', 'case.opened', { ...opened, summary: 'x'.repeat(20_001) }, 'payload.summary'],
    ['extra payload key', 'case.opened', { ...opened, severity: 3 }, 'payload'],
    ['explicit undefined optional', 'case.opened', { ...opened, summary: undefined }, 'payload.summary'],
    ['51 assignees', 'case.opened', { ...opened, assignees: Array.from({ length: 51 }, (_, i) => `P${i}`) }, 'payload.assignees'],
    ['repeated assignee', 'case.opened', { ...opened, assignees: ['Ann', 'Ann'] }, 'payload.assignees'],
    ['unknown field', 'case.field.set', { field: 'owner', value: 'x', supersedes: [] }, 'payload.field'],
    ['wrong value for the field', 'case.field.set', { field: 'priority', value: 'urgent', supersedes: [] }, 'payload.value'],
    ['text for assignees', 'case.field.set', { field: 'assignees', value: 'Ann', supersedes: [] }, 'payload.value'],
    ['missing supersedes', 'case.field.set', { field: 'title', value: 'T' }, 'payload.supersedes'],
    ['supersedes not ids', 'case.field.set', { field: 'title', value: 'T', supersedes: ['x'] }, 'payload.supersedes.0'],
    ['empty note', 'note.added', { noteId: NOTE, text: '' }, 'payload.text'],
    ['too long note', 'note.added', { noteId: NOTE, text: 'x'.repeat(100_001) }, 'payload.text'],
    ['lone surrogate', 'note.added', { noteId: NOTE, text: 'a\uD800' }, 'payload.text'],
    ['note id not a uuid', 'note.edited', { noteId: 'n1', text: 'x', supersedes: [] }, 'payload.noteId'],
    ['time without offset', 'timeline.added', { entryId: NOTE, at: '2026-11-23T14:05:00', text: 'x' }, 'payload.at'],
    ['date only', 'timeline.added', { entryId: NOTE, at: '2026-11-23', text: 'x' }, 'payload.at'],
    ['impossible date', 'timeline.added', { entryId: NOTE, at: '2026-02-30T10:00:00Z', text: 'x' }, 'payload.at'],
    ['too long reason', 'entry.retracted', { target: NOTE, reason: 'x'.repeat(2001) }, 'payload.reason'],
  ])('rejects %s', (_label, type, payload, path) => {
    const found = messages({ ...envelope, type, payload });
    expect(found.length).toBeGreaterThan(0);
    expect(found.every((m) => m.startsWith(`${path}: `))).toBe(true);
  });

  it.each([
    ['id', { id: 'ABCDEF01-1111-4111-8111-11111111111F' }],
    ['caseId', { caseId: 'case-1' }],
    ['device', { device: 'A'.repeat(64) }],
    ['actor', { actor: '' }],
    ['hlc', { hlc: '1732384923000-0' }],
    ['prev', { prev: 'c'.repeat(63) }],
    ['hash', { hash: undefined }],
  ])('rejects a bad envelope %s', (path, change) => {
    const found = messages({ ...envelope, ...change, type: 'note.added', payload: valid['note.added'] });
    expect(found.map((m) => m.split(':')[0])).toEqual([path]);
  });
});

describe('eventHashInput', () => {
  const event = makeEvent({ id: ID, device: deviceId(1), hlc: HLC, type: 'note.added', payload: { noteId: NOTE, text: 'x' } });

  it('is the canonical JSON of the envelope without hash and sig', () => {
    const input = eventHashInput({ ...event, sig: `${'A'.repeat(86)}==` });
    expect(input).toBe(
      `{"actor":"Actor 01","caseId":"${CASE_ID}","device":"${deviceId(1)}","hlc":"${HLC}","id":"${ID}",` +
        `"payload":{"noteId":"${NOTE}","text":"x"},"prev":null,"type":"note.added"}`,
    );
    expect(input).toBe(canonicalJson(JSON.parse(input)));
    expect(event.hash).toBe(sha256(input));
  });

  it('changes when any covered field changes', () => {
    const base = eventHashInput(event);
    const changes = [
      { id: NOTE },
      { caseId: NOTE },
      { device: deviceId(2) },
      { actor: 'Mallory' },
      { hlc: '001732384923000-000001' },
      { type: 'note.edited' },
      { payload: { noteId: NOTE, text: 'y' } },
      { prev: 'a'.repeat(64) },
    ];
    for (const change of changes) expect(eventHashInput({ ...event, ...change })).not.toBe(base);
    expect(eventHashInput({ ...event, hash: 'f'.repeat(64) })).toBe(base);
  });
});

describe('compareEventOrder', () => {
  it('orders by hlc, then device, then id', () => {
    const e = (hlc: string, device: string, id: string) => ({ hlc, device, id });
    const list = [
      e('001732384923000-000001', 'a', '1'),
      e('001732384923000-000000', 'b', '2'),
      e('001732384923000-000000', 'a', '3'),
      e('001732384923000-000000', 'a', '0'),
    ];
    expect([...list].sort(compareEventOrder).map((x) => x.id)).toEqual(['0', '3', '2', '1']);
  });
});
