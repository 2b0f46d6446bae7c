import { randomUUID } from 'node:crypto';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { makeTempDir } from '../../../support/temp-dir';
import { checklistConflictCount, foldChecklists } from '../../../../shared/playbooks/checklist-fold';
import { builtinPlaybook } from '../../../../shared/playbooks/library/index';
import { newSession, openingPayload } from '../../../support/vault-fixture';

const counts = (result: { added: readonly unknown[]; duplicates: number }) => ({ added: result.added.length, duplicates: result.duplicates });

/** Two responders' vaults exchanging the events of one case, as bundles and sync will. */
describe('merging the events of one case from two devices', () => {
  let dir: string;
  let cleanup: () => Promise<void>;

  beforeEach(async () => {
    ({ dir, cleanup } = await makeTempDir());
  });
  afterEach(() => cleanup());

  it('converges on the same state, with concurrent edits resolved the same way and the loser kept', async () => {
    const a = await newSession(path.join(dir, 'a'));
    const b = await newSession(path.join(dir, 'b'));
    const opened = await a.session.createCase(openingPayload('Shared case'));
    const caseId = opened.id;
    expect(counts(await b.session.importEvents(caseId, await a.session.caseEvents(caseId)))).toEqual({ added: 1, duplicates: 0 });

    // Offline, both change the priority, and each adds a note.
    const heads = opened.fieldHeads.priority;
    await a.session.append(caseId, 'case.field.set', { field: 'priority', value: 'critical', supersedes: heads });
    await b.session.append(caseId, 'case.field.set', { field: 'priority', value: 'low', supersedes: heads });
    await a.session.append(caseId, 'note.added', { noteId: randomUUID(), text: 'from A' });
    await b.session.append(caseId, 'note.added', { noteId: randomUUID(), text: 'from B' });

    const fromA = await a.session.caseEvents(caseId);
    const fromB = await b.session.caseEvents(caseId);
    expect(counts(await a.session.importEvents(caseId, fromB))).toEqual({ added: 2, duplicates: 1 });
    expect(counts(await b.session.importEvents(caseId, fromA))).toEqual({ added: 2, duplicates: 1 });
    // Importing again changes nothing.
    expect(counts(await b.session.importEvents(caseId, fromA))).toEqual({ added: 0, duplicates: 3 });

    const stateA = await a.session.getCase(caseId);
    const stateB = await b.session.getCase(caseId);
    expect(stateA).toEqual(stateB);
    expect(stateA.notes.map((n) => n.text).sort()).toEqual(['from A', 'from B']);
    expect(stateA.conflicts).toHaveLength(1);
    const [conflict] = stateA.conflicts;
    expect(conflict).toMatchObject({ kind: 'field', field: 'priority' });
    const values = [conflict?.winner.value, ...(conflict?.losers.map((l) => l.value) ?? [])].sort();
    expect(values).toEqual(['critical', 'low']);
    expect(stateA.priority).toBe(conflict?.winner.value);

    // The history shows the losing write, marked as overridden.
    const history = await a.session.history(caseId, 0, 100);
    const overridden = history.items.filter((i) => i.overridden);
    expect(overridden).toHaveLength(1);
    expect(overridden[0]?.text).toContain(conflict?.losers[0]?.value as string);

    // A later write that supersedes both heads resolves the conflict everywhere.
    await b.session.append(caseId, 'case.field.set', { field: 'priority', value: 'high', supersedes: stateB.fieldHeads.priority });
    await a.session.importEvents(caseId, await b.session.caseEvents(caseId));
    const resolved = await a.session.getCase(caseId);
    expect(resolved.priority).toBe('high');
    expect(resolved.conflicts).toEqual([]);
    expect(resolved.devices).toHaveLength(2);

    await a.vault.lock();
    await b.vault.lock();
  });

  it('keeps the case summary exact when imports fold only what they touch', async () => {
    const [a, b, c] = await Promise.all(['a', 'b', 'c'].map((name) => newSession(path.join(dir, name))));
    if (!a || !b || !c) throw new Error('no sessions');
    const opened = await a.session.createCase(openingPayload('Partial folds'));
    const caseId = opened.id;
    for (const other of [b, c]) await other.session.importEvents(caseId, await a.session.caseEvents(caseId));
    // Concurrent writes on three devices: fields, notes and their edits, one checklist step, a timeline entry, a retraction.
    const noteId = randomUUID();
    await a.session.append(caseId, 'note.added', { noteId, text: 'first' });
    const playbook = builtinPlaybook('builtin.phishing');
    if (!playbook) throw new Error('no built-in playbook');
    const runId = randomUUID();
    await a.session.append(caseId, 'playbook.attached', { runId, playbookId: playbook.id, version: playbook.version, title: playbook.title, snapshot: playbook });
    const stepId = foldChecklists(await a.session.caseEvents(caseId))[0]?.items[0]?.stepId ?? '';
    for (const other of [b, c]) await other.session.importEvents(caseId, await a.session.caseEvents(caseId));
    const heads = [(await a.session.getCase(caseId)).notes[0]?.heads ?? []].flat();
    for (const [n, d] of [a, b, c].entries()) {
      await d.session.append(caseId, 'case.field.set', { field: 'status', value: n === 0 ? 'triage' : n === 1 ? 'closed' : 'responding', supersedes: [opened.fieldHeads.status].flat() });
      await d.session.append(caseId, 'note.edited', { noteId, text: `edit ${n}`, supersedes: heads });
      await d.session.append(caseId, 'note.added', { noteId: randomUUID(), text: `own ${n}` });
      await d.session.append(caseId, 'checklist.step.set', { runId, stepId, stepTitle: 'first step', status: n === 1 ? 'skipped' : 'done', ...(n === 1 ? { reason: 'elsewhere' } : {}), supersedes: [] });
    }
    const entryId = randomUUID();
    await c.session.append(caseId, 'timeline.added', { entryId, at: '2026-11-23T09:00:00Z', text: 'seen' });
    await c.session.append(caseId, 'entry.retracted', { target: entryId, reason: 'wrong host' });

    // A fresh vault takes the devices' events in small batches, in a shuffled order.
    const target = await newSession(path.join(dir, 'target'));
    const unique = new Map([...(await a.session.caseEvents(caseId)), ...(await b.session.caseEvents(caseId)), ...(await c.session.caseEvents(caseId))].map((e) => [e.id, e]));
    const all = [...unique.values()].sort((x, y) => (x.hlc < y.hlc ? -1 : 1));
    const byDevice = new Map<string, typeof all>();
    for (const e of all) byDevice.set(e.device, [...(byDevice.get(e.device) ?? []), e]);
    const batches = [...byDevice.values()].flatMap((events) => [events.slice(0, 2), events.slice(2, 4), events.slice(4)]);
    for (const batch of [batches[0] ?? [], ...batches.slice(1).reverse()]) {
      if (batch.length > 0) await target.session.importEvents(caseId, batch);
      const listed = target.session.listCases().find((k) => k.id === caseId);
      const whole = await target.session.getCase(caseId);
      const checklists = checklistConflictCount(await target.session.caseEvents(caseId));
      expect(listed).toMatchObject({ title: whole.title, status: whole.status, eventCount: whole.eventCount, conflictCount: whole.conflicts.length + checklists, updatedAt: whole.updatedAt });
    }
    expect((await target.session.getCase(caseId)).conflicts.map((k) => k.kind).sort()).toEqual(['field', 'note']);
    expect(checklistConflictCount(await target.session.caseEvents(caseId))).toBe(1);
    for (const d of [a, b, c, target]) await d.vault.lock();
  });

  it('refuses an event id that arrives with different content, writing nothing', async () => {
    const a = await newSession(path.join(dir, 'a'));
    const opened = await a.session.createCase(openingPayload('Tamper'));
    const [event] = await a.session.caseEvents(opened.id);
    if (!event) throw new Error('no event');
    const forged = { ...event, hash: 'f'.repeat(64) };
    await expect(a.session.importEvents(opened.id, [forged])).rejects.toMatchObject({ code: 'bad_request' });
    expect((await a.session.getCase(opened.id)).eventCount).toBe(1);
    await a.vault.lock();
  });
});
