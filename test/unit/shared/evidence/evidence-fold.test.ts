import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { CaseEvent } from '../../../../shared/events/event';
import { exhibitNumber, foldEvidence, type EvidenceItemState } from '../../../../shared/evidence/evidence-fold';
import { Device, deviceId, prng, shuffle, uuidSource } from '../events/support';

const T0 = Date.parse('2026-11-23T12:00:00Z');
const ITEM = '1e000000-0000-4000-8000-000000000001';
const FILE = '1f000000-0000-4000-8000-000000000001';
const later = (minutes: number) => T0 + minutes * 60_000;

function setup() {
  const ids = uuidSource(7);
  const ann = new Device(deviceId(1), 'Ann', ids);
  const bob = new Device(deviceId(2), 'Bob', ids);
  ann.write(
    'evidence.registered',
    { itemId: ITEM, description: 'Laptop', type: 'physical-item', source: 'WS-042', location: 'Desk 4', collectedBy: 'Ann', collectedAt: '2026-11-23T09:00:00+01:00', method: 'Bagged' },
    later(0),
  );
  return { ann, bob };
}

const transfer = (from: string, to: string, at: string) => ({ itemId: ITEM, from, to, at, place: '', purpose: '', condition: '' });
const item = (events: CaseEvent[]): EvidenceItemState => {
  const found = foldEvidence(events).items[0];
  if (!found) throw new Error('no item');
  return found;
};
const flags = (state: EvidenceItemState) => state.custody.flatMap((c) => c.flags.map((f) => f.kind));

describe('evidence fold: chain of custody', () => {
  it('reads as one list in the order things happened, with the holder after each entry', () => {
    const { ann } = setup();
    ann.write('custody.transferred', transfer('Ann', 'Bob', '2026-11-23T10:00:00+01:00'), later(1));
    // Entered late, but happened earlier: the list follows `at`, not the order of entry.
    ann.write('evidence.accessed', { itemId: ITEM, by: 'Ann', at: '2026-11-23T09:30:00+01:00', purpose: 'Photographs' }, later(2));
    ann.write('custody.transferred', transfer('bob ', 'Lab locker', '2026-11-23T11:00:00+01:00'), later(3));
    const state = item(ann.events());
    expect(state.custody.map((c) => [c.kind, c.holder])).toEqual([
      ['collected', 'Ann'],
      ['accessed', 'Ann'],
      ['transferred', 'Bob'],
      ['transferred', 'Lab locker'],
    ]);
    expect(state.holder).toBe('Lab locker');
    expect(state.custodyFlags).toBe(0);
  });

  it('flags a gap: a hand-over by someone who did not hold the item', () => {
    const { ann } = setup();
    ann.write('custody.transferred', transfer('Ann', 'Bob', '2026-11-23T10:00:00+01:00'), later(1));
    ann.write('custody.transferred', transfer('Cy', 'Dee', '2026-11-23T11:00:00+01:00'), later(2));
    const state = item(ann.events());
    expect(flags(state)).toEqual(['gap']);
    expect(state.custody[2]?.flags[0]?.message).toMatch(/Cy hands the item over, but by the record Bob held it: the transfer from Bob to Cy is missing/);
    expect(state.holder).toBe('Dee');
  });

  it('flags two holders at once', () => {
    const { ann } = setup();
    ann.write('custody.transferred', transfer('Ann', 'Bob', '2026-11-23T10:00:00+01:00'), later(1));
    ann.write('custody.transferred', transfer('Ann', 'Cy', '2026-11-23T10:30:00+01:00'), later(2));
    const state = item(ann.events());
    expect(flags(state)).toEqual(['two-holders']);
    expect(state.custody[2]?.flags[0]?.message).toMatch(/Bob and Cy would both hold it/);
  });

  it('flags time going backwards: before collection, and a hand-over before receiving', () => {
    const { ann } = setup();
    ann.write('custody.transferred', transfer('Ann', 'Bob', '2026-11-23T08:00:00+01:00'), later(1));
    const early = item(ann.events());
    expect(flags(early)).toEqual(['time-backwards']);
    expect(early.custody[0]?.kind).toBe('transferred');

    const second = setup().ann;
    second.write('custody.transferred', transfer('Ann', 'Bob', '2026-11-23T11:00:00+01:00'), later(1));
    second.write('custody.transferred', transfer('Bob', 'Cy', '2026-11-23T10:00:00+01:00'), later(2));
    expect(item(second.events()).custody[1]?.flags[0]).toMatchObject({ kind: 'time-backwards', message: expect.stringMatching(/Bob hands the item over at .* but only receives it at/) as unknown });
  });

  it('flags an entry dated after it was recorded', () => {
    const { ann } = setup();
    ann.write('custody.transferred', transfer('Ann', 'Bob', '2026-11-24T10:00:00+01:00'), later(1));
    expect(flags(item(ann.events()))).toEqual(['future']);
  });

  it('keeps a retracted transfer visible but does not count it', () => {
    const { ann } = setup();
    const wrong = ann.write('custody.transferred', transfer('Zed', 'Bob', '2026-11-23T10:00:00+01:00'), later(1));
    expect(item(ann.events()).custodyFlags).toBe(1);
    ann.write('entry.retracted', { target: wrong.id, reason: 'Typo' }, later(2));
    const state = item(ann.events());
    expect(state).toMatchObject({ custodyFlags: 0, holder: 'Ann' });
    expect(state.custody[1]).toMatchObject({ kind: 'transferred', retracted: { reason: 'Typo' } });
  });
});

