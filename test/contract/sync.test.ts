import { mkdir, readdir } from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import type { SyncStatusView, SyncTargetView, SyncTestResult } from '../../shared/api/sync-schemas';
import { contractVault } from './contract-vault';

const passphrase = 'correct horse battery staple';

describe.each(['ipc', 'http'] as const)('sync targets over %s', (kind) => {
  const vault = contractVault(kind);
  const { value, expectError } = vault;

  it('adds, lists and removes targets; credentials are kept but never shown; bad input changes nothing', async () => {
    await expectError('sync.list', {}, 'vault_locked');
    await value('vault.create', { passphrase });
    expect(await value('sync.list')).toEqual({ targets: [] });
    const drive = path.join(vault.dir, 'drive');
    await mkdir(drive);

    await expectError('sync.add', { name: 'usb stick', kind: 'folder', path: drive }, 'bad_request', /target name/);
    await expectError('sync.add', { name: 'usb', kind: 'ftp', path: drive }, 'bad_request');
    await expectError('sync.add', { name: 'usb', kind: 'folder', path: '' }, 'bad_request');
    await expectError('sync.add', { name: 'nc', kind: 'webdav', url: 'ftp://example.org/dav/' }, 'bad_request', /server’s address/);
    await expectError('sync.add', { name: 'usb', kind: 'folder', path: drive, extra: 1 }, 'bad_request');

    expect(await value<SyncTargetView>('sync.add', { name: 'usb', kind: 'folder', path: drive })).toEqual({ name: 'usb', kind: 'folder', where: drive, hasCredentials: false, segmentsSent: 0, paused: false });
    await expectError('sync.add', { name: 'usb', kind: 'folder', path: drive }, 'bad_request', /already/);
    const secret = 'n3xtcl0ud-app-password';
    const webdav = await value<SyncTargetView>('sync.add', { name: 'nextcloud', kind: 'webdav', url: 'https://cloud.example.org/remote.php/dav/files/ana/outpost/', user: 'ana', password: secret });
    expect(webdav).toMatchObject({ kind: 'webdav', where: 'https://cloud.example.org/remote.php/dav/files/ana/outpost/', hasCredentials: true });
    const listed = await value<{ targets: SyncTargetView[] }>('sync.list');
    expect(listed.targets.map((t) => t.name)).toEqual(['usb', 'nextcloud']);
    expect(JSON.stringify(listed)).not.toContain(secret);

    const s3key = 'wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY';
    await expectError('sync.add', { name: 'bucket', kind: 's3', endpoint: 'http://127.0.0.1:9000', bucket: 'Not_A_Bucket', accessKeyId: 'AKID', secretAccessKey: s3key }, 'bad_request', /bucket name/);
    await expectError('sync.add', { name: 'bucket', kind: 's3', endpoint: 'http://127.0.0.1:9000', bucket: 'outpost', prefix: '/abs/', accessKeyId: 'AKID', secretAccessKey: s3key }, 'bad_request', /prefix/);
    expect(await value<SyncTargetView>('sync.add', { name: 'bucket', kind: 's3', endpoint: 'http://127.0.0.1:9000', bucket: 'outpost', prefix: 'team/', accessKeyId: 'AKID', secretAccessKey: s3key })).toEqual({
      name: 'bucket',
      kind: 's3',
      where: 'http://127.0.0.1:9000/ bucket outpost, under team/',
      hasCredentials: true,
      segmentsSent: 0,
      paused: false,
    });
    expect(JSON.stringify(await value('sync.list'))).not.toContain(s3key);
    await value('sync.remove', { name: 'bucket' });

    await expectError('sync.remove', { name: 'nowhere' }, 'not_found');
    expect((await value<{ targets: SyncTargetView[] }>('sync.remove', { name: 'nextcloud' })).targets.map((t) => t.name)).toEqual(['usb']);
  });

  it('refuses to run without a team, and names a target that is not there', async () => {
    await value('vault.create', { passphrase });
    await expectError('sync.run', {}, 'not_found', /no sync target yet/);
    await value('sync.add', { name: 'usb', kind: 'folder', path: vault.dir });
    await expectError('sync.run', { name: 'other' }, 'not_found', /no sync target called other/);
    await expectError('sync.run', { name: 'usb' }, 'bad_request', /in no team yet/);
  });

  it('tells how each target stands, tests one by reading only, and pauses and resumes it', async () => {
    await value('vault.create', { passphrase });
    expect(await value<SyncStatusView>('sync.status')).toMatchObject({ overall: 'none', inTeam: false, waiting: { events: 0, segments: 0 }, everyMinutes: 5, running: null, targets: [], runs: [] });
    const drive = path.join(vault.dir, 'drive');
    await mkdir(drive);
    await value('sync.add', { name: 'usb', kind: 'folder', path: drive });
    await value('sync.add', { name: 'share', kind: 'folder', path: path.join(vault.dir, 'unplugged') });

    const status = await value<SyncStatusView>('sync.status');
    expect(status.overall).toBe('online');
    expect(status.targets.map((t) => [t.name, t.state, t.lastSuccess, t.lastError])).toEqual([
      ['usb', 'idle', null, null],
      ['share', 'idle', null, null],
    ]);

    const answered = await value<SyncTestResult>('sync.test', { name: 'usb' });
    expect(answered).toMatchObject({ name: 'usb', ok: true, segmentsThere: 0 });
    expect(answered.message).toContain('answers; 0 segment(s) of this device are there');
    const unplugged = await value<SyncTestResult>('sync.test', { name: 'share' });
    expect(unplugged).toMatchObject({ ok: false, segmentsThere: null });
    expect(unplugged.message).toContain('unplugged');
    await expectError('sync.test', { name: 'nowhere' }, 'not_found');
    expect(await readdir(drive)).toEqual([]);

    expect(await value<SyncTargetView>('sync.pause', { name: 'usb', paused: true })).toMatchObject({ name: 'usb', paused: true });
    await value('sync.pause', { name: 'share', paused: true });
    const paused = await value<SyncStatusView>('sync.status');
    expect(paused.targets.map((t) => [t.state, t.nextAttemptAt])).toEqual([
      ['paused', null],
      ['paused', null],
    ]);
    await expectError('sync.run', {}, 'bad_request', /Every sync target is paused/);
    await expectError('sync.pause', { name: 'nowhere', paused: true }, 'not_found');
    await expectError('sync.pause', { name: 'usb' }, 'bad_request');
    expect(await value<SyncTargetView>('sync.pause', { name: 'usb', paused: false })).toMatchObject({ paused: false });

    await value('settings.update', { syncEveryMinutes: 0 });
    expect((await value<SyncStatusView>('sync.status')).targets[0]).toMatchObject({ state: 'idle', nextAttemptAt: null });
    await expectError('settings.update', { syncEveryMinutes: -1 }, 'bad_request');
  });
});
