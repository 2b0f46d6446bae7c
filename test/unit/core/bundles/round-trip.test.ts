import { execFileSync, spawnSync } from 'node:child_process';
import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { formatIdentityFile, generateIdentity } from '../../../../electron/core/age';
import type { KeysView } from '../../../../shared/api/bundle-schemas';
import { snapshotDir } from '../../../support/temp-dir';
import { desksPerTest, enrol, exportFile, finish, importFile, seedCase } from './bundle-fixture';

const hasAge = spawnSync('age', ['--version']).status === 0;

describe('case bundles: responder → coordinator', () => {
  const work = desksPerTest();
  const desk = work.desk;

  it('exports to the coordinator of the team profile, and imports with every count reported; re-import changes nothing', async () => {
    const coordinator = await desk('coordinator');
    const field = await desk('field');
    const keys: KeysView = await coordinator.call('keys.coordinatorInit', {});
    expect(keys.coordinator?.recipient).toMatch(/^age1/);
    await enrol(coordinator, field, work.dir);
    await coordinator.call('team.exportProfile', { path: path.join(work.dir, 'team.json'), name: 'CSIRT Lyon', constituency: 'Lyon campus' });
    const profile = await field.call('team.importProfile', { path: path.join(work.dir, 'team.json') });
    expect(profile.coordinator.recipientFingerprint).toBe(keys.coordinator?.fingerprint);
    expect((await field.call('keys.show', {})).defaultRecipients).toEqual([keys.coordinator?.recipient]);

    const caseId = await seedCase(field, 'Phishing wave', work.dir);
    const bundle = path.join(work.dir, 'field.outpost');
    await exportFile(field, [caseId], bundle);

    const summary = await coordinator.call('bundle.inspect', { path: bundle });
    expect(summary.cases).toEqual([expect.objectContaining({ caseId, title: 'Phishing wave' })]);
    expect(summary.signatureValid).toBe(true);

    const report = await importFile(coordinator, bundle);
    const fieldDevice = (await field.call('keys.show', {})).device;
    expect(report.newCases).toEqual([caseId]);
    expect(report.newEventsByDevice).toEqual({ [fieldDevice.deviceId]: 4 });
    expect(report.newDevices).toEqual([{ device: fieldDevice.deviceId, fingerprint: fieldDevice.fingerprint }]);
    expect(report.evidenceBytesAdded).toBe(200_000);
    expect(report.duplicatesSkipped).toBe(0);
    expect(await coordinator.call('case.get', { id: caseId })).toEqual(await field.call('case.get', { id: caseId }));
    const evidence = await coordinator.call('evidence.list', { caseId });
    expect(evidence.totals.files).toBe(1);
    // The coordinator can verify and export the evidence that arrived in the bundle.
    const verified = await finish(coordinator, await coordinator.call('evidence.verify', { caseId }));
    expect(verified).toMatchObject({ state: 'done' });
    const item = evidence.items[0];
    const file = item?.files[0];
    if (!item || !file) throw new Error('no evidence file');
    const exported = await finish(coordinator, await coordinator.call('evidence.export', { caseId, itemId: item.id, fileId: file.fileId, path: path.join(work.dir, 'exported.bin') }));
    expect(exported).toMatchObject({ state: 'done' });

    await coordinator.call('vault.lock', {});
    await coordinator.call('vault.unlock', { passphrase: 'correct horse battery staple' });
    const before = await snapshotDir(coordinator.dir);
    const again = await importFile(coordinator, bundle);
    expect(again).toMatchObject({ newCases: [], newEventsByDevice: {}, duplicatesSkipped: 4, newDevices: [], evidenceBytesAdded: 0, conflicts: [] });
    expect(again.importedBefore).toEqual(expect.any(String));
    await coordinator.call('vault.lock', {});
    expect(await snapshotDir(coordinator.dir)).toEqual(before);

    // A new bundle of the same events (another manifest) goes through every event check, and still adds nothing.
    await coordinator.call('vault.unlock', { passphrase: 'correct horse battery staple' });
    const second = path.join(work.dir, 'field-again.outpost');
    await exportFile(field, [caseId], second);
    const third = await importFile(coordinator, second);
    expect(third).toMatchObject({ newCases: [], newEventsByDevice: {}, duplicatesSkipped: 4, newDevices: [], evidenceFilesAdded: 0, importedBefore: null });
  });

  it('opens with the standard tools: age -d, tar -x, sha256sum -c', async (context) => {
    if (!hasAge) return context.skip('the age command is not installed (Debian package age)');
    const field = await desk('field');
    const caseId = await seedCase(field, 'Standard tools', work.dir, 300_000);
    const identity = generateIdentity();
    const idFile = path.join(work.dir, 'id.txt');
    await writeFile(idFile, formatIdentityFile(identity), { mode: 0o600 });
    const bundle = path.join(work.dir, 'b.outpost');
    await exportFile(field, [caseId], bundle, { recipients: [identity.recipient] });
    const out = path.join(work.dir, 'out');
    await mkdir(out);
    execFileSync('sh', ['-c', `age -d -i "${idFile}" "${bundle}" | tar -x -C "${out}"`]);
    const check = execFileSync('sha256sum', ['-c', 'SHA256SUMS'], { cwd: out }).toString();
    expect(check).toContain('MANIFEST.json: OK');
    expect(check).toContain(`cases/${caseId}.jsonl: OK`);
    expect(check.match(/blobs\/[0-9a-f]{64}: OK/g)).toHaveLength(1);

    // And a coordinator opens it with that identity file too.
    const coordinator = await desk('coordinator');
    const report = await importFile(coordinator, bundle, { identityFile: idFile });
    expect(report.newCases).toEqual([caseId]);
  });

  it('encrypts to a passphrase, and a wrong one is refused with a reason', async () => {
    const field = await desk('field');
    const caseId = await seedCase(field, 'Passphrase', work.dir, 1000);
    const bundle = path.join(work.dir, 'p.outpost');
    await exportFile(field, [caseId], bundle, { passphrase: 'bundle secret' });
    const coordinator = await desk('coordinator');
    const before = await snapshotDir(coordinator.dir);
    const error = await coordinator.call('bundle.import', { path: bundle, passphrase: 'wrong' }).then((job) => coordinator.call('job.wait', { jobId: job.jobId, timeoutMs: 30_000 }));
    expect(error.state).toBe('failed');
    expect(error.error?.message).toMatch(/passphrase is wrong/);
    expect(await snapshotDir(coordinator.dir)).toEqual(before);
    expect((await importFile(coordinator, bundle, { passphrase: 'bundle secret' })).newCases).toEqual([caseId]);
  });
});
