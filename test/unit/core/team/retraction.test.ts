import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { snapshotDir } from '../../../support/temp-dir';
import { desksPerTest, enrol, exportFile, finish, importFile, type Desk } from '../bundles/bundle-fixture';

const PASS = 'bundle passphrase for the test';

describe('a device may retract only what it wrote, unless it is the coordinator’s', () => {
  const work = desksPerTest();

  /** The coordinator's case, with a note and an evidence item of its own, handed to an enrolled field vault. */
  async function setUp(): Promise<{ coordinator: Desk; field: Desk; caseId: string; noteId: string; itemId: string; recipient: string }> {
    const coordinator = await work.desk('coordinator');
    const field = await work.desk('field');
    await enrol(coordinator, field, work.dir, 'Ana Field');
    const recipient = (await coordinator.call('keys.show', {})).coordinator?.recipient ?? '';
    const opened = await coordinator.call('case.create', { title: 'Coordinator case', category: 'fraud', priority: 'low' });
    const noted = await coordinator.call('note.add', { caseId: opened.id, text: 'written by the coordinator' });
    const item = await coordinator.call('evidence.register', { caseId: opened.id, description: 'seized laptop', type: 'physical-item' });
    const handOver = path.join(work.dir, 'to-field.outpost');
    await exportFile(coordinator, [opened.id], handOver, { passphrase: PASS });
    await importFile(field, handOver, { passphrase: PASS });
    return { coordinator, field, caseId: opened.id, noteId: noted.notes[0]?.id ?? '', itemId: item.id, recipient };
  }

  it('refuses, where it is written, a field device retracting the coordinator’s note or evidence; its own note it may retract', async () => {
    const { field, caseId, noteId, itemId } = await setUp();
    const before = await field.call('case.history', { id: caseId, offset: 0, limit: 100 });
    expect(await field.fail('entry.retract', { caseId, target: noteId, reason: 'not mine' })).toMatchObject({ code: 'forbidden', message: expect.stringMatching(/Only the device that wrote it, or the coordinator's, can retract this: it was written by device/) as unknown });
    expect(await field.fail('evidence.retract', { caseId, target: itemId, reason: 'not mine' })).toMatchObject({ code: 'forbidden' });
    expect((await field.call('case.history', { id: caseId, offset: 0, limit: 100 })).total).toBe(before.total);
    const own = await field.call('note.add', { caseId, text: 'my own note' });
    const ownNote = own.notes.find((n) => n.text === 'my own note')?.id ?? '';
    expect((await field.call('entry.retract', { caseId, target: ownNote, reason: 'typo' })).notes.find((n) => n.id === ownNote)?.retracted).toBeDefined();
  });

  it('refuses on import a bundle in which a field device retracts the coordinator’s note, and writes nothing', async () => {
    const { coordinator, field, caseId, noteId, recipient } = await setUp();
    // Written past the API (as a modified client would), so the importer's own rule is what is tested.
    await field.core.vault.unlocked().append(caseId, 'entry.retracted', { target: noteId, reason: 'hide it' });
    const bundle = path.join(work.dir, 'retracts.outpost');
    await exportFile(field, [caseId], bundle, { recipients: [recipient] });
    const before = await snapshotDir(coordinator.dir);
    const job = await finish(coordinator, await coordinator.call('bundle.import', { path: bundle }));
    expect(job.state).toBe('failed');
    expect(job.error?.message).toMatch(new RegExp(`The bundle was refused: event \\S+ retracts ${noteId}, but device .* did not write it .*only the coordinator may retract another device's work`));
    expect(await snapshotDir(coordinator.dir)).toEqual(before);
    expect((await coordinator.call('case.get', { id: caseId })).notes.find((n) => n.id === noteId)?.retracted).toBeUndefined();
  });

  it('lets the coordinator retract a field device’s note, here and in the field vault that imports it', async () => {
    const { coordinator, field, caseId } = await setUp();
    const added = await field.call('note.add', { caseId, text: 'field note' });
    const fieldNote = added.notes.find((n) => n.text === 'field note')?.id ?? '';
    const up = path.join(work.dir, 'up.outpost');
    await exportFile(field, [caseId], up, { recipients: [(await coordinator.call('keys.show', {})).coordinator?.recipient ?? ''] });
    await importFile(coordinator, up);
    const retracted = await coordinator.call('entry.retract', { caseId, target: fieldNote, reason: 'wrong case' });
    expect(retracted.notes.find((n) => n.id === fieldNote)?.retracted).toMatchObject({ reason: 'wrong case' });
    // The field vault joins the team (profile with roster) and takes the coordinator's retraction.
    await coordinator.call('team.exportProfile', { path: path.join(work.dir, 'team.json'), name: 'Team' });
    await field.call('team.importProfile', { path: path.join(work.dir, 'team.json') });
    const down = path.join(work.dir, 'down.outpost');
    await exportFile(coordinator, [caseId], down, { passphrase: PASS });
    await importFile(field, down, { passphrase: PASS });
    expect((await field.call('case.get', { id: caseId })).notes.find((n) => n.id === fieldNote)?.retracted).toMatchObject({ reason: 'wrong case' });
  });
});
