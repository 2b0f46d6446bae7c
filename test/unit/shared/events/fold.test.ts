import { describe, expect, it } from 'vitest';
import { caseSummary, foldCase } from '../../../../shared/events/fold';
import { A, B, C, fold, hlc, iso, nextId, note, editNote, opened, retract, set } from './case-builders';
import { CASE_ID, makeEvent, OTHER_CASE_ID, prng, shuffle } from './support';

describe('foldCase: opening and fields', () => {
  it('returns null without a case.opened event', () => {
    const o = opened();
    expect(foldCase([])).toBeNull();
    expect(foldCase([set(A, 10, 'title', 'T', [o]), note(A, 20, nextId(), 'x')])).toBeNull();
  });

  it('takes the opening values, with empty defaults for optional fields', () => {
    const o = opened(A, 0, { reporter: 'Dan' });
    const state = fold([o]);
    expect(state).toEqual({
      id: CASE_ID,
      title: 'Phishing wave',
      category: 'fraud',
      priority: 'medium',
      status: 'new',
      site: 'HQ',
      constituency: '',
      reporter: 'Dan',
      summary: '',
      assignees: [],
      openedAt: iso(0),
      openedBy: 'Ann',
      updatedAt: iso(0),
      eventCount: 1,
      devices: [A],
      notes: [],
      timeline: [],
      fieldHeads: Object.fromEntries(
        ['title', 'category', 'priority', 'status', 'site', 'constituency', 'reporter', 'summary', 'assignees'].map((f) => [f, [o.id]]),
      ),
      conflicts: [],
    });
    expect(caseSummary(state)).toEqual({
      id: CASE_ID,
      title: 'Phishing wave',
      category: 'fraud',
      priority: 'medium',
      status: 'new',
      site: 'HQ',
      updatedAt: iso(0),
      openedAt: iso(0),
      eventCount: 1,
      conflictCount: 0,
    });
  });

  it('applies successive field writes; any write supersedes the opening', () => {
    const o = opened();
    const s1 = set(A, 1000, 'status', 'triage', []);
    const s2 = set(A, 2000, 'status', 'responding', [s1]);
    const s3 = set(B, 3000, 'assignees', ['Ann', 'Bea'], [o]);
    const state = fold([o, s1, s2, s3]);
    expect(state.status).toBe('responding');
    expect(state.assignees).toEqual(['Ann', 'Bea']);
    expect(state.fieldHeads.status).toEqual([s2.id]);
    expect(state.fieldHeads.title).toEqual([o.id]);
    expect(state.conflicts).toEqual([]);
    expect(state.updatedAt).toBe(iso(3000));
    expect(state.devices).toEqual([A, B]);
    expect(state.eventCount).toBe(4);
  });

  it('keeps a concurrent write visible as a conflict; the greater hlc wins', () => {
    const o = opened();
    const a = set(A, 5000, 'priority', 'high', [o]);
    const b = set(B, 4000, 'priority', 'low', [o]);
    const state = fold([o, a, b]);
    expect(state.priority).toBe('high');
    expect(state.fieldHeads.priority).toEqual([b.id, a.id]);
    expect(state.conflicts).toEqual([
      {
        kind: 'field',
        field: 'priority',
        winner: { eventId: a.id, device: A, actor: 'Actor a1', hlc: a.hlc, value: 'high' },
        losers: [{ eventId: b.id, device: B, actor: 'Actor b2', hlc: b.hlc, value: 'low' }],
      },
    ]);
    expect(caseSummary(state).conflictCount).toBe(1);
  });

  it('breaks an hlc tie by device id', () => {
    const o = opened();
    const a = set(A, 5000, 'site', 'Annex', [o], 3);
    const b = set(B, 5000, 'site', 'Branch', [o], 3);
    for (const order of [[o, a, b], [b, a, o]]) {
      const state = fold(order);
      expect(state.site).toBe('Branch');
      expect(state.conflicts).toMatchObject([{ field: 'site', losers: [{ eventId: a.id, value: 'Annex' }] }]);
    }
  });

  it('is resolved by a write that supersedes all heads, not by one that supersedes only one', () => {
    const o = opened();
    const a = set(A, 5000, 'status', 'triage', [o]);
    const b = set(B, 6000, 'status', 'responding', [o]);
    const partial = set(C, 7000, 'status', 'recovering', [b]);
    const stillOpen = fold([o, a, b, partial]);
    expect(stillOpen.status).toBe('recovering');
    expect(stillOpen.conflicts).toMatchObject([{ field: 'status', losers: [{ eventId: a.id, value: 'triage' }] }]);
    expect(stillOpen.fieldHeads.status).toEqual([a.id, partial.id]);

    const full = set(A, 8000, 'status', 'closed', [a, partial]);
    const resolved = fold([o, a, b, partial, full]);
    expect(resolved.status).toBe('closed');
    expect(resolved.conflicts).toEqual([]);
    expect(resolved.fieldHeads.status).toEqual([full.id]);
  });

  it('lets a resolution keep the older value', () => {
    const o = opened();
    const a = set(A, 5000, 'title', 'Phishing (finance)', [o]);
    const b = set(B, 6000, 'title', 'Phishing (HR)', [o]);
    const pick = set(A, 7000, 'title', 'Phishing (finance)', [a, b]);
    const state = fold([o, a, b, pick]);
    expect(state.title).toBe('Phishing (finance)');
    expect(state.conflicts).toEqual([]);
  });

  it('never lets a superseded write win, whatever its clock', () => {
    const o = opened();
    const late = set(A, 9000, 'priority', 'critical', [o]);
    const superseding = set(B, 8000, 'priority', 'low', [late]);
    const state = fold([o, late, superseding]);
    expect(state.priority).toBe('low');
    expect(state.conflicts).toEqual([]);
  });

  it('does not report concurrent writes of the same value as a conflict, but keeps both heads', () => {
    const o = opened();
    const a = set(A, 5000, 'priority', 'high', [o]);
    const b = set(B, 5001, 'priority', 'high', [o]);
    const c = set(A, 6000, 'assignees', ['Ann', 'Bea'], [o]);
    const d = set(B, 6001, 'assignees', ['Bea', 'Ann'], [o]);
    const state = fold([o, a, b, c, d]);
    expect(state.fieldHeads.priority).toEqual([a.id, b.id]);
    // Order in a list is part of its value.
    expect(state.conflicts.map((x) => (x.kind === 'field' ? x.field : x.kind))).toEqual(['assignees']);
  });
});

