import { describe, expect, it } from 'vitest';
import type { CaseEvent, PayloadOf } from '../../../../shared/events/event';
import type { RosterDocument } from '../../../../shared/team/roster';
import { entryAuthors, judgeEvents, type TrustContext } from '../../../../shared/team/trust-rules';
import { A, B, C, hlc, iso, nextId, note, retract } from '../events/case-builders';
import { makeEvent } from '../events/support';

const key = 'A'.repeat(43) + '=';
const enrolled = (device: string, name: string) => ({ device, publicKey: key, name, role: '', site: '', enrolledAt: iso(0) });
// A is the coordinator, B an enrolled field device, C was revoked at +10 s.
const roster: RosterDocument = {
  format: 'outpost-team-roster',
  version: 1,
  serial: 3,
  issuedAt: iso(0),
  coordinator: { device: A, publicKey: key },
  previous: 'a'.repeat(64),
  devices: [enrolled(A, 'Ann'), enrolled(B, 'Bea')],
  revoked: [{ device: C, publicKey: key, name: 'Cy', revokedAt: iso(10_000), reason: 'lost' }],
};

function judge(events: CaseEvent[], context: Partial<TrustContext> = {}) {
  const authors = entryAuthors(events);
  return judgeEvents(events, { roster, self: A, coordinator: A, authorOf: (_c, id) => authors.get(id), ...context });
}

// Only the ids matter to the rules; the rest of these payloads is left out.
const attached = (device: string, fileId: string) => makeEvent({ id: nextId(), device, hlc: hlc(1), type: 'evidence.file.attached', payload: { itemId: nextId(), fileId } as PayloadOf<'evidence.file.attached'> });
const registered = (device: string, itemId: string) => makeEvent({ id: nextId(), device, hlc: hlc(1), type: 'evidence.registered', payload: { itemId } as PayloadOf<'evidence.registered'> });
const record = (device: string, recordId: string) => makeEvent({ id: nextId(), device, hlc: hlc(1), type: 'record.added', payload: { recordId } as PayloadOf<'record.added'> });
const imported = (device: string, recordId: string) => makeEvent({ id: nextId(), device, hlc: hlc(1), type: 'records.imported', payload: { kind: 'indicator', rows: [{ recordId }] } as PayloadOf<'records.imported'> });
const run = (device: string, runId: string) => makeEvent({ id: nextId(), device, hlc: hlc(1), type: 'playbook.attached', payload: { runId } as PayloadOf<'playbook.attached'> });
const accessed = (device: string) => makeEvent({ id: nextId(), device, hlc: hlc(1), type: 'evidence.accessed', payload: { itemId: nextId() } as PayloadOf<'evidence.accessed'> });

describe('trust rules (shared/team/trust-rules.ts)', () => {
  it('refuses a field device retracting anything another device wrote: note, evidence item, file, access, record, imported record, checklist run', () => {
    const id = () => nextId();
    const targets: Array<[string, CaseEvent]> = [];
    for (const make of [(t: string) => note(A, 1, t, 'x'), (t: string) => registered(A, t), (t: string) => attached(A, t), (t: string) => record(A, t), (t: string) => imported(A, t), (t: string) => run(A, t)]) {
      const t = id();
      targets.push([t, make(t)]);
    }
    const access = accessed(A);
    targets.push([access.id, access]);
    for (const [target, written] of targets) {
      const verdict = judge([written, retract(B, 2, target, 'not mine')]);
      expect(verdict.refusals, written.type).toEqual([expect.stringMatching(new RegExp(`retracts ${target}, but device .* did not write it .*only the coordinator may retract`))]);
    }
  });

  it('lets a device retract its own work, the coordinator retract anyone’s, and does not judge a target it cannot find', () => {
    const mine = nextId();
    const theirs = nextId();
    expect(judge([note(B, 1, mine, 'x'), retract(B, 2, mine, 'typo')]).refusals).toEqual([]);
    expect(judge([note(B, 1, theirs, 'x'), retract(A, 2, theirs, 'wrong case')]).refusals).toEqual([]);
    expect(judge([retract(B, 2, nextId(), 'nothing')]).refusals).toEqual([]);
  });

  it('holds for devices not on the roster, or any other device without one; refuses a revoked device’s work from the millisecond of its revocation', () => {
    const stranger = 'd'.repeat(64);
    expect(judge([note(stranger, 1, nextId(), 'x'), note(B, 1, nextId(), 'y')]).unknownDevices).toEqual([stranger]);
    expect(judge([note(B, 1, nextId(), 'y'), note(A, 1, nextId(), 'z')], { roster: null }).unknownDevices).toEqual([B]);
    expect(judge([note(C, 9_999, nextId(), 'before')]).refusals).toEqual([]);
    expect(judge([note(C, 10_000, nextId(), 'same millisecond')]).refusals).toEqual([expect.stringMatching(/written after the device was revoked/)]);
  });
});
