import { mkdir, readFile, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { FolderTarget } from '../../../../electron/core/sync/folder-target';
import { Outbox } from '../../../../electron/core/sync/outbox';
import { pullDevice } from '../../../../electron/core/sync/pull';
import { segmentName } from '../../../../electron/core/sync/segment-names';
import { importBundle } from '../../../../electron/core/bundles/import';
import { desksPerTest, enrol, exportFile, seedCase, type Desk } from '../bundles/bundle-fixture';

/** A field device's work sealed as segments in its outbox and pushed to a folder target; the coordinator reads them from there. */
describe('reading a device’s segments from a target', () => {
  const desks = desksPerTest();

  async function team(): Promise<{ coordinator: Desk; field: Desk; caseId: string; target: FolderTarget; device: string; recipient: string; outbox: Outbox }> {
    const coordinator = await desks.desk('coordinator');
    const field = await desks.desk('field');
    await enrol(coordinator, field, desks.dir);
    const recipient = (await coordinator.call('keys.show', {})).coordinator?.recipient ?? '';
    const caseId = await seedCase(field, 'Ransomware at the depot', desks.dir, 10_000);
    const drive = path.join(desks.dir, 'drive');
    await mkdir(drive);
    const device = (await field.call('keys.show', {})).device.deviceId;
    return { coordinator, field, caseId, target: new FolderTarget(drive), device, recipient, outbox: new Outbox(field.dir) };
  }

  // The import path itself (as a sync run calls it), which refuses a bundle with a BundleRejected.
  const applyTo = (desk: Desk) => (file: string) => importBundle(desk.core.vault.unlocked(), { path: file }, { progress: () => undefined, throwIfCancelled: () => undefined });

  it('applies the segments in order and moves the cursor over each; a second read finds nothing new', async () => {
    const { coordinator, field, caseId, target, device, recipient, outbox } = await team();
    await outbox.add((temp) => exportFile(field, [caseId], temp, { recipients: [recipient] }));
    await field.call('note.add', { caseId, text: 'Backups of the depot are intact' });
    await outbox.add((temp) => exportFile(field, [caseId], temp, { recipients: [recipient] }));
    expect(await outbox.push(target, device, 0)).toBe(2);

    const first = await pullDevice(target, device, undefined, coordinator.dir, applyTo(coordinator));
    expect(first).toMatchObject({ cursor: segmentName(device, 2), waiting: null });
    expect(first.reports).toHaveLength(2);
    expect(first.reports[0]?.newCases).toEqual([caseId]);
    expect(first.reports[1]?.newEventsByDevice[device]).toBe(1);
    expect((await coordinator.call('case.get', { id: caseId })).title).toBe('Ransomware at the depot');

    const again = await pullDevice(target, device, first.cursor, coordinator.dir, applyTo(coordinator));
    expect(again).toEqual({ device, cursor: segmentName(device, 2), reports: [], waiting: null, notForUs: 0 });
  });

  it('stops before a segment that is cut short or altered, and before a gap, and goes on once the right one is there', async () => {
    const { coordinator, field, caseId, target, device, recipient, outbox } = await team();
    await outbox.add((temp) => exportFile(field, [caseId], temp, { recipients: [recipient] }));
    await field.call('note.add', { caseId, text: 'Second note' });
    await outbox.add((temp) => exportFile(field, [caseId], temp, { recipients: [recipient] }));
    await outbox.push(target, device, 0);
    // Segment 2 arrives cut short at first (a sync tool still copying it), written here under its final name.
    const whole = await outbox.segment(2);
    const drive = target.root;
    const bytes = await readFile(whole.file);
    await rm(path.join(drive, segmentName(device, 2)));
    await writeFile(path.join(drive, segmentName(device, 2)), bytes.subarray(0, bytes.length - 100));
    // …and segment 4 is there while 3 is not.
    await writeFile(path.join(drive, segmentName(device, 4)), bytes);

    const cut = await pullDevice(target, device, undefined, coordinator.dir, applyTo(coordinator));
    expect(cut.cursor).toBe(segmentName(device, 1));
    expect(cut.reports).toHaveLength(1);
    expect(cut.waiting).toMatch(/0000000000000002\.bundle was refused: The bundle was rejected: the file was altered or cut off/);

    await rm(path.join(drive, segmentName(device, 2)));
    await writeFile(path.join(drive, segmentName(device, 2)), bytes);
    const gap = await pullDevice(target, device, cut.cursor, coordinator.dir, applyTo(coordinator));
    expect(gap.cursor).toBe(segmentName(device, 2));
    expect(gap.reports[0]?.newEventsByDevice[device]).toBe(1);
    expect(gap.waiting).toBe('segment 3 of this device is not there yet (segment 4 is)');
  });
});
