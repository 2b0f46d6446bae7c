/**
 * Random histories: two or three devices work the same phishing checklist
 * offline (steps, decisions, repeated passes), exchange events now and then,
 * and the union is delivered in random orders with duplicates. The fold must
 * not care, and every write must be either the one shown or kept visible.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { CaseEvent, PayloadOf } from '../../../../shared/events/event';
import { checklistStatuses } from '../../../../shared/playbooks/checklist-events';
import { foldChecklists } from '../../../../shared/playbooks/checklist-fold';
import { visitSteps } from '../../../../shared/playbooks/walk';
import { Device, deviceId, prng, shuffle, uuidSource } from '../events/support';
import { builtin, RUN } from './checklist-builders';

const T0 = Date.UTC(2026, 10, 23, 8, 0, 0);
const phishing = builtin('builtin.phishing');
const stepIds = visitSteps(phishing.steps).map((v) => v.step.id);

type Command = { kind: 'set'; d: number; step: number; status: number } | { kind: 'decide'; d: number; yes: boolean } | { kind: 'sync'; from: number; to: number } | { kind: 'time'; ms: number };

const d = fc.nat(2);
const command: fc.Arbitrary<Command> = fc.oneof(
  { weight: 5, arbitrary: fc.record({ kind: fc.constant('set' as const), d, step: fc.nat(stepIds.length - 1), status: fc.nat(checklistStatuses.length - 1) }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('decide' as const), d, yes: fc.boolean() }) },
  { weight: 3, arbitrary: fc.record({ kind: fc.constant('sync' as const), from: d, to: d }) },
  { weight: 2, arbitrary: fc.record({ kind: fc.constant('time' as const), ms: fc.integer({ min: 0, max: 60_000 }) }) },
);

function heads(device: Device, stepId: string, type: 'checklist.step.set' | 'checklist.decision'): string[] {
  const run = foldChecklists(device.events())[0];
  const item = run?.items.find((i) => i.stepId === stepId);
  return (type === 'checklist.decision' ? item?.decision?.heads : item?.heads) ?? [];
}

function play(commands: Command[], seed: number): { devices: Device[]; all: CaseEvent[] } {
  const ids = uuidSource(0xd0);
  const devices = [0, 1, 2].map((n) => new Device(deviceId(0x10 + n), `Responder ${n}`, ids));
  let now = T0;
  const first = devices[0] as Device;
  first.write('playbook.attached', { runId: RUN, playbookId: phishing.id, version: 1, title: phishing.title, snapshot: phishing }, now);
  for (const other of devices.slice(1)) other.receive(first.events(), now);
  const random = prng(seed);
  for (const c of commands) {
    if (c.kind === 'time') now += c.ms;
    else if (c.kind === 'sync') (devices[c.to] as Device).receive((devices[c.from] as Device).events(), now);
    else if (c.kind === 'decide') {
      const dev = devices[c.d] as Device;
      const payload: PayloadOf<'checklist.decision'> = { runId: RUN, stepId: 'phish-interaction', stepTitle: 'Decision', branch: c.yes ? 'true' : 'false', branchLabel: c.yes ? 'Yes' : 'No', supersedes: heads(dev, 'phish-interaction', 'checklist.decision') };
      dev.write('checklist.decision', payload, now + Math.floor(random() * 10));
    } else {
      const dev = devices[c.d] as Device;
      const stepId = stepIds[c.step] as string;
      const status = checklistStatuses[c.status] ?? 'open';
      const payload: PayloadOf<'checklist.step.set'> = {
        runId: RUN,
        stepId,
        stepTitle: stepId,
        status,
        ...(status === 'skipped' || status === 'blocked' ? { reason: `Reason from ${dev.actor}` } : {}),
        supersedes: heads(dev, stepId, 'checklist.step.set'),
      };
      dev.write('checklist.step.set', payload, now + Math.floor(random() * 10));
    }
  }
  const all = new Map<string, CaseEvent>();
  for (const dev of devices) for (const e of dev.events()) all.set(e.id, e);
  return { devices, all: [...all.values()] };
}

describe('checklist fold under random concurrent histories', () => {
  it('gives the same checklist for any delivery order, with duplicates, and loses no write', () => {
    fc.assert(
      fc.property(fc.array(command, { minLength: 1, maxLength: 40 }), fc.integer(), (commands, seed) => {
        const { all } = play(commands, seed);
        const expected = foldChecklists(all);
        const random = prng(seed ^ 0x5eed);
        const delivered = shuffle([...all, ...all.slice(0, Math.floor(all.length / 2))], random);
        expect(foldChecklists(delivered)).toEqual(expected);

        // Every step write is the one shown or a visible loser, or was superseded by a later one that saw it.
        const run = expected[0];
        if (!run) throw new Error('no run');
        const superseded = new Set(all.flatMap((e) => (e.type === 'checklist.step.set' ? e.payload.supersedes : [])));
        for (const e of all) {
          if (e.type !== 'checklist.step.set' || superseded.has(e.id)) continue;
          const item = run.items.find((i) => i.stepId === e.payload.stepId);
          const shown = item?.changed?.eventId === e.id || item?.conflict?.some((c) => c.eventId === e.id) || (item?.heads.includes(e.id) ?? false);
          expect(shown).toBe(true);
        }
      }),
      { numRuns: 150 },
    );
  });

  it('converges: once every device has every event, they all show the same checklist', () => {
    fc.assert(
      fc.property(fc.array(command, { minLength: 1, maxLength: 30 }), fc.integer(), (commands, seed) => {
        const { devices, all } = play(commands, seed);
        for (const dev of devices) dev.receive(all, T0 + 10_000_000);
        const views = devices.map((dev) => foldChecklists(dev.events()));
        expect(views[1]).toEqual(views[0]);
        expect(views[2]).toEqual(views[0]);
      }),
      { numRuns: 60 },
    );
  });
});
