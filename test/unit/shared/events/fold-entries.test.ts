import { describe, expect, it } from 'vitest';
import { A, B, C, editEntry, editNote, entry, fold, iso, nextId, note, opened, retract } from './case-builders';

describe('foldCase: notes and timeline', () => {
  it('adds, edits and retracts notes, keeping the retracted note', () => {
    const o = opened();
    const [n1, n2] = [nextId(), nextId()];
    const add1 = note(A, 1000, n1, 'Mail gateway quarantined 40 messages');
    const add2 = note(B, 2000, n2, 'Wrong host');
    const edit = editNote(B, 3000, n1, 'Mail gateway quarantined 42 messages', [add1]);
    const gone = retract(C, 4000, n2, 'Belongs to another case');
    const state = fold([o, add1, add2, edit, gone, retract(C, 5000, nextId(), 'Unknown target')]);
    expect(state.notes).toEqual([
      {
        id: n1,
        text: 'Mail gateway quarantined 42 messages',
        author: 'Actor a1',
        device: A,
        addedAt: iso(1000),
        editedAt: iso(3000),
        editedBy: 'Actor b2',
        heads: [edit.id],
      },
      {
        id: n2,
        text: 'Wrong host',
        author: 'Actor b2',
        device: B,
        addedAt: iso(2000),
        retracted: { reason: 'Belongs to another case', by: 'Cy', device: C, at: iso(4000), eventId: gone.id },
        heads: [add2.id],
      },
    ]);
    expect(state.conflicts).toEqual([]);
  });

  it('shows concurrent note edits as a conflict and ignores edits of unknown notes', () => {
    const o = opened();
    const n = nextId();
    const add = note(A, 1000, n, 'v1');
    const e1 = editNote(A, 2000, n, 'v2 by A', [add]);
    const e2 = editNote(B, 2000, n, 'v2 by B', [add]);
    const stray = editNote(B, 2500, nextId(), 'orphan', []);
    const state = fold([o, add, e1, e2, stray]);
    expect(state.notes).toHaveLength(1);
    expect(state.notes[0]?.text).toBe('v2 by B');
    expect(state.conflicts).toMatchObject([{ kind: 'note', noteId: n, losers: [{ eventId: e1.id, value: 'v2 by A' }] }]);
  });

  it('orders the timeline by the instant of `at`, offsets included, and follows edits', () => {
    const o = opened();
    const [x, y, z] = [nextId(), nextId(), nextId()];
    const ex = entry(A, 1000, x, '2026-11-23T14:05:00+01:00', 'Alert'); // 13:05Z
    const ey = entry(B, 2000, y, '2026-11-23T13:30:00Z', 'Mail reported');
    const ez = entry(A, 3000, z, '2026-11-23T08:00:00-05:00', 'Phish opened'); // 13:00Z
    const before = fold([o, ex, ey, ez]);
    expect(before.timeline.map((e) => e.id)).toEqual([z, x, y]);

    // Same instant as y: the entry added first comes first.
    const move = editEntry(B, 4000, z, '2026-11-23T13:30:00Z', 'Moved', [ez]);
    const after = fold([o, ex, ey, ez, move]);
    expect(after.timeline.map((e) => [e.id, e.text])).toEqual([[x, 'Alert'], [y, 'Mail reported'], [z, 'Moved']]);
    expect(after.timeline[2]).toMatchObject({ at: '2026-11-23T13:30:00Z', editedAt: iso(4000), heads: [move.id] });
  });

  it('reports concurrent timeline edits and retractions of entries', () => {
    const o = opened();
    const x = nextId();
    const add = entry(A, 1000, x, '2026-11-23T13:05:00Z', 'Alert');
    const e1 = editEntry(A, 2000, x, '2026-11-23T13:06:00Z', 'Alert (SIEM)', [add]);
    const e2 = editEntry(B, 2100, x, '2026-11-23T13:05:00Z', 'Alert (EDR)', [add]);
    const state = fold([o, add, e1, e2, retract(B, 3000, x, 'Test alert')]);
    expect(state.timeline[0]).toMatchObject({ text: 'Alert (EDR)', retracted: { reason: 'Test alert' } });
    expect(state.conflicts).toMatchObject([
      { kind: 'timeline', entryId: x, losers: [{ eventId: e1.id, value: { at: '2026-11-23T13:06:00Z', text: 'Alert (SIEM)' } }] },
    ]);
  });
});
