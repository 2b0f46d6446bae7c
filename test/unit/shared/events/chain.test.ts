import { describe, expect, it } from 'vitest';
import { checkChains } from '../../../../shared/events/chain';
import type { CaseEvent } from '../../../../shared/events/event';
import { formatHlc } from '../../../../shared/events/hlc';
import { CASE_ID, Device, deviceId, hashOf, makeEvent, OTHER_CASE_ID, prng, shuffle, uuidSource } from './support';

const T = Date.UTC(2026, 10, 23, 9, 0, 0);
const A = deviceId(0xa1);
const B = deviceId(0xb2);

/** Two devices, three events each, exchanging once. */
function history() {
  const a = new Device(A, 'Ann', uuidSource(1));
  const b = new Device(B, 'Bea', uuidSource(2));
  const open = a.write(
    'case.opened',
    { title: 'Lost laptop', category: 'information-content-security', priority: 'high', status: 'new', site: 'Field office' },
    T,
  );
  b.receive([open], T + 10);
  const note = (d: Device, ms: number) => d.write('note.added', { noteId: uuidSource(0xee + ms)(), text: `at ${ms}` }, T + ms);
  const events: CaseEvent[] = [open, note(a, 100), note(b, 50), note(a, 200), note(b, 60), note(b, 300)];
  return { a, b, events };
}

const check = (events: readonly CaseEvent[]) => checkChains(events, { caseId: CASE_ID, hashOf });
const kinds = (events: readonly CaseEvent[]) => check(events).problems.map((p) => p.kind);
const replace = (events: CaseEvent[], index: number, change: Partial<CaseEvent>, rehash = true): CaseEvent[] => {
  const copy = [...events];
  const old = copy[index] as CaseEvent;
  const changed = { ...old, ...change } as CaseEvent;
  copy[index] = rehash ? { ...changed, hash: hashOf(changed) } : changed;
  return copy;
};

describe('checkChains', () => {
  it('orders each device chain by its links and names the tip', () => {
    const { a, b, events } = history();
    const report = check(shuffle(events, prng(7)));
    expect(report).toEqual({
      ok: true,
      problems: [],
      chains: [
        { device: A, order: a.written.map((e) => e.id), tips: [a.prev] },
        { device: B, order: b.written.map((e) => e.id), tips: [b.prev] },
      ],
    });
  });

  it('tolerates exact duplicates', () => {
    const { events } = history();
    expect(check([...events, ...events]).ok).toBe(true);
  });

  it('detects an altered event when given hashOf, and only then', () => {
    const { events } = history();
    const tampered = replace(events, 1, { actor: 'Mallory' }, false);
    expect(check(tampered).problems).toEqual([
      { kind: 'hash-mismatch', eventId: events[1]?.id, stored: events[1]?.hash, computed: hashOf(tampered[1] as CaseEvent) },
    ]);
    expect(checkChains(tampered, { caseId: CASE_ID }).ok).toBe(true);
  });

  it('reports a link to an unknown event when one is missing', () => {
    const { a, events } = history();
    const withoutSecond = events.filter((e) => e.id !== a.written[1]?.id);
    expect(check(withoutSecond).problems).toEqual([
      { kind: 'unknown-prev', eventId: a.written[2]?.id, device: A, prev: a.written[1]?.hash },
    ]);
  });

  it('reports a fork: two events following the same one', () => {
    const { b, events } = history();
    const [, second] = b.written;
    if (!second) throw new Error('setup');
    const sibling = makeEvent({
      id: '99999999-0000-4000-8000-000000000001',
      device: B,
      hlc: formatHlc({ wall: T + 55, counter: 0 }),
      type: 'note.added',
      payload: { noteId: '99999999-0000-4000-8000-000000000002', text: 'rewritten history' },
      prev: second.prev,
    });
    const report = check([...events, sibling]);
    // Listed in event order: the sibling's clock is earlier.
    expect(report.problems).toEqual([{ kind: 'fork', device: B, prev: second.prev, eventIds: [sibling.id, second.id] }]);
    expect(report.chains.find((c) => c.device === B)?.tips).toHaveLength(2);
  });

  it('reports two first events of one device as a fork', () => {
    const { a, events } = history();
    const [first, second, third] = a.written as [CaseEvent, CaseEvent, CaseEvent];
    const restart = replace(events, events.indexOf(second), { prev: null });
    // Re-hashing the second event also cuts the link from the third.
    expect(check(restart).problems).toEqual([
      { kind: 'unknown-prev', eventId: third.id, device: A, prev: second.hash },
      { kind: 'fork', device: A, prev: null, eventIds: [first.id, second.id] },
    ]);
  });

  it('reports events of another case and leaves them out of the chains', () => {
    const { events } = history();
    const stray = makeEvent({
      id: '99999999-0000-4000-8000-000000000003',
      caseId: OTHER_CASE_ID,
      device: A,
      hlc: formatHlc({ wall: T, counter: 9 }),
      type: 'entry.retracted',
      payload: { target: '99999999-0000-4000-8000-000000000004', reason: 'x' },
    });
    const report = check([...events, stray]);
    expect(report.problems).toEqual([{ kind: 'wrong-case', eventId: stray.id, caseId: OTHER_CASE_ID }]);
    expect(report.chains.flatMap((c) => c.order)).not.toContain(stray.id);
  });

  it('reports a link to another device and a clock that does not advance along the chain', () => {
    const { a, b, events } = history();
    const foreign = replace(events, events.indexOf(b.written[2] as CaseEvent), { prev: a.written[0]?.hash ?? null });
    expect(kinds(foreign)).toEqual(['foreign-prev']);
    const backwards = replace(events, events.indexOf(a.written[2] as CaseEvent), { hlc: a.written[1]?.hlc ?? '' });
    expect(check(backwards).problems).toEqual([
      { kind: 'clock-regression', eventId: a.written[2]?.id, prevEventId: a.written[1]?.id },
    ]);
  });

  it('reports one id carrying two different events', () => {
    const { events } = history();
    const twin = replace(events, 3, { actor: 'Someone else' });
    const report = check([...events, twin[3] as CaseEvent]);
    expect(report.problems.map((p) => p.kind)).toEqual(['duplicate-id']);
  });

  it('reports events linked in a circle (possible only with forged hashes)', () => {
    const { a, events } = history();
    const [, x, y] = a.written as [CaseEvent, CaseEvent, CaseEvent];
    const forged = events.map((e) => (e.id === x.id ? { ...x, prev: y.hash } : e));
    const report = checkChains(forged, { caseId: CASE_ID });
    expect(report.problems).toEqual([
      { kind: 'clock-regression', eventId: x.id, prevEventId: y.id },
      { kind: 'unreachable', device: A, eventIds: [x.id, y.id] },
    ]);
    expect(report.chains.find((c) => c.device === A)).toEqual({ device: A, order: [a.written[0]?.id], tips: [a.written[0]?.hash] });
  });
});
