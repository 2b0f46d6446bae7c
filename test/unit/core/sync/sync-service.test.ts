import { mkdir, readdir } from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import type { SyncJobView } from '../../../../shared/api/sync-schemas';
import { syncServiceFor, type SyncService } from '../../../../electron/core/sync/sync-service';
import { davServerMissing, startDavServer } from '../../../support/dav-servers';
import { startS3Server } from '../../../support/s3-server';
import { desksPerTest, enrol, type Desk } from '../bundles/bundle-fixture';

/**
 * The sync service as the app runs it: runs as jobs, a schedule, changes
 * sent a moment after they are made, and an unreachable target probed with
 * backoff until it answers. The clock is the test's and the tick is called
 * by the test, so nothing waits on real time.
 */
describe('the sync service', () => {
  const desks = desksPerTest();
  let now = Date.parse('2026-12-03T10:00:00Z');
  const clock = () => now;

  async function team(): Promise<{ coordinator: Desk; ana: Desk; drive: string }> {
    const coordinator = await desks.desk('coordinator');
    const ana = await desks.desk('ana');
    await enrol(coordinator, ana, desks.dir, 'Ana');
    const profile = path.join(desks.dir, 'team-profile.json');
    await coordinator.call('team.exportProfile', { path: profile, name: 'CSIRT Lyon' });
    await ana.call('team.importProfile', { path: profile });
    const drive = path.join(desks.dir, 'drive');
    await mkdir(drive);
    return { coordinator, ana, drive };
  }

  const serviceOf = (desk: Desk): SyncService => syncServiceFor(desk.core.vault.unlocked(), { now: clock });

  /** Ticks once and waits for the run it started; null when it started none. */
  async function tickAndWait(desk: Desk): Promise<SyncJobView | null> {
    const service = serviceOf(desk);
    await service.tick();
    const running = (await service.status()).running;
    if (!running) return null;
    return (await desk.call('job.wait', { jobId: running.jobId, timeoutMs: 20_000 })) as unknown as SyncJobView;
  }

  it('syncs on its schedule, sends a change a moment after it is made, and records what each run brought in', async () => {
    const { coordinator, ana, drive } = await team();
    for (const desk of [coordinator, ana]) await desk.call('sync.add', { name: 'usb', kind: 'folder', path: drive });
    const opened = await coordinator.call('case.create', { title: 'Phishing wave', category: 'fraud', priority: 'high' });
    expect((await serviceOf(coordinator).status()).waiting.events).toBeGreaterThan(0);

    // Never synced since the start: both are due at once.
    expect(await tickAndWait(coordinator)).toMatchObject({ state: 'done', kind: 'sync.run', result: { runs: [{ name: 'usb', ok: true, sealed: 1 }] } });
    expect((await serviceOf(coordinator).status()).waiting).toEqual({ events: 0, segments: 0 });
    expect(await tickAndWait(ana)).toMatchObject({ state: 'done' });
    expect((await ana.call('case.list', {})).map((c) => c.id)).toEqual([opened.id]);
    const anaStatus = await serviceOf(ana).status();
    expect(anaStatus.runs).toHaveLength(1);
    expect(anaStatus.runs[0]).toMatchObject({ target: 'usb', trigger: 'schedule', ok: true, segmentsIn: 1, held: 0, waiting: 0 });
    expect(anaStatus.runs[0]?.eventsIn).toBeGreaterThan(0);
    expect(anaStatus.targets[0]).toMatchObject({ state: 'idle', lastSuccess: { segmentsIn: 1 }, lastError: null, nextAttemptAt: new Date(now + 5 * 60_000).toISOString() });
    expect(anaStatus.overall).toBe('online');

    // Nothing due, nothing changed: the tick starts nothing.
    expect(await tickAndWait(ana)).toBeNull();

    // A note: seen at the next tick, sent once it is a few seconds old.
    await ana.call('note.add', { caseId: opened.id, text: 'Ana: gateway logs saved' });
    expect((await serviceOf(ana).status()).waiting.events).toBe(1);
    now += 1_000;
    expect(await tickAndWait(ana)).toBeNull();
    now += 3_000;
    expect(await tickAndWait(ana)).toMatchObject({ state: 'done', result: { runs: [{ sealed: 1 }] } });
    expect((await serviceOf(ana).status()).runs.map((r) => r.trigger)).toEqual(['change', 'schedule']);

    // The schedule brings it to the coordinator five minutes after its last run.
    now += 60_000;
    expect(await tickAndWait(coordinator)).toBeNull();
    now += 4 * 60_000;
    expect(await tickAndWait(coordinator)).toMatchObject({ state: 'done' });
    expect((await coordinator.call('case.get', { id: opened.id })).notes.map((n) => n.text)).toEqual(['Ana: gateway logs saved']);
  });

  it('probes a target it cannot reach with backoff, writing nothing, and syncs as soon as it answers again', async () => {
    const { coordinator, ana, drive } = await team();
    const unplugged = path.join(desks.dir, 'usb-stick');
    await coordinator.call('sync.add', { name: 'usb', kind: 'folder', path: unplugged });
    await coordinator.call('case.create', { title: 'Ransomware on a file server', category: 'malicious-code', priority: 'critical' });

    const failed = await tickAndWait(coordinator);
    expect(failed).toMatchObject({ state: 'done', result: { runs: [{ ok: false, error: { kind: 'unreachable' } }] } });
    const offline = await serviceOf(coordinator).status();
    expect(offline.overall).toBe('offline');
    expect(offline.targets[0]).toMatchObject({ state: 'offline', lastSuccess: null, lastError: { kind: 'unreachable' }, nextAttemptAt: new Date(now + 5_000).toISOString() });
    expect(offline.waiting.segments + offline.waiting.events).toBeGreaterThan(0);

    // Probes come 5 s, then 10 s apart; a probe that fails records no run.
    now += 4_000;
    expect(await tickAndWait(coordinator)).toBeNull();
    now += 1_000;
    expect(await tickAndWait(coordinator)).toBeNull();
    expect((await serviceOf(coordinator).status()).targets[0]?.nextAttemptAt).toBe(new Date(now + 10_000).toISOString());
    expect((await serviceOf(coordinator).status()).runs).toHaveLength(1);

    // The drive is back: the next probe finds it, and a run follows.
    await mkdir(unplugged);
    now += 9_000;
    expect(await tickAndWait(coordinator)).toBeNull();
    now += 1_000;
    expect(await tickAndWait(coordinator)).toMatchObject({ state: 'done', result: { runs: [{ ok: true, segmentsSent: 1 }] } });
    const back = await serviceOf(coordinator).status();
    expect(back.overall).toBe('online');
    expect(back.targets[0]).toMatchObject({ state: 'idle', lastError: { kind: 'unreachable' }, lastSuccess: { segmentsIn: 0 } });
    expect(back.runs.map((r) => [r.trigger, r.ok])).toEqual([
      ['reconnect', true],
      ['schedule', false],
    ]);
    expect(await readdir(path.join(unplugged, 'devices'))).toHaveLength(1);
    expect(await readdir(drive)).toEqual([]);
    void ana;
  });

  it('runs one job at a time, leaves paused targets out, and stops its run when the vault locks', async () => {
    const { coordinator, drive } = await team();
    await coordinator.call('sync.add', { name: 'usb', kind: 'folder', path: drive });
    await coordinator.call('sync.add', { name: 'share', kind: 'folder', path: path.join(desks.dir, 'share') });
    await coordinator.call('sync.pause', { name: 'share', paused: true });
    await coordinator.call('case.create', { title: 'Defacement', category: 'intrusions', priority: 'medium' });

    const first = await coordinator.call('sync.run', {});
    const again = await coordinator.call('sync.run', {});
    expect(again.jobId).toBe(first.jobId);
    const done = (await coordinator.call('job.wait', { jobId: first.jobId, timeoutMs: 20_000 })) as unknown as SyncJobView;
    expect(done.result?.runs.map((r) => r.name)).toEqual(['usb']);
    // A paused target runs when it is named.
    const named = (await coordinator.call('job.wait', { jobId: (await coordinator.call('sync.run', { name: 'share' })).jobId, timeoutMs: 20_000 })) as unknown as SyncJobView;
    expect(named.result?.runs).toMatchObject([{ name: 'share', ok: false, error: { kind: 'unreachable' } }]);

    await coordinator.call('note.add', { caseId: (await coordinator.call('case.list', {}))[0]?.id ?? '', text: 'Site restored from backup' });
    // The job's work starts on the next turn of the event loop; lock() reaches the service's stop before that.
    const started = await coordinator.call('sync.run', { name: 'usb' });
    const session = coordinator.core.vault.unlocked();
    await coordinator.core.vault.lock();
    const stopped = (await import('../../../../electron/core/jobs/job-runner')).jobsFor(session).status(started.jobId);
    expect(stopped.state).toBe('cancelled');
  });

  it.skipIf(davServerMissing('apache') !== null)('brings three devices to the same case through a folder, a WebDAV server and an S3 bucket, each device on two of them', async () => {
    const { coordinator, ana, drive } = await team();
    const ben = await desks.desk('ben');
    await enrol(coordinator, ben, desks.dir, 'Ben');
    const profile = path.join(desks.dir, 'team-profile-3.json');
    await coordinator.call('team.exportProfile', { path: profile, name: 'CSIRT Lyon' });
    for (const field of [ana, ben]) await field.call('team.importProfile', { path: profile });
    const dav = await startDavServer('apache');
    const s3 = await startS3Server();
    try {
      const webdav = { kind: 'webdav', url: dav.url, user: dav.user, password: dav.password } as const;
      const bucket = { kind: 's3', endpoint: s3.endpoint, bucket: s3.bucket, prefix: 'csirt/', accessKeyId: s3.accessKeyId, secretAccessKey: s3.secretAccessKey } as const;
      const folder = { kind: 'folder', path: drive } as const;
      // No target is shared by all three: the coordinator is on WebDAV and S3, Ana on the folder and S3, Ben on the folder and WebDAV.
      await coordinator.call('sync.add', { name: 'dav', ...webdav });
      await coordinator.call('sync.add', { name: 'bucket', ...bucket });
      await ana.call('sync.add', { name: 'usb', ...folder });
      await ana.call('sync.add', { name: 'bucket', ...bucket });
      await ben.call('sync.add', { name: 'usb', ...folder });
      await ben.call('sync.add', { name: 'dav', ...webdav });

      const opened = await coordinator.call('case.create', { title: 'Credential stuffing on the portal', category: 'intrusion-attempts', priority: 'high' });
      const run = async (desk: Desk) => {
        const started = await desk.call('sync.run', {});
        const done = (await desk.call('job.wait', { jobId: started.jobId, timeoutMs: 20_000 })) as unknown as SyncJobView;
        expect(done.result?.runs.every((r) => r.ok)).toBe(true);
      };
      await run(coordinator);
      await run(ana);
      await run(ben);
      await ana.call('note.add', { caseId: opened.id, text: 'Ana: 3,000 failed logins from one ASN' });
      await ben.call('note.add', { caseId: opened.id, text: 'Ben: rate limit on the portal is on' });
      await coordinator.call('note.add', { caseId: opened.id, text: 'Coordinator: the provider is told' });
      for (let round = 0; round < 2; round++) for (const desk of [ana, ben, coordinator]) await run(desk);

      const expected = ['Ana: 3,000 failed logins from one ASN', 'Ben: rate limit on the portal is on', 'Coordinator: the provider is told'];
      for (const desk of [coordinator, ana, ben]) expect((await desk.call('case.get', { id: opened.id })).notes.map((n) => n.text).sort()).toEqual(expected);
    } finally {
      await dav.stop();
      await s3.stop();
    }
  });
});