describe('evidence fold: fields and files', () => {
  it('corrects fields as registers: concurrent edits keep the loser, a later edit resolves', () => {
    const { ann, bob } = setup();
    bob.receive(ann.events(), later(1));
    const first = item(ann.events());
    ann.write('evidence.updated', { itemId: ITEM, changes: { location: 'Safe 1' }, supersedes: first.heads }, later(2));
    bob.write('evidence.updated', { itemId: ITEM, changes: { location: 'Safe 2', method: 'Bagged, sealed' }, supersedes: first.heads }, later(3));
    ann.receive(bob.events(), later(4));
    const merged = item(ann.events());
    expect(merged).toMatchObject({ location: 'Safe 2', method: 'Bagged, sealed', editedBy: 'Bob' });
    expect(merged.conflicts).toEqual([expect.objectContaining({ register: 'location', winner: expect.objectContaining({ values: { location: 'Safe 2' } }) as unknown, losers: [expect.objectContaining({ values: { location: 'Safe 1' } })] })]);
    ann.write('evidence.updated', { itemId: ITEM, changes: { location: 'Safe 1' }, supersedes: merged.heads }, later(5));
    expect(item(ann.events())).toMatchObject({ location: 'Safe 1', conflicts: [] });
  });

  it('keeps every verification; a failure stays counted after a later success', () => {
    const { ann } = setup();
    ann.write('evidence.file.attached', { itemId: ITEM, fileId: FILE, name: 'disk.img', size: 10, sha256: 'a'.repeat(64), blob: 'b'.repeat(64), path: '/mnt/disk.img', at: '2026-11-23T13:00:00+01:00' }, later(61));
    expect(item(ann.events())).toMatchObject({ status: 'unverified', files: [{ status: 'unverified', failures: 0 }] });
    ann.write('evidence.verified', { itemId: ITEM, fileId: FILE, at: '2026-11-23T13:10:00+01:00', result: 'damaged', detail: 'chunk 1 does not authenticate' }, later(70));
    expect(item(ann.events())).toMatchObject({ status: 'failed', files: [{ status: 'failed', failures: 1 }] });
    ann.write('evidence.verified', { itemId: ITEM, fileId: FILE, at: '2026-11-23T13:20:00+01:00', result: 'ok', detail: '', sha256: 'a'.repeat(64) }, later(80));
    const state = item(ann.events());
    expect(state).toMatchObject({ status: 'ok', files: [{ status: 'ok', failures: 1, verifications: [{ result: 'damaged' }, { result: 'ok' }] }] });
    expect(state.custody.map((c) => c.kind)).toEqual(['collected', 'attached', 'verified', 'verified']);
    expect(foldEvidence(ann.events()).totals).toMatchObject({ items: 1, files: 1, bytes: 10, verified: 1, failed: 0 });
  });

  it('gives the same log for any delivery order and with duplicates', () => {
    const { ann, bob } = setup();
    bob.receive(ann.events(), later(1));
    ann.write('custody.transferred', transfer('Ann', 'Bob', '2026-11-23T10:00:00+01:00'), later(2));
    bob.write('evidence.updated', { itemId: ITEM, changes: { description: 'Laptop, silver' }, supersedes: [] }, later(2));
    bob.write('custody.transferred', transfer('Ann', 'Cy', '2026-11-23T10:00:00+01:00'), later(3));
    ann.write('evidence.accessed', { itemId: ITEM, by: 'Bob', at: '2026-11-23T10:05:00+01:00', purpose: 'Look' }, later(4));
    const all = [...ann.events(), ...bob.written];
    const expected = foldEvidence(all);
    fc.assert(
      fc.property(fc.integer(), fc.array(fc.nat({ max: all.length - 1 }), { maxLength: 4 }), (seed, dupes) => {
        const delivered = shuffle([...all, ...dupes.map((i) => all[i] as CaseEvent)], prng(seed));
        expect(foldEvidence(delivered)).toEqual(expected);
      }),
      { numRuns: 200 },
    );
  });
});

