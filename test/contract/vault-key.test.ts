import { readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import type { ReplaceDataKeyJobView } from '../../shared/api/vault-key-schemas';
import type { CaseState } from '../../shared/events/fold';
import { contractVault } from './contract-vault';

const passphrase = 'correct horse battery staple';

describe.each(['ipc', 'http'] as const)('replacing the data key over %s', (kind) => {
  const vault = contractVault(kind);
  const { call, value, expectError } = vault;

  it('runs as a job with file and byte progress; afterwards the old vault.json and passphrase open nothing', async () => {
    await expectError('vault.replaceDataKey', { passphrase }, 'vault_locked');
    await value('vault.create', { passphrase });
    const opened = await value<CaseState>('case.create', { title: 'Rekey over the wire', category: 'other', priority: 'low' });
    await value('note.add', { caseId: opened.id, text: 'Before the new key' });
    const oldHeader = await readFile(path.join(vault.vaultDir, 'vault.json'), 'utf8');
    const before = await value('case.get', { id: opened.id });

    await expectError('vault.replaceDataKey', { passphrase: '' }, 'bad_request');
    await expectError('vault.replaceDataKey', { passphrase, extra: true }, 'bad_request');
    await expectError('vault.replaceDataKey', { passphrase: 'not the passphrase' }, 'wrong_passphrase');

    let view = await value<ReplaceDataKeyJobView>('vault.replaceDataKey', { passphrase });
    expect(view).toMatchObject({ kind: 'vault.replaceDataKey', state: 'running', label: 'Replacing the data key' });
    while (view.state === 'running') view = await value<ReplaceDataKeyJobView>('job.wait', { jobId: view.jobId, timeoutMs: 5000 });
    expect(view).toMatchObject({ state: 'done', result: { resumed: false } });
    expect(view.filesTotal).toBeGreaterThanOrEqual(3);
    expect(view.filesDone).toBe(view.filesTotal);
    expect(view.result?.rekeyed).toBe(view.filesTotal);
    expect(await value('job.result', { jobId: view.jobId })).toEqual(view.result);
    expect(await value('vault.status', {})).not.toHaveProperty('replacingKey');

    expect(await value('case.get', { id: opened.id })).toEqual(before);
    await value('vault.lock');
    await value('vault.unlock', { passphrase });
    expect(await value('case.get', { id: opened.id })).toEqual(before);
    await value('vault.lock');
    await writeFile(path.join(vault.vaultDir, 'vault.json'), oldHeader);
    expect(await call('vault.unlock', { passphrase })).toMatchObject({ ok: false, error: { code: 'damaged' } });
  });
});
