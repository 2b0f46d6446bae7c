import { readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Method } from '../../shared/api/contract';
import type { Result } from '../../shared/api/errors';
import type { ReplaceDataKeyJobView } from '../../shared/api/vault-key-schemas';
import type { CaseState } from '../../shared/events/fold';
import { makeTempDir, snapshotDir } from '../support/temp-dir';
import { openTransport, type Transport } from './transports';

const passphrase = 'correct horse battery staple';

describe.each(['ipc', 'http'] as const)('replacing the data key over %s', (kind) => {
  let dir: string;
  let vaultDir: string;
  let cleanup: () => Promise<void>;
  let transport: Transport;

  const call = (method: Method, args: unknown = {}): Promise<Result<unknown>> => transport.call(method, args);
  async function value<T>(method: Method, args: unknown = {}): Promise<T> {
    const result = await call(method, args);
    if (!result.ok) throw new Error(`${method} failed: ${result.error.message}`);
    return result.value as T;
  }
  async function expectError(method: Method, args: unknown, code: string): Promise<void> {
    const before = await snapshotDir(dir);
    expect(await call(method, args)).toMatchObject({ ok: false, error: { code } });
    expect(await snapshotDir(dir)).toEqual(before);
  }

  beforeEach(async () => {
    ({ dir, cleanup } = await makeTempDir());
    vaultDir = path.join(dir, 'vault');
    transport = await openTransport(kind, vaultDir);
  });
  afterEach(async () => {
    await transport.close();
    await cleanup();
  });

  it('runs as a job with file and byte progress; afterwards the old vault.json and passphrase open nothing', async () => {
    await expectError('vault.replaceDataKey', { passphrase }, 'vault_locked');
    await value('vault.create', { passphrase });
    const opened = await value<CaseState>('case.create', { title: 'Rekey over the wire', category: 'other', priority: 'low' });
    await value('note.add', { caseId: opened.id, text: 'Before the new key' });
    const oldHeader = await readFile(path.join(vaultDir, 'vault.json'), 'utf8');
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
    await writeFile(path.join(vaultDir, 'vault.json'), oldHeader);
    expect(await call('vault.unlock', { passphrase })).toMatchObject({ ok: false, error: { code: 'damaged' } });
  });
});
