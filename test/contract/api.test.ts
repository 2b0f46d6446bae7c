import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { methods, type Method } from '../../shared/api/contract';
import type { Result } from '../../shared/api/errors';
import { makeTempDir, snapshotDir } from '../support/temp-dir';
import { openTransport, type Transport } from './transports';

const passphrase = 'correct horse battery staple';
const newCase = { title: 'Ransom note on file server', category: 'malicious-code', priority: 'high', site: 'Head office' };

// Every contract method must be exercised below, through both transports.
const exercised = new Set<Method>();

describe.each(['ipc', 'http'] as const)('API contract over %s', (kind) => {
  let dir: string;
  let vaultDir: string;
  let cleanup: () => Promise<void>;
  let transport: Transport;

  async function call(method: string, args?: unknown): Promise<Result<unknown>> {
    if ((methods as string[]).includes(method)) exercised.add(method as Method);
    return transport.call(method, args);
  }

  async function expectError(method: string, args: unknown, code: string): Promise<void> {
    const before = await snapshotDir(dir);
    const result = await call(method, args);
    expect(result).toMatchObject({ ok: false, error: { code } });
    if (!result.ok) expect(result.error.message.length).toBeGreaterThan(5);
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

  it('reports an absent vault and refuses case work until one exists', async () => {
    expect(await call('vault.status', {})).toEqual({ ok: true, value: { state: 'absent', path: vaultDir } });
    await expectError('case.list', {}, 'vault_locked');
    await expectError('vault.unlock', { passphrase }, 'vault_absent');
    await expectError('vault.create', { passphrase: 'short' }, 'bad_request');
  });

  it('creates, locks, unlocks and keeps cases across a restart', async () => {
    expect(await call('vault.create', { passphrase })).toEqual({ ok: true, value: { state: 'unlocked', path: vaultDir } });
    await expectError('vault.create', { passphrase }, 'vault_exists');

    const created = await call('case.create', newCase);
    expect(created.ok).toBe(true);
    if (!created.ok) return;
    const detail = created.value as { id: string; status: string; createdBy: string };
    expect(detail).toMatchObject({ ...newCase, status: 'new' });

    const listed = await call('case.list', {});
    expect(listed).toMatchObject({ ok: true, value: [{ id: detail.id, title: newCase.title }] });
    expect(await call('case.get', { id: detail.id })).toEqual({ ok: true, value: detail });

    expect(await call('vault.lock', {})).toEqual({ ok: true, value: { state: 'locked', path: vaultDir } });
    await expectError('case.get', { id: detail.id }, 'vault_locked');
    await expectError('vault.unlock', { passphrase: 'not the passphrase' }, 'wrong_passphrase');

    await transport.close();
    transport = await openTransport(kind, vaultDir);
    expect(await call('vault.status', {})).toMatchObject({ ok: true, value: { state: 'locked' } });
    expect(await call('vault.unlock', { passphrase })).toMatchObject({ ok: true, value: { state: 'unlocked' } });
    expect(await call('case.get', { id: detail.id })).toEqual({ ok: true, value: detail });
  });

  it('rejects bad arguments with a clear error and writes nothing', async () => {
    await call('vault.create', { passphrase });
    await expectError('case.create', { ...newCase, title: 42 }, 'bad_request');
    await expectError('case.create', { ...newCase, title: '   ' }, 'bad_request');
    await expectError('case.create', { ...newCase, category: 'aliens' }, 'bad_request');
    await expectError('case.create', { ...newCase, priority: undefined }, 'bad_request');
    await expectError('case.create', { ...newCase, extra: true }, 'bad_request');
    await expectError('case.create', { ...newCase, title: 'x'.repeat(201) }, 'bad_request');
    await expectError('case.create', 'not an object', 'bad_request');
    await expectError('case.get', { id: '../../etc/passwd' }, 'bad_request');
    await expectError('case.get', { id: '00000000-0000-4000-8000-000000000000' }, 'not_found');
    await expectError('case.delete', {}, 'unknown_method');
    await expectError('__proto__', {}, 'unknown_method');
    await expectError('toString', {}, 'unknown_method');

    const invalid = await call('case.create', { ...newCase, category: 'aliens', site: '' });
    expect(invalid).toMatchObject({
      ok: false,
      error: { issues: [{ path: 'category' }, { path: 'site', message: 'Site is required' }] },
    });
    expect(await call('case.list', {})).toEqual({ ok: true, value: [] });
  });
});

describe('contract coverage', () => {
  it('exercised every method over both transports', () => {
    expect([...exercised].sort()).toEqual([...methods].sort());
  });
});
