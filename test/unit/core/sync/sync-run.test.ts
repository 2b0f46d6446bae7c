import { mkdir, rename } from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { FolderTarget } from '../../../../electron/core/sync/folder-target';
import { readRoster } from '../../../../electron/core/team/roster-store';
import { Outbox } from '../../../../electron/core/sync/outbox';
import { runSync } from '../../../../electron/core/sync/sync-run';
import { S3Target } from '../../../../electron/core/sync/s3-target';
import { TargetError } from '../../../../electron/core/sync/target';
import { startS3Server } from '../../../support/s3-server';
import { desksPerTest, enrol, type Desk } from '../bundles/bundle-fixture';
import { job, syncTeam } from './sync-team';

/** A coordinator and two responders, each enrolled and holding the team profile with the roster, sharing one folder. */
describe('sync runs through a folder', () => {
  const desks = desksPerTest();

  async function team(): Promise<{ coordinator: Desk; ana: Desk; ben: Desk; drive: string }> {
    const { coordinator, responders } = await syncTeam(desks, 'Ana', 'Ben');
    const drive = path.join(desks.dir, 'drive');
    await mkdir(drive);
    return { coordinator, ana: responders[0]!, ben: responders[1]!, drive };
  }

  const sync = (desk: Desk, drive: string) => runSync(desk.core.vault.unlocked(), 'usb', new FolderTarget(drive), job);

  it('brings a coordinator’s case to both responders, and each one’s note to the others', async () => {
    const { coordinator, ana, ben, drive } = await team();
    const opened = await coordinator.call('case.create', { title: 'Phishing wave', category: 'fraud', priority: 'high' });
    const first = await sync(coordinator, drive);
    expect(first).toMatchObject({ sealed: 1, pushed: 1 });

    for (const field of [ana, ben]) {
      const run = await sync(field, drive);
      expect(run.sealed).toBeNull();
      expect(run.pulled.find((p) => p.reports.length > 0)?.reports[0]?.newCases).toEqual([opened.id]);
    }
    await ana.call('note.add', { caseId: opened.id, text: 'Ana: the mail gateway logs are saved' });
    await ben.call('note.add', { caseId: opened.id, text: 'Ben: two users clicked' });
    expect((await sync(ana, drive)).sealed).toBe(1);
    expect((await sync(ben, drive)).sealed).toBe(1);
    await sync(ana, drive);
    await sync(coordinator, drive);

    const notes = async (desk: Desk) => (await desk.call('case.get', { id: opened.id })).notes.map((n) => n.text).sort();
    const expected = ['Ana: the mail gateway logs are saved', 'Ben: two users clicked'];
    expect(await notes(coordinator)).toEqual(expected);
    expect(await notes(ana)).toEqual(expected);
    expect(await notes(ben)).toEqual(expected);

    // A device passes on once what it received before it sealed again (segments carry every event not
    // yet sealed here, the others' too); within two rounds every run seals nothing and applies nothing.
    let rounds = 0;
    for (; rounds < 3; rounds++) {
      const runs = [await sync(coordinator, drive), await sync(ana, drive), await sync(ben, drive)];
      if (runs.every((r) => r.sealed === null && r.pulled.every((p) => p.reports.every((report) => Object.keys(report.newEventsByDevice).length === 0)))) break;
    }
    expect(rounds).toBeLessThanOrEqual(2);
    expect(await notes(ben)).toEqual(expected);
  });

  it('brings a case to a responder through an S3 bucket (a real s3rver), its ignored conditional writes checked by reading back', async () => {
    const { coordinator, ana } = await team();
    const server = await startS3Server();
    try {
      const bucket = () => new S3Target({ endpoint: server.endpoint, bucket: server.bucket, prefix: 'outpost/', accessKeyId: server.accessKeyId, secretAccessKey: server.secretAccessKey, timeoutMs: 5000 });
      const opened = await coordinator.call('case.create', { title: 'Data theft', category: 'information-content-security', priority: 'high' });
      const sent = bucket();
      expect(await runSync(coordinator.core.vault.unlocked(), 's3', sent, job)).toMatchObject({ sealed: 1, pushed: 1 });
      sent.close();
      const read = bucket();
      const run = await runSync(ana.core.vault.unlocked(), 's3', read, job);
      read.close();
      expect(run.pulled.flatMap((p) => p.reports).flatMap((r) => r.newCases)).toEqual([opened.id]);
    } finally {
      await server.stop();
    }
  });

  it('sends a new roster out even when no case changed, so a device enrolled later is read by the others at once', async () => {
    const { coordinator, ana, drive } = await team();
    const opened = await coordinator.call('case.create', { title: 'Wiper on the plant network', category: 'malicious-code', priority: 'critical' });
    await sync(coordinator, drive);
    await sync(ana, drive);
    expect(await sync(coordinator, drive)).toMatchObject({ sealed: null });

    const cam = await desks.desk('cam');
    await enrol(coordinator, cam, desks.dir, 'Cam');
    const profile = path.join(desks.dir, 'team-profile-2.json');
    await coordinator.call('team.exportProfile', { path: profile, name: 'CSIRT Lyon' });
    await cam.call('team.importProfile', { path: profile });
    // Nothing changed in any case, yet the roster that names Cam is sealed and sent.
    expect(await sync(coordinator, drive)).toMatchObject({ sealed: 2, pushed: 2 });
    expect(await sync(coordinator, drive)).toMatchObject({ sealed: null });
    await sync(ana, drive);
    expect((await readRoster(ana.core.vault.unlocked()))?.document.devices.map((d) => d.name)).toContain('Cam');

    // Cam passes over the coordinator's first segment (sealed before Cam joined) and reads the case from the second.
    const first = await sync(cam, drive);
    expect(first.pulled.find((p) => p.device === coordinator.core.vault.unlocked().device.deviceId)).toMatchObject({ notForUs: 1, waiting: null });
    expect((await cam.call('case.get', { id: opened.id })).title).toBe('Wiper on the plant network');
    await cam.call('note.add', { caseId: opened.id, text: 'Cam: the historian server is hit too' });
    await sync(cam, drive);
    const run = await sync(ana, drive);
    expect(run.pulled.flatMap((p) => p.reports).every((r) => r.held === null)).toBe(true);
    expect((await ana.call('case.get', { id: opened.id })).notes.map((n) => n.text)).toEqual(['Cam: the historian server is hit too']);
  });

  it('fails a run whose folder is not there before sealing anything, and seals and sends the changes once the drive is back', async () => {
    const { coordinator, ana, drive } = await team();
    const opened = await coordinator.call('case.create', { title: 'Lost laptop', category: 'other', priority: 'low' });
    const away = path.join(desks.dir, 'unplugged');
    await rename(drive, away);
    const failure = await sync(coordinator, drive).catch((error: unknown) => error);
    expect(failure).toBeInstanceOf(TargetError);
    expect((failure as TargetError).kind).toBe('unreachable');
    // Offline changes stay changes (counted as waiting), not a segment per failed try.
    expect(await new Outbox(coordinator.dir).sequences()).toEqual([]);
    await rename(away, drive);
    expect(await sync(coordinator, drive)).toMatchObject({ sealed: 1, pushed: 1 });
    const run = await sync(ana, drive);
    expect(run.pulled.flatMap((p) => p.reports).flatMap((r) => r.newCases)).toEqual([opened.id]);
  });
});
