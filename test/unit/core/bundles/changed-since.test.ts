import { createReadStream } from 'node:fs';
import { readdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, it, vi } from 'vitest';
import { decrypt } from '../../../../electron/core/age';
import { exportBundle } from '../../../../electron/core/bundles/export';
import { lastExportTo, recordExport } from '../../../../electron/core/bundles/export-log';
import { readCoordinator } from '../../../../electron/core/bundles/key-store';
import { readTar } from '../../../../electron/core/tar';
import { NOT_FOR_PASSPHRASE, type BundleChanges, type BundleExportResult, type BundleJobView } from '../../../../shared/api/bundle-schemas';
import type { CaseEvent } from '../../../../shared/events/event';
import { type Desk, desksPerTest, enrol, finish, importFile, runJob, seedCase } from './bundle-fixture';

/** Every entry of a bundle, decrypted with the coordinator's own identity. */
async function entriesOf(coordinator: Desk, file: string): Promise<Map<string, Buffer>> {
  const identity = await readCoordinator(coordinator.core.vault.unlocked());
  if (!identity) throw new Error('no coordinator identity');
  const entries = new Map<string, Buffer>();
  for await (const entry of readTar(decrypt(createReadStream(file), { identities: [identity] }), { maxEntryBytes: 1 << 30 })) {
    const chunks: Buffer[] = [];
    for await (const chunk of entry.stream) chunks.push(chunk as Buffer);
    entries.set(entry.name, Buffer.concat(chunks));
  }
  return entries;
}

const eventsIn = (entries: Map<string, Buffer>, caseId: string): CaseEvent[] =>
  (entries.get(`cases/${caseId}.jsonl`)?.toString('utf8') ?? '')
    .split('\n')
    .filter(Boolean)
    .map((line) => JSON.parse(line) as CaseEvent);

const blobsIn = (entries: Map<string, Buffer>) => [...entries.keys()].filter((n) => n.startsWith('blobs/')).map((n) => n.slice('blobs/'.length));

async function attach(desk: Desk, caseId: string, file: string, bytes: Buffer): Promise<string> {
  const item = await desk.call('evidence.register', { caseId, description: `file ${path.basename(file)}`, type: 'file' });
  await writeFile(file, bytes);
  await runJob(desk, (await desk.call('evidence.attach', { caseId, itemId: item.id, path: file })) as unknown as BundleJobView);
  return item.id;
}

async function exportChanged(desk: Desk, file: string): Promise<BundleJobView> {
  return finish(desk, await desk.call('bundle.export', { changedSince: true, path: file }));
}

