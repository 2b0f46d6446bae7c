import { randomUUID } from 'node:crypto';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { makeTempDir } from '../../../support/temp-dir';
import { newSession, openingPayload } from '../../../support/vault-fixture';

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
    expect(await b.session.importEvents(caseId, await a.session.caseEvents(caseId))).toEqual({ added: 1, duplicates: 0 });

    // Offline, both change the priority, and each adds a note.
    const heads = opened.fieldHeads.priority;
    await a.session.append(caseId, 'case.field.set', { field: 'priority', value: 'critical', supersedes: heads });
    await b.session.append(caseId, 'case.field.set', { field: 'priority', value: 'low', supersedes: heads });
    await a.session.append(caseId, 'note.added', { noteId: randomUUID(), text: 'from A' });
    await b.session.append(caseId, 'note.added', { noteId: randomUUID(), text: 'from B' });

    const fromA = await a.session.caseEvents(caseId);
    const fromB = await b.session.caseEvents(caseId);
    expect(await a.session.importEvents(caseId, fromB)).toEqual({ added: 2, duplicates: 1 });
    expect(await b.session.importEvents(caseId, fromA)).toEqual({ added: 2, duplicates: 1 });
    // Importing again changes nothing.
    expect(await b.session.importEvents(caseId, fromA)).toEqual({ added: 0, duplicates: 3 });

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
