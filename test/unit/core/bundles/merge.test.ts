import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { type Desk, desksPerTest, enrol, exportFile, importFile, seedCase } from './bundle-fixture';

/** Two responders work the same case offline (the same checklist step too); a coordinator imports both bundles in either order. */
describe('merging bundles of one case from two responders', () => {
  const work = desksPerTest();
  const desk = work.desk;

  it('gives the same state in either order, with the conflicts listed and nothing lost', async () => {
    const coordinator = await desk('coordinator');
    const { coordinator: key } = await coordinator.call('keys.coordinatorInit', {});
    const recipients = [key?.recipient ?? ''];
    const a = await desk('a');
    const b = await desk('b');
    await enrol(coordinator, a, work.dir, 'Responder A');
    await enrol(coordinator, b, work.dir, 'Responder B');
    const caseId = await seedCase(a, 'Shared outbreak', work.dir);
    const run = await a.call('checklist.attach', { caseId, playbookId: 'builtin.phishing' });
    await exportFile(a, [caseId], path.join(work.dir, 'start.outpost'), { recipients });
    await importFile(b, path.join(work.dir, 'start.outpost'), { identityFile: await identityFileOf(coordinator, work.dir) });

    // Offline: both change the priority, both mark the same checklist step, each adds a note.
    const heads = (await a.call('case.get', { id: caseId })).fieldHeads.priority ?? [];
    const runId = run.runs[0]?.runId ?? '';
    const stepId = run.runs[0]?.items[0]?.stepId ?? '';
    await a.call('case.setField', { caseId, change: { field: 'priority', value: 'critical', supersedes: heads } });
    await b.call('case.setField', { caseId, change: { field: 'priority', value: 'low', supersedes: heads } });
    await a.call('checklist.setStep', { caseId, runId, stepId, status: 'done' });
    await b.call('checklist.setStep', { caseId, runId, stepId, status: 'skipped', reason: 'not applicable here' });
    await a.call('note.add', { caseId, text: 'from A' });
    await b.call('note.add', { caseId, text: 'from B' });
    await exportFile(a, [caseId], path.join(work.dir, 'a.outpost'), { recipients });
    await exportFile(b, [caseId], path.join(work.dir, 'b.outpost'), { recipients });

    const c1 = coordinator;
    const c2 = await desk('coordinator-2');
    const idFile = await identityFileOf(coordinator, work.dir);
    const first = await importFile(c1, path.join(work.dir, 'a.outpost'));
    const second = await importFile(c1, path.join(work.dir, 'b.outpost'));
    await importFile(c2, path.join(work.dir, 'b.outpost'), { identityFile: idFile });
    await importFile(c2, path.join(work.dir, 'a.outpost'), { identityFile: idFile });

    expect(first.newCases).toEqual([caseId]);
    expect(second.newCases).toEqual([]);
    expect(second.duplicatesSkipped).toBeGreaterThan(0);
    expect(second.conflicts.map((c) => c.kind).sort()).toEqual(['checklist-step', 'field']);
    expect(second.conflicts.find((c) => c.kind === 'field')?.detail).toMatch(/priority/);
    const s1 = await c1.call('case.get', { id: caseId });
    const s2 = await c2.call('case.get', { id: caseId });
    expect(s1).toEqual(s2);
    expect(s1.notes.map((n) => n.text).sort()).toEqual(['first note in Shared outbreak', 'from A', 'from B']);
    expect(await c1.call('checklist.get', { caseId })).toEqual(await c2.call('checklist.get', { caseId }));
    expect((await c1.call('case.history', { id: caseId, offset: 0, limit: 500 })).total).toBe((await c2.call('case.history', { id: caseId, offset: 0, limit: 500 })).total);

    // The case list counts what the report counted, the checklist step included, in either order and after a restart.
    const listed = async (d: Desk) => (await d.call('case.list', {})).find((c) => c.id === caseId)?.conflictCount;
    expect(await listed(c1)).toBe(2);
    expect(await listed(c2)).toBe(2);
    await c2.call('vault.lock', {});
    await c2.call('vault.unlock', { passphrase: 'correct horse battery staple' });
    expect(await listed(c2)).toBe(2);
    // Settling the step on the coordinator leaves the priority to review.
    await c1.call('checklist.setStep', { caseId, runId, stepId, status: 'done' });
    expect(await listed(c1)).toBe(1);
  });
});

/** The coordinator's identity as a standard age identity file, so a second coordinator vault can open the same bundles. */
async function identityFileOf(coordinator: Desk, dir: string): Promise<string> {
  const { readCoordinator } = await import('../../../../electron/core/bundles/key-store');
  const { formatIdentityFile } = await import('../../../../electron/core/age');
  const { writeFile } = await import('node:fs/promises');
  const identity = await readCoordinator(coordinator.core.vault.unlocked());
  const file = path.join(dir, 'coordinator-id.txt');
  await writeFile(file, formatIdentityFile(identity as NonNullable<typeof identity>));
  return file;
}