describe('foldCase: duplicates, order and foreign events', () => {
  it('gives the same state in every order and with duplicates', () => {
    const o = opened();
    const n = nextId();
    const events = [
      o,
      set(A, 1000, 'priority', 'high', [o]),
      set(B, 1000, 'priority', 'low', [o]),
      note(B, 1500, n, 'first'),
      editNote(A, 2500, n, 'second', []),
      retract(C, 3000, n, 'duplicate note'),
    ];
    const expected = fold(events);
    for (let seed = 1; seed <= 20; seed += 1) {
      const random = prng(seed);
      const delivered = shuffle([...events, ...events.filter(() => random() < 0.5)], random);
      expect(fold(delivered)).toEqual(expected);
    }
    expect(expected.eventCount).toBe(6);
  });

  it('ignores events of another case', () => {
    const o = opened();
    const foreign = makeEvent({
      id: nextId(),
      caseId: OTHER_CASE_ID,
      device: B,
      hlc: hlc(9000),
      type: 'case.field.set',
      payload: { field: 'title', value: 'Other', supersedes: [o.id] },
    });
    const state = fold([o, foreign]);
    expect(state.title).toBe('Phishing wave');
    expect(state.eventCount).toBe(1);
    expect(state.devices).toEqual([A]);
  });

  it('with two openings, the earliest wins and differing fields are conflicts until overwritten', () => {
    const first = opened(B, 1000, { summary: 'From the SOC' });
    const second = opened(A, 2000, { title: 'Phishing campaign', summary: 'From the SOC' , priority: 'high' });
    const state = fold([second, first]);
    expect(state.title).toBe('Phishing wave');
    expect(state.priority).toBe('medium');
    expect(state.openedAt).toBe(iso(1000));
    expect(state.openedBy).toBe('Bea');
    expect(state.conflicts).toMatchObject([
      { field: 'title', winner: { eventId: first.id }, losers: [{ eventId: second.id, value: 'Phishing campaign' }] },
      { field: 'priority', winner: { eventId: first.id }, losers: [{ eventId: second.id, value: 'high' }] },
    ]);
    expect(state.fieldHeads.title).toEqual([first.id, second.id]);

    const fix = set(A, 3000, 'priority', 'high', []);
    const fixed = fold([first, second, fix]);
    expect(fixed.priority).toBe('high');
    expect(fixed.conflicts.map((x) => (x.kind === 'field' ? x.field : ''))).toEqual(['title']);
  });
});
