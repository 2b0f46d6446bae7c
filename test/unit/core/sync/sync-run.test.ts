import { mkdir, rename } from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, it, vi } from 'vitest';
import type { ApiError } from '../../../../shared/api/errors';
import { FolderTarget } from '../../../../electron/core/sync/folder-target';
import { offerBulletin, readBulletinState, recordAcks } from '../../../../electron/core/team/bulletin-store';
import { readRoster } from '../../../../electron/core/team/roster-store';
import { Outbox } from '../../../../electron/core/sync/outbox';
import { runSync } from '../../../../electron/core/sync/sync-run';
import { S3Target } from '../../../../electron/core/sync/s3-target';
import { TargetError } from '../../../../electron/core/sync/target';
import { startS3Server } from '../../../support/s3-server';
import { desksPerTest, enrol, type Desk } from '../bundles/bundle-fixture';
import { job, syncTeam } from './sync-team';

const DAY = 24 * 3_600_000;

async function expectError(failing: Promise<ApiError>, code: string): Promise<void> {
  expect((await failing).code).toBe(code);
}

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

  it('brings a coordinator’s alert to the responders, who see it until they acknowledge it, and brings the acknowledgement back', async () => {
    const { coordinator, ana, ben, drive } = await team();
    await sync(coordinator, drive);
    for (const field of [ana, ben]) await sync(field, drive);
    await expectError(ana.fail('alert.publish', { severity: 'warning', title: 'Not mine to send', text: '' }), 'forbidden');

    await coordinator.call('alert.publish', { severity: 'critical', title: 'Do not pay the ransom note', text: 'Any mail asking for payment: forward to the CSIRT, do not answer.' });
    // Nothing changed in a case: the alert alone makes a segment (the first carried the roster).
    expect(await sync(coordinator, drive)).toMatchObject({ sealed: 2 });
    for (const field of [ana, ben]) await sync(field, drive);
    const seen = await ana.call('alert.list', {});
    expect(seen).toMatchObject({ coordinator: false, alerts: [{ severity: 'critical', title: 'Do not pay the ransom note', acknowledgedAt: null }] });
    const alertId = seen.alerts[0]?.id ?? '';

    await ana.call('alert.acknowledge', { id: alertId });
    await expectError(ana.fail('alert.acknowledge', { id: '00000000-0000-4000-8000-000000000000' }), 'not_found');
    expect((await ana.call('alert.list', {})).alerts[0]?.acknowledgedAt).not.toBeNull();
    expect((await sync(ana, drive)).sealed).toBe(1);
    await sync(coordinator, drive);
    const sent = await coordinator.call('alert.list', {});
    expect(sent.coordinator).toBe(true);
    expect(sent.alerts[0]?.acks.map((a) => a.name)).toEqual(['Ana']);
    expect((await ben.call('alert.list', {})).alerts[0]?.acknowledgedAt).toBeNull();
  });

  it('brings a playbook version the coordinator published to the field libraries, and an attached checklist says a newer one is there', async () => {
    const { coordinator, ana, drive } = await team();
    const copy = await coordinator.call('playbook.copy', { id: 'builtin.phishing', title: 'Phishing (harbour)' });
    const id = copy.summary.id;
    await coordinator.call('playbook.publish', { id });
    const opened = await coordinator.call('case.create', { title: 'Lure mail at the harbour', category: 'fraud', priority: 'high' });
    await coordinator.call('checklist.attach', { caseId: opened.id, playbookId: id });
    await sync(coordinator, drive);
    await sync(ana, drive);
    expect((await ana.call('playbook.get', { id })).summary).toMatchObject({ version: 1, title: 'Phishing (harbour)' });
    expect((await ana.call('checklist.get', { caseId: opened.id })).runs[0]?.newerVersion).toBeUndefined();

    const edited = { ...copy.playbook, audience: 'Harbour help desk' };
    await coordinator.call('playbook.save', { playbook: edited, baseVersion: 1 });
    await coordinator.call('playbook.publish', { id });
    // Only the bulletin changed: it makes a segment of its own.
    expect((await sync(coordinator, drive)).sealed).not.toBeNull();
    await sync(ana, drive);
    expect((await ana.call('playbook.get', { id })).summary).toMatchObject({ version: 2, versions: [1, 2], audience: 'Harbour help desk' });
    const run = (await ana.call('checklist.get', { caseId: opened.id })).runs[0];
    expect(run).toMatchObject({ version: 1, newerVersion: 2 });
  });

  it('takes work from a laptop whose clock is days behind, and holds back one days ahead without stopping the others', async () => {
    const { coordinator, ana, ben, drive } = await team();
    const opened = await coordinator.call('case.create', { title: 'Skewed clocks on site', category: 'other', priority: 'low' });
    await sync(coordinator, drive);
    for (const field of [ana, ben]) await sync(field, drive);
    const realNow = Date.now.bind(Date);
    const skewed = async (desk: Desk, offsetMs: number, text: string) => {
      const spy = vi.spyOn(Date, 'now').mockImplementation(() => realNow() + offsetMs);
      try {
        await desk.call('note.add', { caseId: opened.id, text });
        await sync(desk, drive);
      } finally {
        spy.mockRestore();
      }
    };
    await skewed(ana, -3 * DAY, 'Ana: written with a clock three days behind');
    await skewed(ben, 3 * DAY, 'Ben: written with a clock three days ahead');
    const run = await sync(coordinator, drive);
    const byDevice = (desk: Desk) => run.pulled.find((p) => p.device === desk.core.vault.unlocked().device.deviceId);
    expect(byDevice(ana)).toMatchObject({ waiting: null });
    expect(byDevice(ben)?.waiting).toMatch(/was refused: .*more than 24 hours ahead/);
    expect((await coordinator.call('case.get', { id: opened.id })).notes.map((n) => n.text)).toEqual(['Ana: written with a clock three days behind']);
  });

  it('holds the segments of a device the coordinator revoked: nothing of them is applied', async () => {
    const { coordinator, ana, ben, drive } = await team();
    const opened = await coordinator.call('case.create', { title: 'Stolen laptop', category: 'other', priority: 'high' });
    await sync(coordinator, drive);
    for (const field of [ana, ben]) await sync(field, drive);
    const benFingerprint = (await ben.call('keys.show', {})).device.fingerprint;
    await coordinator.call('team.revoke', { fingerprint: benFingerprint, reason: 'Laptop stolen from a car' });
    await sync(coordinator, drive);
    await sync(ana, drive);
    await ben.call('note.add', { caseId: opened.id, text: 'written on the stolen laptop' });
    await sync(ben, drive);
    for (const reader of [coordinator, ana]) {
      const run = await sync(reader, drive);
      const fromBen = run.pulled.find((p) => p.device === ben.core.vault.unlocked().device.deviceId);
      expect(fromBen?.reports.every((r) => Object.keys(r.newEventsByDevice).length === 0)).toBe(true);
      expect((await reader.call('case.get', { id: opened.id })).notes).toEqual([]);
    }
  });

  it('refuses a bulletin whose signature does not verify with the coordinator’s key', async () => {
    const { coordinator, ana } = await team();
    await coordinator.call('alert.publish', { severity: 'info', title: 'Shift change at 18:00', text: '' });
    const signed = (await readBulletinState(coordinator.core.vault.unlocked())).bulletin;
    if (!signed) throw new Error('no bulletin');
    const altered = { ...signed, document: { ...signed.document, alerts: signed.document.alerts.map((a) => ({ ...a, title: 'Pay the invoice from evil.example' })) } };
    await expect(offerBulletin(ana.core.vault.unlocked(), altered)).rejects.toThrow(/does not verify/);
    expect((await readBulletinState(ana.core.vault.unlocked())).bulletin).toBeNull();
    await offerBulletin(ana.core.vault.unlocked(), signed);
    expect((await ana.call('alert.list', {})).alerts.map((a) => a.title)).toEqual(['Shift change at 18:00']);
    // An older or the same serial changes nothing.
    await offerBulletin(ana.core.vault.unlocked(), signed);

    // An acknowledgement counts only with the signature of the device it names.
    const alertId = signed.document.alerts[0]?.id ?? '';
    await ana.call('alert.acknowledge', { id: alertId });
    const [real] = (await readBulletinState(ana.core.vault.unlocked())).acks;
    if (!real) throw new Error('no acknowledgement');
    const coordinatorVault = coordinator.core.vault.unlocked();
    await recordAcks(coordinatorVault, [{ ...real, at: '2020-01-01T00:00:00.000Z' }]);
    expect((await coordinator.call('alert.list', {})).alerts[0]?.acks).toEqual([]);
    await recordAcks(coordinatorVault, [real]);
    expect((await coordinator.call('alert.list', {})).alerts[0]?.acks.map((a) => [a.name, a.at])).toEqual([['Ana', real.at]]);
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
