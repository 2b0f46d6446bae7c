import path from 'node:path';
import { describe, expect, it } from 'vitest';
import type { HistoryItem } from '../../../../shared/api/schemas';
import { desksPerTest, enrol, exportFile, importFile } from '../bundles/bundle-fixture';

const byDevice = (items: HistoryItem[], device: string) => items.filter((i) => i.device === device);

describe("case history names each event's device by the team roster", () => {
  const work = desksPerTest();

  it("fills rosterName from the roster, beside the event's own actor text; a vault in no team has none", async () => {
    const coordinator = await work.desk('coordinator');
    const field = await work.desk('field');
    await coordinator.call('settings.update', { actorName: 'Cleo Coordinator' });
    await field.call('settings.update', { actorName: 'The Coordinator' });
    await enrol(coordinator, field, work.dir, 'Ana Field');
    const recipient = (await coordinator.call('keys.show', {})).coordinator?.recipient ?? '';
    const fieldDevice = (await field.call('keys.show', {})).device.deviceId;
    const coordinatorDevice = (await coordinator.call('keys.show', {})).device.deviceId;

    const opened = await field.call('case.create', { title: 'Named work', category: 'fraud', priority: 'low' });
    await field.call('note.add', { caseId: opened.id, text: 'from the field' });
    // The field vault has no roster (no team profile): its own history has no roster names.
    expect((await field.call('case.history', { id: opened.id, offset: 0, limit: 10 })).items.every((i) => i.rosterName === undefined)).toBe(true);

    const file = path.join(work.dir, 'field.outpost');
    await exportFile(field, [opened.id], file, { recipients: [recipient] });
    await importFile(coordinator, file);
    await coordinator.call('note.add', { caseId: opened.id, text: 'from the coordinator' });

    const page = await coordinator.call('case.history', { id: opened.id, offset: 0, limit: 10 });
    const fromField = byDevice(page.items, fieldDevice);
    expect(fromField).toHaveLength(2);
    // The field device gave itself the coordinator's title as actor text; the roster knows it as Ana Field.
    for (const item of fromField) expect(item).toMatchObject({ actor: 'The Coordinator', rosterName: 'Ana Field' });
    expect(byDevice(page.items, coordinatorDevice)).toMatchObject([{ actor: 'Cleo Coordinator', rosterName: 'Cleo Coordinator' }]);

    // Revoked, the device keeps its roster name on its past work.
    await coordinator.call('team.revoke', { fingerprint: fieldDevice.slice(0, 16) });
    const after = await coordinator.call('case.history', { id: opened.id, offset: 0, limit: 10 });
    for (const item of byDevice(after.items, fieldDevice)) expect(item.rosterName).toBe('Ana Field');
  });
});
