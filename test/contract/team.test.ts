import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { BundleImportReport, BundleJobView, KeysView } from '../../shared/api/bundle-schemas';
import type { ApproveResult, HeldBundle, HeldList, JoinRequestResult, JoinRequestView, RevokeResult, RosterView } from '../../shared/api/roster-schemas';
import type { CaseState } from '../../shared/events/fold';
import { makeTempDir, snapshotDir } from '../support/temp-dir';
import { openTransport, type Transport } from './transports';

const passphrase = 'correct horse battery staple';

describe.each(['ipc', 'http'] as const)('team roster API over %s', (kind) => {
  let dir: string;
  let cleanup: () => Promise<void>;
  let coordinator: Transport;
  let field: Transport;
  let stranger: Transport;

  const value = async <T>(t: Transport, method: string, args: unknown): Promise<T> => {
    const result = await t.call(method, args);
    if (!result.ok) throw new Error(`${method} failed: ${result.error.code}: ${result.error.message}`);
    return result.value as T;
  };
  const failure = async (t: Transport, method: string, args: unknown) => {
    const result = await t.call(method, args);
    if (result.ok) throw new Error(`${method} succeeded, a failure was expected`);
    return result.error;
  };
  const imported = async (t: Transport, file: string): Promise<BundleImportReport> => {
    let view = await value<BundleJobView>(t, 'bundle.import', { path: file });
    while (view.state === 'running') view = await value<BundleJobView>(t, 'job.wait', { jobId: view.jobId, timeoutMs: 5000 });
    if (view.state !== 'done') throw new Error(`import ${view.state}: ${view.error?.message ?? ''}`);
    return view.result as BundleImportReport;
  };
  const exported = async (t: Transport, caseId: string, file: string, recipients: string[]) => {
    let view = await value<BundleJobView>(t, 'bundle.export', { caseIds: [caseId], path: file, recipients });
    while (view.state === 'running') view = await value<BundleJobView>(t, 'job.wait', { jobId: view.jobId, timeoutMs: 5000 });
    expect(view.state).toBe('done');
  };

  beforeEach(async () => {
    ({ dir, cleanup } = await makeTempDir());
    coordinator = await openTransport(kind, path.join(dir, 'coordinator'));
    field = await openTransport(kind, path.join(dir, 'field'));
    stranger = await openTransport(kind, path.join(dir, 'stranger'));
    for (const t of [coordinator, field, stranger]) await value(t, 'vault.create', { passphrase });
  });
  afterEach(async () => {
    for (const t of [coordinator, field, stranger]) await t.close();
    await cleanup();
  });

  it('enrols by join request, holds a bundle from an unknown device until it is approved by fingerprint, refuses, and revokes', async () => {
    const keys = await value<KeysView>(coordinator, 'keys.coordinatorInit', {});
    const recipient = keys.coordinator?.recipient ?? '';
    const first = await value<RosterView>(coordinator, 'team.roster', {});
    expect(first).toMatchObject({ serial: 1, isCoordinator: true, devices: [{ self: true }], revoked: [], pending: [] });

    // A join request read by the coordinator, then approved by file.
    const request = await value<JoinRequestResult>(field, 'team.joinRequest', { path: path.join(dir, 'join.json'), name: 'Ana Field', role: 'responder', site: 'Lyon' });
    expect(request.request.words).toHaveLength(8);
    expect(await failure(field, 'team.joinRequest', { path: path.join(dir, 'join.json') })).toMatchObject({ code: 'bad_request', message: expect.stringMatching(/already exists/) as unknown });
    const read = await value<JoinRequestView>(coordinator, 'team.readRequest', { path: path.join(dir, 'join.json') });
    expect(read).toMatchObject({ device: request.request.device, name: 'Ana Field', words: request.request.words });
    expect((await value<RosterView>(coordinator, 'team.roster', {})).pending.map((p) => p.device)).toEqual([request.request.device]);
    const approved = await value<ApproveResult>(coordinator, 'team.approve', { path: path.join(dir, 'join.json') });
    expect(approved).toMatchObject({ serial: 2, approved: { name: 'Ana Field' }, appliedBundles: [] });
    expect(await failure(field, 'team.approve', { path: path.join(dir, 'join.json') })).toMatchObject({ code: 'forbidden' });

    // An enrolled device's bundle applies.
    const opened = await value<CaseState>(field, 'case.create', { title: 'Enrolled work', category: 'fraud', priority: 'low' });
    await exported(field, opened.id, path.join(dir, 'field.outpost'), [recipient]);
    expect((await imported(coordinator, path.join(dir, 'field.outpost'))).newCases).toEqual([opened.id]);

    // A device not on the roster: held, nothing applied but the held copy and its listing.
    const forged = await value<CaseState>(stranger, 'case.create', { title: 'Not enrolled', category: 'fraud', priority: 'low' });
    await exported(stranger, forged.id, path.join(dir, 'stranger.outpost'), [recipient]);
    const report = await imported(coordinator, path.join(dir, 'stranger.outpost'));
    expect(report.newCases).toEqual([]);
    expect(report.held).toMatchObject({ status: 'held', openedWith: 'coordinator', cases: [{ caseId: forged.id, title: 'Not enrolled', eventsByType: { 'case.opened': 1 } }] });
    const held = report.held as HeldBundle;
    expect(await failure(coordinator, 'case.get', { id: forged.id })).toMatchObject({ code: 'not_found' });
    expect((await value<HeldList>(coordinator, 'bundle.held', {})).held).toHaveLength(1);
    // The same bundle again is not listed twice.
    await imported(coordinator, path.join(dir, 'stranger.outpost'));
    expect((await value<HeldList>(coordinator, 'bundle.held', {})).held).toHaveLength(1);

    // Approving it by fingerprint applies it, as if it had arrived now.
    const byPrint = await value<ApproveResult>(coordinator, 'team.approve', { fingerprint: held.exporter.fingerprint, name: 'Late joiner' });
    expect(byPrint).toMatchObject({ serial: 3, appliedBundles: [held.digest] });
    expect((await value<CaseState>(coordinator, 'case.get', { id: forged.id })).title).toBe('Not enrolled');
    expect((await value<HeldList>(coordinator, 'bundle.held', {})).held).toMatchObject([{ digest: held.digest, status: 'applied' }]);

    // Revoked: later work of the device is refused whole.
    const revoked = await value<RevokeResult>(coordinator, 'team.revoke', { fingerprint: held.exporter.fingerprint, reason: 'laptop lost' });
    expect(revoked.serial).toBe(4);
    await value(stranger, 'note.add', { caseId: forged.id, text: 'written after the revocation' });
    await exported(stranger, forged.id, path.join(dir, 'after.outpost'), [recipient]);
    // Locking writes the index now: a background write of it (250 ms after the approval applied a bundle) must not land between the two snapshots.
    await value(coordinator, 'vault.lock', {});
    await value(coordinator, 'vault.unlock', { passphrase });
    const before = await snapshotDir(path.join(dir, 'coordinator'));
    let view = await value<BundleJobView>(coordinator, 'bundle.import', { path: path.join(dir, 'after.outpost') });
    while (view.state === 'running') view = await value<BundleJobView>(coordinator, 'job.wait', { jobId: view.jobId, timeoutMs: 5000 });
    expect(view.state).toBe('failed');
    expect(view.error?.message).toMatch(/written after the device was revoked/);
    expect(await snapshotDir(path.join(dir, 'coordinator'))).toEqual(before);
    expect((await value<RosterView>(coordinator, 'team.roster', {})).revoked).toMatchObject([{ name: 'Late joiner', reason: 'laptop lost' }]);

    // Refusing a held bundle: nothing applied, the refusal recorded.
    const unknown = await openTransport(kind, path.join(dir, 'unknown'));
    try {
      await value(unknown, 'vault.create', { passphrase });
      const u = await value<CaseState>(unknown, 'case.create', { title: 'From nowhere', category: 'fraud', priority: 'low' });
      await exported(unknown, u.id, path.join(dir, 'unknown.outpost'), [recipient]);
      const waiting = (await imported(coordinator, path.join(dir, 'unknown.outpost'))).held as HeldBundle;
      const refused = await value<HeldBundle>(coordinator, 'bundle.refuse', { digest: waiting.digest, reason: 'nobody knows this device' });
      expect(refused).toMatchObject({ status: 'refused', reason: 'nobody knows this device' });
      expect(await failure(coordinator, 'case.get', { id: u.id })).toMatchObject({ code: 'not_found' });
      expect(await failure(coordinator, 'bundle.refuse', { digest: waiting.digest })).toMatchObject({ code: 'not_found' });
    } finally {
      await unknown.close();
    }
  });
});
