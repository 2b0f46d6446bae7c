import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { checkChains, checkExtension, type StoredChains } from '../../../../shared/events/chain';
import type { CaseEvent } from '../../../../shared/events/event';
import { CASE_ID, Device, deviceId, hashOf, uuidSource } from './support';

const T = Date.UTC(2026, 10, 23, 9, 0, 0);
const A = deviceId(0xa1);
const B = deviceId(0xb2);

/** What a vault holding `events` answers (its chains are linear: the newest per device is the tip). */
function storedOf(events: readonly CaseEvent[]): StoredChains {
  const byHash = new Map(events.map((e) => [e.hash, e]));
  const tips = new Map<string, string>();
  for (const e of events) tips.set(e.device, e.hash);
  return { byHash: (hash) => byHash.get(hash), tipOf: (device) => tips.get(device) ?? null };
}

const kinds = (fresh: readonly CaseEvent[], stored: readonly CaseEvent[]) => checkExtension(fresh, storedOf(stored), { caseId: CASE_ID }).problems.map((p) => p.kind);

/** Ann opens the case and writes `n` notes; Bea received the opening and writes `m`. */
function twoDevices(n: number, m: number) {
  const a = new Device(A, 'Ann', uuidSource(1));
  const b = new Device(B, 'Bea', uuidSource(2));
  const open = a.write('case.opened', { title: 'Lost laptop', category: 'information-content-security', priority: 'high', status: 'new', site: 'Field office' }, T);
  b.receive([open], T + 10);
  const note = (d: Device, i: number) => d.write('note.added', { noteId: uuidSource(0x40 + i)(), text: `note ${i}` }, T + 100 * (i + 1));
  const ann = [open, ...Array.from({ length: n }, (_, i) => note(a, i))];
  const bea = Array.from({ length: m }, (_, i) => note(b, n + i));
  return { ann, bea };
}

describe('checkExtension: new events against the stored chains', () => {
  it('accepts chains continued from their stored tips, and new devices starting theirs', () => {
    const { ann, bea } = twoDevices(4, 3);
    expect(kinds([...ann.slice(2), ...bea], ann.slice(0, 2))).toEqual([]);
    expect(kinds(bea, ann)).toEqual([]);
    expect(kinds([...ann, ...bea], [])).toEqual([]);
  });

  it('refuses a chain continued from a stored event that already has a successor (a fork)', () => {
    const { ann } = twoDevices(3, 0);
    // Ann's key, but a second event after her second one: the vault holds all four.
    const forked = { ...(ann[2] as CaseEvent), id: uuidSource(0x77)(), hlc: (ann[3] as CaseEvent).hlc };
    const rehashed = { ...forked, hash: hashOf(forked) };
    expect(kinds([rehashed], ann)).toEqual(['fork']);
  });

  it('refuses a second first event for a device that has a chain here', () => {
    const { ann } = twoDevices(1, 0);
    const again = { ...(ann[1] as CaseEvent), id: uuidSource(0x78)(), prev: null };
    expect(kinds([{ ...again, hash: hashOf(again) }], ann)).toEqual(['fork']);
  });

  it('names a link to an event neither new nor stored, and a link to another device', () => {
    const { ann, bea } = twoDevices(3, 2);
    expect(kinds(ann.slice(2), ann.slice(0, 1))).toEqual(['unknown-prev']);
    const foreign = { ...(bea[0] as CaseEvent), prev: (ann[0] as CaseEvent).hash };
    expect(kinds([{ ...foreign, hash: hashOf(foreign) }], ann)).toEqual(['foreign-prev']);
  });

  it('refuses an event whose hash is already stored under another id', () => {
    const { ann } = twoDevices(2, 0);
    const twin = { ...(ann[2] as CaseEvent), id: uuidSource(0x79)() };
    expect(kinds([twin], ann)).toContain('duplicate-hash');
  });

  it('agrees with checking the whole union, for any split of sound chains into stored and new', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 6 }), fc.integer({ min: 0, max: 6 }), fc.integer({ min: 1, max: 7 }), fc.integer({ min: 0, max: 6 }), (n, m, keepA, keepB) => {
        const { ann, bea } = twoDevices(n, m);
        const stored = [...ann.slice(0, Math.min(keepA, ann.length)), ...bea.slice(0, Math.min(keepB, bea.length))];
        const fresh = [...ann, ...bea].filter((e) => !stored.includes(e));
        expect(checkChains([...stored, ...fresh], { caseId: CASE_ID }).ok).toBe(true);
        expect(kinds(fresh, stored)).toEqual([]);
        // Dropping any one new event that another new one follows breaks the chain in both views.
        const followed = fresh.filter((e) => fresh.some((f) => f.prev === e.hash));
        for (const gone of followed) {
          const rest = fresh.filter((e) => e !== gone);
          expect(checkChains([...stored, ...rest], { caseId: CASE_ID }).ok).toBe(false);
          expect(kinds(rest, stored)).toContain('unknown-prev');
        }
      }),
      { numRuns: 60 },
    );
  });
});
