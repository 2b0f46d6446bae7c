import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { desksPerTest, enrol, exportFile, importFile } from './bundle-fixture';

const PASS = 'passphrase for the forwarded bundle';

describe('a coordinator forwards a case in which it wrote nothing', () => {
  const work = desksPerTest();

  it('lists its own device in the manifest, so the bundle imports', async () => {
    const coordinator = await work.desk('coordinator');
    const field = await work.desk('field');
    const peer = await work.desk('peer');
    await enrol(coordinator, field, work.dir, 'Ana Field');
    const recipient = (await coordinator.call('keys.show', {})).coordinator?.recipient ?? '';
    const opened = await field.call('case.create', { title: 'Field only', category: 'fraud', priority: 'low' });
    await field.call('note.add', { caseId: opened.id, text: 'seen on site' });
    const up = path.join(work.dir, 'up.outpost');
    await exportFile(field, [opened.id], up, { recipients: [recipient] });
    await importFile(coordinator, up);

    const forward = path.join(work.dir, 'forward.outpost');
    await exportFile(coordinator, [opened.id], forward, { passphrase: PASS });
    const coordinatorDevice = (await coordinator.call('keys.show', {})).device;
    const fieldDevice = (await field.call('keys.show', {})).device;
    const summary = await coordinator.call('bundle.inspect', { path: forward, passphrase: PASS });
    expect(summary.exporter.device).toBe(coordinatorDevice.deviceId);
    expect(summary.devices.map((d) => d.device).sort()).toEqual([coordinatorDevice.deviceId, fieldDevice.deviceId].sort());

    const report = await importFile(peer, forward, { passphrase: PASS });
    expect(report).toMatchObject({ newCases: [opened.id], newEventsByDevice: { [fieldDevice.deviceId]: 2 } });
    expect((await peer.call('case.get', { id: opened.id })).title).toBe('Field only');
  });
});
