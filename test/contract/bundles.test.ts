import { stat } from 'node:fs/promises';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { BundleChanges, BundleImportReport, BundleInspection, BundleJobView, IdentityExportResult, KeysView, TeamProfile, TeamProfileCheck } from '../../shared/api/bundle-schemas';
import type { CaseState } from '../../shared/events/fold';
import { makeTempDir, snapshotDir } from '../support/temp-dir';
import { openTransport, type Transport } from './transports';

const passphrase = 'correct horse battery staple';

describe.each(['ipc', 'http'] as const)('bundle API over %s', (kind) => {
  let dir: string;
  let cleanup: () => Promise<void>;
  let field: Transport;
  let coordinator: Transport;

  const value = async <T>(t: Transport, method: string, args: unknown): Promise<T> => {
    const result = await t.call(method, args);
    if (!result.ok) throw new Error(`${method} failed: ${result.error.message}`);
    return result.value as T;
  };
  const finish = async (t: Transport, job: BundleJobView): Promise<BundleJobView> => {
    let view = job;
    while (view.state === 'running') view = await value<BundleJobView>(t, 'job.wait', { jobId: job.jobId, timeoutMs: 5000 });
    return view;
  };

  beforeEach(async () => {
    ({ dir, cleanup } = await makeTempDir());
    field = await openTransport(kind, path.join(dir, 'field'));
    coordinator = await openTransport(kind, path.join(dir, 'coordinator'));
    await value(field, 'vault.create', { passphrase });
    await value(coordinator, 'vault.create', { passphrase });
  });
  afterEach(async () => {
    await field.close();
    await coordinator.close();
    await cleanup();
  });

  it('keys, team profile, export, inspect, verify and import', async () => {
    const keys = await value<KeysView>(coordinator, 'keys.coordinatorInit', {});
    expect(keys.coordinator?.recipient).toMatch(/^age1/);
    expect((await value<KeysView>(field, 'keys.show', {})).coordinator).toBeNull();
    await value(coordinator, 'team.exportProfile', { path: path.join(dir, 'team.json'), name: 'CSIRT' });
    await value(field, 'team.importProfile', { path: path.join(dir, 'team.json') });
    await value(field, 'team.joinRequest', { path: path.join(dir, 'join.json') });
    await value(coordinator, 'team.approve', { path: path.join(dir, 'join.json') });
    const opened = await value<CaseState>(field, 'case.create', { title: 'Contract case', category: 'fraud', priority: 'low' });
    const file = path.join(dir, 'c.outpost');
    const exported = await finish(field, await value<BundleJobView>(field, 'bundle.export', { caseIds: [opened.id], path: file }));
    expect(exported.state).toBe('done');
    expect(await value(coordinator, 'bundle.inspect', { path: file })).toMatchObject({ cases: [{ caseId: opened.id }], signatureValid: true, importedBefore: null });
    expect((await finish(coordinator, await value<BundleJobView>(coordinator, 'bundle.verify', { path: file }))).state).toBe('done');
    const imported = await finish(coordinator, await value<BundleJobView>(coordinator, 'bundle.import', { path: file }));
    expect((imported.result as BundleImportReport).newCases).toEqual([opened.id]);
    // Inspect now says this very bundle is in already, with when.
    const again = await value<BundleInspection>(coordinator, 'bundle.inspect', { path: file });
    expect(Date.parse(again.importedBefore ?? '')).toBeGreaterThan(Date.now() - 60_000);
  });

  it('shows a team profile before trusting it, and refuses one that changed since it was checked', async () => {
    await value(coordinator, 'keys.coordinatorInit', {});
    const file = path.join(dir, 'team.json');
    const exported = await value<{ profile: TeamProfile }>(coordinator, 'team.exportProfile', { path: file, name: 'North CSIRT' });
    const before = await snapshotDir(path.join(dir, 'field'));
    const check = await value<TeamProfileCheck>(field, 'team.checkProfile', { path: file });
    expect(check).toMatchObject({ team: { name: 'North CSIRT' }, coordinator: { deviceFingerprint: exported.profile.coordinator.deviceFingerprint, recipientFingerprint: exported.profile.coordinator.recipientFingerprint }, alreadyTrusted: false });
    expect(check.coordinator.deviceWords).toHaveLength(8);
    // Looking trusts nothing and writes nothing.
    expect(await snapshotDir(path.join(dir, 'field'))).toEqual(before);
    expect((await value<KeysView>(field, 'keys.show', {})).team).toBeNull();

    // Another coordinator's profile put in its place after the check is refused, whole.
    const other = await openTransport(kind, path.join(dir, 'other'));
    try {
      await value(other, 'vault.create', { passphrase });
      await value(other, 'keys.coordinatorInit', {});
      await value(other, 'team.exportProfile', { path: path.join(dir, 'swapped.json'), name: 'North CSIRT' });
    } finally {
      await other.close();
    }
    const refused = await field.call('team.importProfile', { path: path.join(dir, 'swapped.json'), confirmFingerprint: check.coordinator.deviceFingerprint });
    expect(refused).toMatchObject({ ok: false, error: { code: 'bad_request', message: expect.stringContaining('check the profile again') as string } });
    expect(await snapshotDir(path.join(dir, 'field'))).toEqual(before);

    await value(field, 'team.importProfile', { path: file, confirmFingerprint: check.coordinator.deviceFingerprint });
    expect((await value<KeysView>(field, 'keys.show', {})).team?.team.name).toBe('North CSIRT');
    expect((await value<TeamProfileCheck>(field, 'team.checkProfile', { path: file })).alreadyTrusted).toBe(true);
  });

  it('exports everything changed since the last export to the coordinator, and says when nothing did', async () => {
    await value(coordinator, 'keys.coordinatorInit', {});
    await value(coordinator, 'team.exportProfile', { path: path.join(dir, 'team.json'), name: 'CSIRT' });
    await value(field, 'team.importProfile', { path: path.join(dir, 'team.json') });
    expect(await value<BundleChanges>(field, 'bundle.changes', {})).toMatchObject({ coordinator: 'CSIRT', lastExportAt: null, events: 0 });
    const opened = await value<CaseState>(field, 'case.create', { title: 'Delta case', category: 'fraud', priority: 'low' });
    const first = await finish(field, await value<BundleJobView>(field, 'bundle.export', { changedSince: true, path: path.join(dir, 'd1.outpost') }));
    expect(first).toMatchObject({ state: 'done', result: { cases: 1, events: 1, since: null } });
    await value(field, 'note.add', { caseId: opened.id, text: 'later' });
    const changes = await value<BundleChanges>(field, 'bundle.changes', {});
    expect(changes).toMatchObject({ cases: [{ caseId: opened.id, events: 1 }], events: 1 });
    const second = await finish(field, await value<BundleJobView>(field, 'bundle.export', { changedSince: true, path: path.join(dir, 'd2.outpost') }));
    expect(second).toMatchObject({ state: 'done', result: { cases: 1, events: 1, since: changes.lastExportAt } });
    const none = await finish(field, await value<BundleJobView>(field, 'bundle.export', { changedSince: true, path: path.join(dir, 'd3.outpost') }));
    expect(none).toMatchObject({ state: 'failed', error: { code: 'not_found' } });
    expect(await field.call('bundle.export', { changedSince: true, caseIds: [opened.id], path: 'x' })).toMatchObject({ ok: false, error: { code: 'bad_request' } });
    expect(await field.call('bundle.export', { changedSince: true, path: 'x', passphrase: 'p' })).toMatchObject({ ok: false, error: { code: 'bad_request', message: expect.stringMatching(/passphrase/) as string } });
    expect(await field.call('bundle.changes', { recipients: ['not-a-key'] })).toMatchObject({ ok: false, error: { code: 'bad_request' } });

    // The coordinator's identity as an age identity file opens the bundle elsewhere.
    const identity = path.join(dir, 'coordinator.age');
    const written = await value<IdentityExportResult>(coordinator, 'keys.exportIdentity', { path: identity });
    expect(written).toMatchObject({ path: identity, recipient: expect.stringMatching(/^age1/) as string });
    expect((await stat(identity)).mode & 0o777).toBe(0o600);
    expect(await coordinator.call('keys.exportIdentity', { path: identity })).toMatchObject({ ok: false, error: { code: 'io', message: expect.stringMatching(/already exists/) as string } });
    expect(await value(field, 'bundle.inspect', { path: path.join(dir, 'd2.outpost'), identityFile: identity })).toMatchObject({ cases: [{ caseId: opened.id, events: 1 }] });
  });

  it('refuses unknown keys, and a bundle that is not one, writing nothing', async () => {
    await value(coordinator, 'keys.coordinatorInit', {});
    expect(await coordinator.call('bundle.export', { caseIds: [], path: 'x' })).toMatchObject({ ok: false, error: { code: 'bad_request' } });
    expect(await coordinator.call('bundle.import', { path: 'x', extra: 1 })).toMatchObject({ ok: false, error: { code: 'bad_request' } });
    // One rule for bundle and evidence paths and for passphrases: absolute paths, and a new bundle passphrase as strong as a vault's.
    const opened = await value<{ id: string }>(coordinator, 'case.create', { title: 'Paths', category: 'other', priority: 'low' });
    const relative = await coordinator.call('bundle.export', { caseIds: [opened.id], path: 'case.outpost', passphrase: 'long enough passphrase' });
    expect(relative).toMatchObject({ ok: false, error: { code: 'bad_request', message: expect.stringContaining('Give the full path of the file') as string } });
    const weak = await coordinator.call('bundle.export', { caseIds: [opened.id], path: path.join(dir, 'weak.outpost'), passphrase: 'abc' });
    expect(weak).toMatchObject({ ok: false, error: { code: 'bad_request', message: expect.stringContaining('at least 10 characters') as string } });
    expect(await coordinator.call('bundle.inspect', { path: 'weak.outpost' })).toMatchObject({ ok: false, error: { message: expect.stringContaining('Give the full path') as string } });
    // Locking writes the index now, so no background write of it lands between the two snapshots.
    await value(coordinator, 'vault.lock', {});
    await value(coordinator, 'vault.unlock', { passphrase });
    const before = await snapshotDir(path.join(dir, 'coordinator'));
    const notABundle = path.join(dir, 'team.json');
    await value(coordinator, 'team.exportProfile', { path: notABundle, name: 'CSIRT' });
    const result = await coordinator.call('bundle.inspect', { path: notABundle });
    expect(result).toMatchObject({ ok: false, error: { code: 'damaged' } });
    expect(await snapshotDir(path.join(dir, 'coordinator'))).toEqual(before);
  });
});
