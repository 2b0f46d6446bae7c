/**
 * Random histories: 2–4 devices with their own (skewed, sometimes backwards)
 * clocks write to one case and exchange events at random moments; then the
 * union is delivered in random orders with duplicates.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { categoryIds, priorities, statuses } from '../../../../shared/domain/taxonomy';
import { checkChains } from '../../../../shared/events/chain';
import type { CaseEvent, CaseField, CaseFieldValues, PayloadOf } from '../../../../shared/events/event';
import { caseEventSchema, caseFields, compareEventOrder } from '../../../../shared/events/event';
import { foldCase, type CaseState } from '../../../../shared/events/fold';
import { CASE_ID, Device, deviceId, hashOf, prng, shuffle, uuidSource } from './support';

const T0 = Date.UTC(2026, 10, 23, 8, 0, 0);

type Command =
  | { kind: 'set'; d: number; field: number; value: number }
  | { kind: 'note'; d: number; value: number }
  | { kind: 'editNote'; d: number; pick: number; value: number }
  | { kind: 'entry'; d: number; minutes: number }
  | { kind: 'editEntry'; d: number; pick: number; minutes: number }
  | { kind: 'retract'; d: number; pick: number }
  | { kind: 'sync'; from: number; to: number }
  | { kind: 'time'; ms: number }
  | { kind: 'skew'; d: number; ms: number };

const d = fc.nat(3);
const pick = fc.nat();
const command: fc.Arbitrary<Command> = fc.oneof(
  { weight: 4, arbitrary: fc.record({ kind: fc.constant('set' as const), d, field: fc.nat(caseFields.length - 1), value: fc.nat(5) }) },
  { weight: 2, arbitrary: fc.record({ kind: fc.constant('note' as const), d, value: fc.nat(3) }) },
  { weight: 2, arbitrary: fc.record({ kind: fc.constant('editNote' as const), d, pick, value: fc.nat(3) }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('entry' as const), d, minutes: fc.integer({ min: -600, max: 600 }) }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('editEntry' as const), d, pick, minutes: fc.integer({ min: -600, max: 600 }) }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('retract' as const), d, pick }) },
  { weight: 4, arbitrary: fc.record({ kind: fc.constant('sync' as const), from: d, to: d }) },
  { weight: 2, arbitrary: fc.record({ kind: fc.constant('time' as const), ms: fc.integer({ min: 0, max: 120_000 }) }) },
  // Clocks jump, forwards and backwards.
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('skew' as const), d, ms: fc.integer({ min: -600_000, max: 600_000 }) }) },
);

const scenario = fc.record({
  devices: fc.integer({ min: 2, max: 4 }),
  skews: fc.array(fc.integer({ min: -300_000, max: 300_000 }), { minLength: 4, maxLength: 4 }),
  // Devices that join later receive the opening through a sync command.
  joined: fc.array(fc.boolean(), { minLength: 4, maxLength: 4 }),
  commands: fc.array(command, { minLength: 1, maxLength: 80, size: 'medium' }),
  seed: fc.integer(),
});

function valueFor(field: CaseField, n: number): CaseFieldValues[CaseField] {
  switch (field) {
    case 'category':
      return categoryIds[n % categoryIds.length] ?? 'other';
    case 'priority':
      return priorities[n % priorities.length] ?? 'low';
    case 'status':
      return statuses[n % statuses.length] ?? 'new';
    case 'assignees':
      return ['Ann', 'Bea', 'Cy'].slice(0, n % 4);
    case 'title':
    case 'site':
      return `${field} ${n % 3}`;
    case 'constituency':
    case 'reporter':
    case 'summary':
      // 0 clears the field.
      return n === 0 ? '' : `${field} ${n % 3}`;
  }
}

type Run = { devices: Device[]; all: CaseEvent[]; causalityHeld: boolean };

type Scenario = typeof scenario extends fc.Arbitrary<infer S> ? S : never;

function run({ devices: count, skews, joined, commands }: Scenario): Run {
  let time = T0;
  const offsets = skews.slice(0, count);
  const devices = offsets.map((_, i) => new Device(deviceId(i + 1), `Responder ${i + 1}`, uuidSource(i + 1)));
  const now = (i: number) => Math.max(0, time + (offsets[i] ?? 0));
  let causalityHeld = true;
  const newId = uuidSource(0xee);

  const write = (d: number, writeOne: (device: Device, state: CaseState, nowMs: number) => void) => {
    const i = d % count;
    const device = devices[i];
    if (!device) return;
    const state = foldCase(device.events());
    if (!state) return; // a device only writes to a case it has received
    const seen = device.events().map((e) => e.hlc);
    const writtenBefore = device.written.length;
    writeOne(device, state, now(i));
    const written = device.written.length > writtenBefore ? device.written.at(-1) : undefined;
    // HLC causality: a new event is later than everything its device has seen.
    if (written && seen.some((h) => h >= written.hlc)) causalityHeld = false;
  };

  const opener = devices[0] as Device;
  const opening = { title: 'Outbreak', category: 'malicious-code', priority: 'high', status: 'new', site: 'Plant 1' } as const;
  opener.write('case.opened', opening, now(0));
  devices.forEach((device, i) => {
    if (i > 0 && joined[i]) device.receive(opener.events(), now(i));
  });
  const at = (minutes: number) => new Date(T0 + minutes * 60_000).toISOString().replace('.000Z', '+00:00');

  for (const c of commands) {
    time += 1;
    switch (c.kind) {
      case 'set':
        write(c.d, (device, state, nowMs) => {
          const field = caseFields[c.field] as CaseField;
          const payload = { field, value: valueFor(field, c.value), supersedes: state.fieldHeads[field] };
          device.write('case.field.set', payload as PayloadOf<'case.field.set'>, nowMs);
        });
        break;
      case 'note':
        write(c.d, (device, _state, nowMs) =>
          device.write('note.added', { noteId: newId(), text: `note ${c.value}` }, nowMs),
        );
        break;
      case 'editNote':
        write(c.d, (device, state, nowMs) => {
          const target = state.notes[c.pick % Math.max(1, state.notes.length)];
          if (!target) return;
          device.write('note.edited', { noteId: target.id, text: `edit ${c.value}`, supersedes: target.heads }, nowMs);
        });
        break;
      case 'entry':
        write(c.d, (device, _state, nowMs) =>
          device.write('timeline.added', { entryId: newId(), at: at(c.minutes), text: 'entry' }, nowMs),
        );
        break;
      case 'editEntry':
        write(c.d, (device, state, nowMs) => {
          const target = state.timeline[c.pick % Math.max(1, state.timeline.length)];
          if (!target) return;
          const payload = { entryId: target.id, at: at(c.minutes), text: 'edited', supersedes: target.heads };
          device.write('timeline.edited', payload, nowMs);
        });
        break;
      case 'retract':
        write(c.d, (device, state, nowMs) => {
          const targets = [...state.notes, ...state.timeline];
          const target = targets[c.pick % Math.max(1, targets.length)];
          if (target) device.write('entry.retracted', { target: target.id, reason: 'mistake' }, nowMs);
        });
        break;
      case 'sync': {
        const [from, to] = [devices[c.from % count], devices[c.to % count]];
        if (from && to && from !== to) to.receive(from.events(), now(c.to % count));
        break;
      }
      case 'time':
        time += c.ms;
        break;
      case 'skew':
        offsets[c.d % count] = (offsets[c.d % count] ?? 0) + c.ms;
        break;
    }
  }
  const all = new Map<string, CaseEvent>();
  for (const device of devices) for (const e of device.events()) all.set(e.id, e);
  return { devices, all: [...all.values()], causalityHeld };
}

describe('foldCase over random multi-device histories', () => {
  it('produces valid, chained, causally ordered events', () => {
    fc.assert(
      fc.property(scenario, (s) => {
        const { devices, all, causalityHeld } = run(s);
        expect(causalityHeld).toBe(true);
        for (const e of all) expect(caseEventSchema.safeParse(e).success).toBe(true);
        const report = checkChains(all, { caseId: CASE_ID, hashOf });
        expect(report.problems).toEqual([]);
        for (const device of devices) {
          const chain = report.chains.find((c) => c.device === device.device);
          expect(chain?.order ?? []).toEqual(device.written.map((e) => e.id));
        }
      }),
    );
  });

  it('gives a deep-equal state for every delivery order, with duplicates', () => {
    let withConflicts = 0;
    fc.assert(
      fc.property(scenario, (s) => {
        const { all } = run(s);
        const expected = foldCase(all);
        expect(expected?.eventCount).toBe(all.length);
        if ((expected?.conflicts.length ?? 0) > 0) withConflicts += 1;
        const random = prng(s.seed);
        for (let i = 0; i < 5; i += 1) {
          const duplicates = all.filter(() => random() < 0.3);
          expect(foldCase(shuffle([...all, ...duplicates], random))).toEqual(expected);
        }
        expect(foldCase([...all].sort(compareEventOrder).reverse())).toEqual(expected);
      }),
    );
    // The generator must actually produce concurrent edits, or this proves little.
    expect(withConflicts).toBeGreaterThan(5);
  });

  it('is idempotent under duplicated delivery', () => {
    fc.assert(
      fc.property(scenario, (s) => {
        const { all } = run(s);
        expect(foldCase([...all, ...all])).toEqual(foldCase(all));
        expect(foldCase([...all, ...all.map((e) => structuredClone(e))])).toEqual(foldCase(all));
      }),
    );
  });

  it('converges when every device has every event, and a write that saw all heads clears every conflict', () => {
    fc.assert(
      fc.property(scenario, (s) => {
        const { devices, all } = run(s);
        const later = T0 + 10 ** 9;
        for (const device of devices) device.receive(all, later);
        const states = devices.map((device) => foldCase(device.events()));
        for (const state of states) expect(state).toEqual(states[0]);

        const resolver = devices[1] as Device;
        const state = foldCase(resolver.events());
        if (!state) throw new Error('case missing');
        for (const field of caseFields) {
          const payload = { field, value: state[field], supersedes: state.fieldHeads[field] };
          resolver.write('case.field.set', payload as PayloadOf<'case.field.set'>, later);
        }
        for (const n of state.notes) resolver.write('note.edited', { noteId: n.id, text: n.text, supersedes: n.heads }, later);
        for (const t of state.timeline) {
          resolver.write('timeline.edited', { entryId: t.id, at: t.at, text: t.text, supersedes: t.heads }, later);
        }
        const resolved = foldCase(resolver.events());
        expect(resolved?.conflicts).toEqual([]);
        // Resolving by re-writing the shown values changes nothing else that is visible.
        expect(caseFields.map((f) => resolved?.[f])).toEqual(caseFields.map((f) => state[f]));
      }),
    );
  });
});
