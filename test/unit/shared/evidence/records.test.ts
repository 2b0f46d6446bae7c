import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { CaseEvent } from '../../../../shared/events/event';
import { validateCaseEvent } from '../../../../shared/events/event';
import { describeEvent } from '../../../../shared/events/describe';
import { filterRecords, gridColumns, sortRecords } from '../../../../shared/evidence/grid';
import { prepareChanges, prepareRecord } from '../../../../shared/evidence/record-input';
import { foldRecords } from '../../../../shared/evidence/records-fold';
import { Device, deviceId, prng, shuffle, uuidSource } from '../events/support';

const T0 = Date.parse('2026-11-23T12:00:00Z');
const R1 = 'aa000000-0000-4000-8000-000000000001';
const R2 = 'aa000000-0000-4000-8000-000000000002';
const R3 = 'aa000000-0000-4000-8000-000000000003';
const indicator = (type: string, value: string, extra: object = {}) => ({ type, value, original: value, firstSeen: '', lastSeen: '', tlp: 'amber', itemIds: [], systemIds: [], note: '', ...extra }) as never;

describe('investigation records', () => {
  it('prepares form input: normalizes, fills defaults, refuses what the journal would', () => {
    expect(prepareRecord('indicator', { value: 'hxxp://evil[.]com' })).toEqual({
      ok: true,
      fields: { type: 'url', value: 'http://evil.com/', original: 'hxxp://evil[.]com', firstSeen: '', lastSeen: '', tlp: 'amber', itemIds: [], systemIds: [], note: '' },
    });
    expect(prepareRecord('system', { addresses: [] })).toMatchObject({ ok: false, issues: [{ path: 'hostName', message: 'Enter a host name or an address' }] });
    expect(prepareRecord('account', { name: 'x', state: 'exploded' })).toMatchObject({ ok: false, issues: [{ path: 'state' }] });
    // A new type re-reads the value as entered.
    expect(prepareChanges('indicator', { type: 'ipv4' }, { type: 'file-name', value: '1.2.3[.]4', original: '1.2.3[.]4' })).toEqual({ ok: true, fields: { type: 'ipv4', value: '1.2.3.4', original: '1.2.3[.]4' } });
  });

  it('refuses an event whose indicator value is not normalized, or whose type, value and original do not change together', () => {
    const envelope = { id: R1, caseId: R2, device: deviceId(1), actor: 'Ann', hlc: '001732384923000-000000', prev: null, hash: 'b'.repeat(64) };
    expect(validateCaseEvent({ ...envelope, type: 'record.added', payload: { recordId: R1, kind: 'indicator', fields: indicator('domain', 'EVIL.com') } }).ok).toBe(false);
    expect(validateCaseEvent({ ...envelope, type: 'record.updated', payload: { recordId: R1, kind: 'indicator', changes: { value: 'evil.com' }, supersedes: [] } }).ok).toBe(false);
    expect(validateCaseEvent({ ...envelope, type: 'record.updated', payload: { recordId: R1, kind: 'indicator', changes: { note: undefined }, supersedes: [] } }).ok).toBe(false);
  });

  it('folds grids with per-field latest-wins, keeping the losing values, and resolves them', () => {
    const ids = uuidSource(3);
    const ann = new Device(deviceId(1), 'Ann', ids);
    const bob = new Device(deviceId(2), 'Bob', ids);
    const added = ann.write('record.added', { recordId: R1, kind: 'system', fields: { hostName: 'WS-042', addresses: [], os: '', role: '', state: 'suspected', note: '' } }, T0);
    ann.write('records.imported', { kind: 'indicator', rows: [{ recordId: R2, fields: indicator('domain', 'evil.com') }, { recordId: R3, fields: indicator('ipv4', '1.2.3.4') }] }, T0 + 1000);
    bob.receive(ann.events(), T0 + 2000);
    ann.write('record.updated', { recordId: R1, kind: 'system', changes: { state: 'contained' }, supersedes: [added.id] }, T0 + 3000);
    bob.write('record.updated', { recordId: R1, kind: 'system', changes: { state: 'compromised', os: 'Windows 11' }, supersedes: [added.id] }, T0 + 4000);
    bob.write('entry.retracted', { target: R3, reason: 'Sinkhole' }, T0 + 5000);
    const all = [...ann.events(), ...bob.written];
    const state = foldRecords(all);
    const system = state.system[0];
    expect(system).toMatchObject({ id: R1, fields: { state: 'compromised', os: 'Windows 11', hostName: 'WS-042' }, editedBy: 'Bob' });
    expect(system?.conflicts).toEqual([expect.objectContaining({ register: 'state', winner: expect.objectContaining({ values: { state: 'compromised' } }) as unknown, losers: [expect.objectContaining({ actor: 'Ann', values: { state: 'contained' } })] })]);
    expect(state.indicator.map((r) => [r.fields.value, r.retracted?.reason ?? null, r.importedIn !== undefined])).toEqual([
      ['evil.com', null, true],
      ['1.2.3.4', 'Sinkhole', true],
    ]);
    ann.receive(bob.written, T0 + 6000);
    ann.write('record.updated', { recordId: R1, kind: 'system', changes: { state: 'contained' }, supersedes: system?.heads ?? [] }, T0 + 7000);
    const resolved = foldRecords(ann.events()).system[0];
    expect(resolved).toMatchObject({ fields: { state: 'contained', os: 'Windows 11' }, conflicts: [] });
    expect(describeEvent(ann.written[1] as CaseEvent)).toBe('Imported 2 indicators');

    fc.assert(
      fc.property(fc.integer(), (seed) => {
        expect(foldRecords(shuffle([...all, ...all.slice(0, 2)], prng(seed)))).toEqual(state);
      }),
      { numRuns: 100 },
    );
  });

  it('sorts and filters a grid on the text of its cells', () => {
    const ids = uuidSource(4);
    const ann = new Device(deviceId(1), 'Ann', ids);
    ann.write('record.added', { recordId: R1, kind: 'indicator', fields: indicator('domain', 'b.example', { tlp: 'red', lastSeen: '2026-11-23T10:00:00Z' }) }, T0);
    ann.write('record.added', { recordId: R2, kind: 'indicator', fields: indicator('url', 'http://a.example/x10', { lastSeen: '2026-11-22T10:00:00+01:00' }) }, T0 + 1);
    ann.write('record.added', { recordId: R3, kind: 'indicator', fields: indicator('url', 'http://a.example/x9', { note: 'Seen in proxy logs' }) }, T0 + 2);
    const rows = foldRecords(ann.events()).indicator;
    expect(sortRecords(rows, { key: 'value', direction: 'asc' }).map((r) => r.id)).toEqual([R1, R3, R2]);
    expect(sortRecords(rows, { key: 'lastSeen', direction: 'desc' }).map((r) => r.id)).toEqual([R1, R2, R3]);
    expect(filterRecords(rows, 'tlp:red').map((r) => r.id)).toEqual([R1]);
    expect(filterRecords(rows, 'type:url proxy').map((r) => r.id)).toEqual([R3]);
    expect(filterRecords(rows, 'A.EXAMPLE').map((r) => r.id)).toEqual([R2, R3]);
    expect(gridColumns.indicator.map((c) => c.key)).toContain('firstSeen');
  });
});
