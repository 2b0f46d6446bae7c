import { readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { Low } from 'lowdb';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { aadFor } from '../../../../electron/core/vault/store/aead';
import { loadOrCreateDeviceKey, verifyEd25519 } from '../../../../electron/core/vault/store/device-key';
import { EncryptedAdapter } from '../../../../electron/core/vault/store/encrypted-adapter';
import * as sealedFile from '../../../../electron/core/vault/store/sealed-file';
import { readSealed, writeSealed } from '../../../../electron/core/vault/store/sealed-file';
import { makeTempDir, snapshotDir } from '../../../support/temp-dir';
import { failureOf, testVault } from './fixtures/store-fixture';

// Pass-through spy, so the adapter test can count real writes.
vi.mock('../../../../electron/core/vault/store/sealed-file', async (importOriginal) => {
  const original = await importOriginal<typeof sealedFile>();
  return { ...original, writeSealed: vi.fn(original.writeSealed) };
});

describe('sealed files, the index adapter and the device key', () => {
  let dir = '';
  let cleanup: () => Promise<void> = async () => undefined;
  beforeEach(async () => ({ dir, cleanup } = await makeTempDir()));
  afterEach(() => cleanup());

  it('round-trips, reports absence as null, and names the file on damage', async () => {
    const { key, vaultId } = testVault();
    const file = path.join(dir, 'index');
    const aad = aadFor(vaultId, 'index', 'index');
    expect(await readSealed(file, key, aad)).toBeNull();
    await writeSealed(file, key, aad, Buffer.from('secret'));
    expect((await readFile(file)).includes(Buffer.from('secret'))).toBe(false);
    expect((await readSealed(file, key, aad))?.toString()).toBe('secret');

    const damaged = await failureOf(() => readSealed(file, key, aadFor(vaultId, 'device', 'index')), 'damaged');
    expect(damaged.message).toContain(file);
    await failureOf(() => readSealed(file, testVault().key, aad), 'damaged');
    await writeFile(file, Buffer.alloc(10));
    expect((await failureOf(() => readSealed(file, key, aad), 'damaged')).message).toContain(file);
  });

  it('lowdb stores the index encrypted, and an index from another vault is damaged', async () => {
    const { key, vaultId } = testVault();
    const file = path.join(dir, 'index');
    const db = new Low(new EncryptedAdapter<{ cases: string[] }>({ file, key, vaultId }), { cases: [] });
    await db.read();
    db.data.cases.push('first case');
    await db.write();
    const again = new Low(new EncryptedAdapter<{ cases: string[] }>({ file, key, vaultId }), { cases: [] });
    await again.read();
    expect(again.data.cases).toEqual(['first case']);

    const other = testVault();
    const before = await snapshotDir(dir);
    const foreign = new Low(new EncryptedAdapter<{ cases: string[] }>({ file, key: other.key, vaultId: other.vaultId }), { cases: [] });
    expect((await failureOf(() => foreign.read(), 'damaged')).message).toContain(file);
    // Same key, another vault id: the AAD differs.
    await failureOf(() => new EncryptedAdapter({ file, key, vaultId: other.vaultId }).read(), 'damaged');
    expect(await snapshotDir(dir)).toEqual(before);
  });

  it('serialises concurrent writes and coalesces them: the latest data wins', async () => {
    const { key, vaultId } = testVault();
    const file = path.join(dir, 'index');
    const adapter = new EncryptedAdapter<{ n: number }>({ file, key, vaultId });
    const spy = vi.mocked(sealedFile.writeSealed);
    spy.mockClear();
    const first = adapter.write({ n: 0 });
    await new Promise((resolve) => setImmediate(resolve)); // let the first write start
    const writes = Array.from({ length: 49 }, (_, n) => adapter.write({ n: n + 1 }));
    await Promise.all([first, ...writes]);
    expect(spy).toHaveBeenCalledTimes(2); // the one running, then one with the latest data
    expect(await adapter.read()).toEqual({ n: 49 });
    // The data is captured when write() is called, not when the write runs.
    const live = { n: 1 };
    const pending = adapter.write(live);
    live.n = 2;
    await pending;
    expect(await adapter.read()).toEqual({ n: 1 });
    expect(Object.keys(await snapshotDir(dir))).toEqual(['index']);
  });

  it('creates the device key once, then loads the same identity; signatures verify', async () => {
    const { key, vaultId } = testVault();
    const device = await loadOrCreateDeviceKey(dir, key, vaultId);
    expect(device.deviceId).toMatch(/^[0-9a-f]{64}$/);
    expect(Buffer.from(device.publicKey, 'base64')).toHaveLength(32);
    expect(device.fingerprint).toMatch(/^([0-9a-f]{4} ){7}[0-9a-f]{4}$/);
    expect(device.fingerprint.replaceAll(' ', '')).toBe(device.deviceId.slice(0, 32));
    const again = await loadOrCreateDeviceKey(dir, key, vaultId);
    expect(again.deviceId).toBe(device.deviceId);

    const message = Buffer.from('bundle manifest');
    const signature = again.sign(message);
    expect(verifyEd25519(device.publicKey, message, signature)).toBe(true);
    expect(verifyEd25519(device.publicKey, Buffer.from('bundle manifesT'), signature)).toBe(false);
    expect(verifyEd25519('AAAA', message, signature)).toBe(false);
    expect(verifyEd25519(device.publicKey, message, 'AAAA')).toBe(false);

    const other = testVault();
    await failureOf(() => loadOrCreateDeviceKey(dir, other.key, other.vaultId), 'damaged');
  });
});