describe('evidence fold: exhibit numbers', () => {
  const register = (itemId: string, description: string) => ({ itemId, description, type: 'other' as const, source: '', location: '', collectedBy: 'Ann', collectedAt: '2026-11-23T09:00:00+01:00', method: '' });
  const ITEM2 = '1e000000-0000-4000-8000-000000000002';
  const ITEM3 = '1e000000-0000-4000-8000-000000000003';
  const ITEM4 = '1e000000-0000-4000-8000-000000000004';
  const numbers = (events: readonly CaseEvent[]) => foldEvidence(events).items.map((i) => [i.exhibit, i.description]);

  it('numbers items E-001, E-002, … in the order they were registered in the case, a retracted one keeping its number', () => {
    const { ann, bob } = setup();
    bob.receive(ann.events(), later(1));
    // Bob registers second; Ann's later edit of the first item and events about it do not renumber anything.
    bob.write('evidence.registered', register(ITEM2, 'USB stick'), later(2));
    ann.receive(bob.events(), later(3));
    ann.write('evidence.updated', { itemId: ITEM, changes: { description: 'Laptop, silver' }, supersedes: [] }, later(4));
    ann.write('evidence.registered', register(ITEM3, 'Phone'), later(5));
    ann.write('entry.retracted', { target: ITEM2, reason: 'Registered twice' }, later(6));
    ann.write('custody.transferred', transfer('Ann', 'Bob', '2026-11-23T10:00:00+01:00'), later(7));
    ann.write('evidence.registered', register(ITEM4, 'Memory dump'), later(8));
    expect(numbers(ann.events())).toEqual([
      ['E-001', 'Laptop, silver'],
      ['E-002', 'USB stick'],
      ['E-003', 'Phone'],
      ['E-004', 'Memory dump'],
    ]);
    expect(foldEvidence(ann.events()).items[1]).toMatchObject({ exhibit: 'E-002', retracted: { reason: 'Registered twice' } });
  });

  it('gives every device the same numbers, whatever order the events arrived in: by the case’s event order, not by arrival', () => {
    const { ann, bob } = setup();
    // Both offline: Bob's registration is stamped before Ann's second one, though Ann's device learns of it last.
    bob.write('evidence.registered', register(ITEM2, 'Bob’s USB stick'), later(2));
    ann.write('evidence.registered', register(ITEM3, 'Ann’s phone'), later(3));
    const all = [...ann.events(), ...bob.written];
    expect(numbers(all)).toEqual([
      ['E-001', 'Laptop'],
      ['E-002', 'Bob’s USB stick'],
      ['E-003', 'Ann’s phone'],
    ]);
    fc.assert(
      fc.property(fc.integer(), (seed) => {
        expect(numbers(shuffle(all, prng(seed)))).toEqual(numbers(all));
      }),
      { numRuns: 100 },
    );
  });

  it('pads to three digits and grows past 999', () => {
    expect([1, 42, 999, 1000].map(exhibitNumber)).toEqual(['E-001', 'E-042', 'E-999', 'E-1000']);
  });
});