describe('bundle export of everything changed since the last export to a coordinator', () => {
  const work = desksPerTest();
  const desk = work.desk;

  /** A coordinator, a field vault that imported its team profile, and a second field device (B); both enrolled. */
  async function team() {
    const coordinator = await desk('coordinator');
    const field = await desk('field');
    const b = await desk('field-b');
    await coordinator.call('keys.coordinatorInit', {});
    // Both field devices are on the roster the profile carries, so each vault takes the other's work.
    await enrol(coordinator, field, work.dir, 'Field A');
    await enrol(coordinator, b, work.dir, 'Field B');
    await coordinator.call('team.exportProfile', { path: path.join(work.dir, 'team.json'), name: 'CSIRT Lyon' });
    await field.call('team.importProfile', { path: path.join(work.dir, 'team.json') });
    return { coordinator, field, b };
  }

  /** A second field device (B) that writes into the field vault's case; its events reach the field vault by a passphrase bundle. */
  async function fromB(b: Desk, field: Desk, caseId: string, text: string, name: string): Promise<void> {
    await b.call('note.add', { caseId, text });
    const file = path.join(work.dir, `${name}.outpost`);
    await runJob(b, await b.call('bundle.export', { caseIds: [caseId], path: file, passphrase: 'hand it over' }));
    await importFile(field, file, { passphrase: 'hand it over' });
  }

  it('after a full export, holds only the new events of each device and only the new evidence, and says since when', async () => {
    const { coordinator, field, b } = await team();
    const caseId = await seedCase(field, 'Depot outbreak', work.dir);
    const other = await seedCase(field, 'Quiet case', work.dir, 1000);
    const start = path.join(work.dir, 'start.outpost');
    await runJob(field, await field.call('bundle.export', { caseIds: [caseId], path: start, passphrase: 'hand it over' }));
    await importFile(b, start, { passphrase: 'hand it over' });
    await fromB(b, field, caseId, 'B was here first', 'b1');

    const full = path.join(work.dir, 'full.outpost');
    const first = await runJob<BundleExportResult>(field, await field.call('bundle.export', { caseIds: [caseId, other], path: full }));
    expect(first.since).toBeNull();
    const nothing: BundleChanges = await field.call('bundle.changes', {});
    expect(nothing).toMatchObject({ coordinator: 'CSIRT Lyon', cases: [], events: 0, blobs: 0 });
    expect(nothing.lastExportAt).toEqual(expect.any(String));
    const fullEntries = await entriesOf(coordinator, full);
    const sentIds = new Set(eventsIn(fullEntries, caseId).map((e) => e.id));

    // New events on both devices' chains, and a new evidence file.
    await field.call('note.add', { caseId, text: 'A: the server is isolated' });
    await fromB(b, field, caseId, 'B: the backups are intact', 'b2');
    await attach(field, caseId, path.join(work.dir, 'memory.bin'), Buffer.alloc(50_000, 7));
    const pending = await field.call('bundle.changes', {});
    expect(pending).toMatchObject({ cases: [{ caseId, title: 'Depot outbreak' }], blobs: 1, blobBytes: 50_000 });

    const delta = path.join(work.dir, 'delta.outpost');
    const view = await exportChanged(field, delta);
    expect(view).toMatchObject({ state: 'done', result: { cases: 1, blobs: 1, since: nothing.lastExportAt } });
    const entries = await entriesOf(coordinator, delta);
    const manifest = JSON.parse(entries.get('MANIFEST.json')?.toString('utf8') ?? '{}') as { since: string | null; cases: Array<{ caseId: string; events: number }> };
    expect(manifest.since).toBe(nothing.lastExportAt);
    expect(manifest.cases).toEqual([expect.objectContaining({ caseId, events: pending.events })]);
    const all = await field.core.vault.unlocked().caseEvents(caseId);
    const expected = all.filter((e) => !sentIds.has(e.id));
    const sent = eventsIn(entries, caseId);
    // The new events, in the order a full export writes them: A's note, B's note, A's evidence (register, attach).
    expect(sent.map((e) => e.id)).toEqual(expected.map((e) => e.id));
    expect(new Set(sent.map((e) => e.device)).size).toBe(2);
    expect(sent.map((e) => e.type)).toEqual(expect.arrayContaining(['note.added', 'evidence.registered', 'evidence.file.attached']));
    // Each device's chain goes on from its last event in the full bundle.
    for (const device of new Set(sent.map((e) => e.device))) {
      const firstNew = sent.find((e) => e.device === device);
      const lastOld = eventsIn(fullEntries, caseId).filter((e) => e.device === device).at(-1);
      expect(firstNew?.prev).toBe(lastOld?.hash);
    }
    const newBlob = sent.find((e) => e.type === 'evidence.file.attached');
    expect(blobsIn(entries)).toEqual([newBlob?.type === 'evidence.file.attached' ? newBlob.payload.sha256 : '']);
    expect(blobsIn(fullEntries)).toHaveLength(2);
    expect(blobsIn(fullEntries)).not.toContain(blobsIn(entries)[0]);

    // Nothing new now.
    const after = await field.call('bundle.changes', {});
    expect(after).toMatchObject({ events: 0, cases: [] });
    expect(after.lastExportAt && nothing.lastExportAt && after.lastExportAt > nothing.lastExportAt).toBe(true);
  });

  it('a coordinator that imports the full bundle, then the delta, ends up as after one full export', async () => {
    const { coordinator, field } = await team();
    const caseId = await seedCase(field, 'Stolen laptop', work.dir);
    const full = path.join(work.dir, 'full.outpost');
    await runJob(field, await field.call('bundle.export', { caseIds: [caseId], path: full }));
    await field.call('note.add', { caseId, text: 'The laptop was found' });
    await attach(field, caseId, path.join(work.dir, 'photo.bin'), Buffer.alloc(30_000, 9));
    // The same content as the evidence file of the full bundle, attached again: the delta carries that file again.
    await attach(field, caseId, path.join(work.dir, 'Stolen-laptop.bin'), await readFile(path.join(work.dir, 'Stolen-laptop.bin')));
    const second = await field.call('case.create', { title: 'Second case', category: 'fraud', priority: 'low' });
    const delta = path.join(work.dir, 'delta.outpost');
    expect(await exportChanged(field, delta)).toMatchObject({ state: 'done', result: { cases: 2, blobs: 2 } });

    await importFile(coordinator, full);
    const report = await importFile(coordinator, delta);
    expect(report.duplicatesSkipped).toBe(0);
    // A second coordinator vault with the same identity gets one full export of both cases.
    const identity = path.join(work.dir, 'coordinator.age');
    await coordinator.call('keys.exportIdentity', { path: identity });
    const once = await desk('coordinator-once');
    const whole = path.join(work.dir, 'whole.outpost');
    await runJob(field, await field.call('bundle.export', { caseIds: [caseId, second.id], path: whole }));
    await importFile(once, whole, { identityFile: identity });
    for (const id of [caseId, second.id]) {
      expect(await coordinator.call('case.get', { id })).toEqual(await once.call('case.get', { id }));
      // The same events; only the team vault names their devices by its roster (the second vault is in no team).
      const named = await coordinator.call('case.history', { id, offset: 0, limit: 500 });
      expect(named.items.every((i) => i.rosterName === 'Field A')).toBe(true);
      expect({ ...named, items: named.items.map(({ rosterName: _, ...rest }) => rest) }).toEqual(await once.call('case.history', { id, offset: 0, limit: 500 }));
      expect(await coordinator.call('evidence.list', { caseId: id })).toEqual(await once.call('evidence.list', { caseId: id }));
    }
    expect(await coordinator.call('case.get', { id: caseId })).toEqual(await field.call('case.get', { id: caseId }));
  });

  it('a delta imported into a vault without the earlier bundle is refused: it continues an earlier bundle', async () => {
    const { coordinator, field } = await team();
    const caseId = await seedCase(field, 'Missed bundle', work.dir, 1000);
    await runJob(field, await field.call('bundle.export', { caseIds: [caseId], path: path.join(work.dir, 'full.outpost') }));
    await field.call('note.add', { caseId, text: 'later' });
    const delta = path.join(work.dir, 'delta.outpost');
    await exportChanged(field, delta);
    const view = await finish(coordinator, await coordinator.call('bundle.import', { path: delta }));
    expect(view.state).toBe('failed');
    expect(view.error?.message).toMatch(/continues an earlier bundle/);

    // With the full bundle imported, a second delta that skips the first is refused the same way; in order, both go in.
    await finish(coordinator, await coordinator.call('bundle.import', { path: path.join(work.dir, 'full.outpost') }));
    await field.call('note.add', { caseId, text: 'later still' });
    const next = path.join(work.dir, 'delta-2.outpost');
    await exportChanged(field, next);
    const skipped = await finish(coordinator, await coordinator.call('bundle.import', { path: next }));
    expect(skipped.state).toBe('failed');
    expect(skipped.error?.message).toMatch(/follows an event .* that is not here: this bundle continues an earlier bundle/);
    for (const file of [delta, next]) expect((await finish(coordinator, await coordinator.call('bundle.import', { path: file }))).state).toBe('done');
    expect(await coordinator.call('case.get', { id: caseId })).toEqual(await field.call('case.get', { id: caseId }));
  });

  it('the first export of changes holds everything (since null); when nothing changed, says so and writes no file', async () => {
    const { field } = await team();
    expect(await field.call('bundle.changes', {})).toMatchObject({ lastExportAt: null, cases: [], events: 0 });
    const empty = await exportChanged(field, path.join(work.dir, 'empty.outpost'));
    expect(empty).toMatchObject({ state: 'failed', error: { code: 'not_found', message: expect.stringMatching(/nothing to export to CSIRT Lyon/) as string } });
    const caseId = await seedCase(field, 'First', work.dir, 1000);
    const first = await exportChanged(field, path.join(work.dir, 'first.outpost'));
    expect(first).toMatchObject({ state: 'done', result: { cases: 1, events: 4, blobs: 1, since: null } });
    const again = await exportChanged(field, path.join(work.dir, 'again.outpost'));
    expect(again).toMatchObject({ state: 'failed', error: { code: 'not_found', message: expect.stringMatching(/^Nothing changed since the last export to CSIRT Lyon \(.+\): no bundle was written$/) as string } });
    expect((await readdir(work.dir)).filter((n) => n.includes('again'))).toEqual([]);
    // A full export to the same coordinator counts too.
    await field.call('note.add', { caseId, text: 'one more' });
    await runJob(field, await field.call('bundle.export', { caseIds: [caseId], path: path.join(work.dir, 'full.outpost') }));
    expect(await field.call('bundle.changes', {})).toMatchObject({ events: 0 });
  });

  it('asking what changed reads only the journals of cases changed since the last export', async () => {
    const { field } = await team();
    const changed = await seedCase(field, 'Busy case', work.dir, 1000);
    const quiet = await seedCase(field, 'Quiet case', work.dir, 1000);
    await runJob(field, await field.call('bundle.export', { caseIds: [changed, quiet], path: path.join(work.dir, 'full.outpost') }));
    await field.call('note.add', { caseId: changed, text: 'later' });
    // Locked and unlocked, so nothing is cached: every case read is a journal read.
    await field.call('vault.lock', {});
    await field.call('vault.unlock', { passphrase: 'correct horse battery staple' });
    const session = field.core.vault.unlocked();
    const read = vi.spyOn(session, 'caseEvents');
    expect(await field.call('bundle.changes', {})).toMatchObject({ cases: [{ caseId: changed, events: 1 }], events: 1 });
    expect(read.mock.calls.map(([caseId]) => caseId)).toEqual([changed]);
    // An export of changes reads the same, and sends the same.
    const delta = await exportChanged(field, path.join(work.dir, 'delta.outpost'));
    expect(delta).toMatchObject({ state: 'done', result: { cases: 1, events: 1 } });
    expect(new Set(read.mock.calls.map(([caseId]) => caseId))).toEqual(new Set([changed]));
  });

  it('a cancelled or failed export records nothing', async () => {
    const { field } = await team();
    const caseId = await seedCase(field, 'Big evidence', work.dir, 1000);
    await attach(field, caseId, path.join(work.dir, 'big.bin'), Buffer.alloc(96 * 1024 * 1024, 1));
    const before = await field.call('bundle.changes', {});
    expect(before).toMatchObject({ lastExportAt: null, blobs: 2 });

    const started = await field.call('bundle.export', { changedSince: true, path: path.join(work.dir, 'cancelled.outpost') });
    for (;;) {
      const view = await field.call('job.status', { jobId: started.jobId });
      if (view.phase === 'writing' || view.state !== 'running') break;
      await new Promise((resolve) => setTimeout(resolve, 2));
    }
    await field.call('job.cancel', { jobId: started.jobId });
    expect(await finish(field, started)).toMatchObject({ state: 'cancelled' });
    expect(await readdir(work.dir)).not.toContain('cancelled.outpost');
    expect((await readdir(work.dir)).filter((n) => n.endsWith('.partial'))).toEqual([]);
    expect(await field.call('bundle.changes', {})).toEqual(before);

    const failed = await exportChanged(field, path.join(work.dir, 'no-such-folder', 'x.outpost'));
    expect(failed.state).toBe('failed');
    expect(await field.call('bundle.changes', {})).toEqual(before);
  }, 60_000);

  it('carries an evidence file again when a new event names one sent before (importers want every file an event names)', async () => {
    const { coordinator, field } = await team();
    const caseId = await seedCase(field, 'Same file twice', work.dir, 5000);
    const full = path.join(work.dir, 'full.outpost');
    await runJob(field, await field.call('bundle.export', { caseIds: [caseId], path: full }));
    await attach(field, caseId, path.join(work.dir, 'copy.bin'), await readFile(path.join(work.dir, 'Same-file-twice.bin')));
    const delta = path.join(work.dir, 'delta.outpost');
    expect(await exportChanged(field, delta)).toMatchObject({ state: 'done', result: { events: 2, blobs: 1 } });
    expect(blobsIn(await entriesOf(coordinator, delta))).toEqual(blobsIn(await entriesOf(coordinator, full)));
  });

  it('refuses a passphrase, in the schema and in the core', async () => {
    const { field } = await team();
    await seedCase(field, 'Secret', work.dir, 1000);
    const refused = await field.fail('bundle.export', { changedSince: true, path: path.join(work.dir, 'p.outpost'), passphrase: 'x' });
    expect(refused).toMatchObject({ code: 'bad_request' });
    expect(refused.message).toContain(NOT_FOR_PASSPHRASE);
    expect((await field.fail('bundle.export', { changedSince: true, caseIds: [], path: 'x' })).message).toMatch(/either caseIds or changedSince/);
    expect((await field.fail('bundle.export', { path: 'x' })).message).toMatch(/Choose at least one case/);
    const job = { progress: () => undefined, throwIfCancelled: () => undefined, signal: new AbortController().signal };
    await expect(exportBundle(field.core.vault.unlocked(), { changedSince: true, path: path.join(work.dir, 'p.outpost'), recipients: [], passphrase: 'x' }, job)).rejects.toThrow(NOT_FOR_PASSPHRASE);
    expect(await readdir(work.dir)).not.toContain('p.outpost');
  });

  it('keeps one record per sorted recipient list, and never moves a device back along its chain', async () => {
    const { field, coordinator } = await team();
    const other = await desk('other');
    const r1 = (await coordinator.call('keys.show', {})).coordinator?.recipient ?? '';
    const r2 = (await other.call('keys.coordinatorInit', {})).coordinator?.recipient ?? '';
    const caseId = await seedCase(field, 'Two recipients', work.dir, 1000);
    await runJob(field, await field.call('bundle.export', { caseIds: [caseId], path: path.join(work.dir, 'both.outpost'), recipients: [r2, r1] }));
    expect(await field.call('bundle.changes', { recipients: [r1, r2] })).toMatchObject({ events: 0, recipients: [r1, r2].sort() });
    expect(await field.call('bundle.changes', { recipients: [r1] })).toMatchObject({ events: 4, lastExportAt: null, coordinator: 'CSIRT Lyon' });

    // Two exports that ran side by side: the one that saw more of the case stays recorded.
    const session = field.core.vault.unlocked();
    const older = await session.caseEvents(caseId);
    await field.call('note.add', { caseId, text: 'newer' });
    const newer = await session.caseEvents(caseId);
    await recordExport(session, { recipients: [r1], at: '2030-01-01T00:00:01.000Z', cases: [{ caseId, snapshot: newer }], blobs: [] });
    await recordExport(session, { recipients: [r1], at: '2030-01-01T00:00:00.000Z', cases: [{ caseId, snapshot: older }], blobs: ['a'.repeat(64)] });
    const record = await lastExportTo(session, [r1]);
    expect(record).toMatchObject({ lastExportAt: '2030-01-01T00:00:01.000Z', blobs: ['a'.repeat(64)], cases: { [caseId]: { [session.device.deviceId]: newer.at(-1)?.hash } } });
  });
});
