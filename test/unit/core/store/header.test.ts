import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  createHeader,
  parseHeader,
  readHeader,
  rewrapHeader,
  unlockHeader,
  writeHeader,
  type VaultHeader,
} from '../../../../electron/core/vault/store/header';
import { weakKdfCost } from '../../../../electron/core/vault/store/kdf';
import { makeTempDir, snapshotDir } from '../../../support/temp-dir';
import { failureOf } from './fixtures/store-fixture';

const weak = { allowWeak: true };
const PASS = 'correct horse battery staple';

describe('vault header', () => {
  let dir = '';
  let cleanup: () => Promise<void> = async () => undefined;
  beforeEach(async () => ({ dir, cleanup } = await makeTempDir()));
  afterEach(() => cleanup());

  it('creates, writes, reads back and unlocks to the same data key', async () => {
    const { header, dataKey } = await createHeader(PASS, weakKdfCost, weak);
    expect(header).toMatchObject({ format: 'outpost-vault', version: 1, kdf: { name: 'scrypt', N: 1024, r: 8, p: 1, keyLength: 32 } });
    expect(header.vaultId).toMatch(/^[0-9a-f]{32}$/);
    await writeHeader(dir, header);
    const read = await readHeader(dir, weak);
    expect(read).toEqual(header);
    expect((await unlockHeader(read as VaultHeader, PASS, weak)).equals(dataKey)).toBe(true);
    expect(await readHeader(path.join(dir, 'nowhere'), weak)).toBeNull();
  });

  it('a wrong passphrase is wrong_passphrase and writes nothing', async () => {
    const { header } = await createHeader(PASS, weakKdfCost, weak);
    await writeHeader(dir, header);
    const before = await snapshotDir(dir);
    const failure = await failureOf(async () => unlockHeader((await readHeader(dir, weak)) as VaultHeader, 'not it', weak), 'wrong_passphrase');
    expect(failure.message).toBe('That passphrase does not unlock this vault');
    expect(await snapshotDir(dir)).toEqual(before);
  });

  it('editing any header field makes unlock fail', async () => {
    const { header } = await createHeader(PASS, weakKdfCost, weak);
    const edits: Array<Partial<VaultHeader>> = [
      { kdf: { ...header.kdf, N: 2048 } },
      { kdf: { ...header.kdf, r: 9 } },
      { vaultId: 'f'.repeat(32) },
      { createdAt: new Date(0).toISOString() },
    ];
    for (const edit of edits) {
      await failureOf(() => unlockHeader({ ...header, ...edit }, PASS, weak), 'wrong_passphrase');
    }
    const wrapped = Buffer.from(header.wrappedKey, 'base64');
    wrapped[20] = (wrapped[20] ?? 0) ^ 1;
    await failureOf(() => unlockHeader({ ...header, wrappedKey: wrapped.toString('base64') }, PASS, weak), 'wrong_passphrase');
  });

  it('refuses weak params from a file unless allowed, and huge ones always', async () => {
    const { header } = await createHeader(PASS, weakKdfCost, weak);
    const text = JSON.stringify(header);
    expect((await failureOf(async () => parseHeader(text, 'vault.json'), 'damaged')).message).toMatch(/vault\.json.*too low/);
    const huge = JSON.stringify({ ...header, kdf: { ...header.kdf, N: 2 ** 30 } });
    expect((await failureOf(async () => parseHeader(huge, 'vault.json', weak), 'damaged')).message).toMatch(/too high/);
    await failureOf(() => unlockHeader({ ...header, kdf: { ...header.kdf, N: 2 ** 30 } }, PASS, weak), 'damaged');
  });

  it('parseHeader names the file for every kind of damage', async () => {
    const { header } = await createHeader(PASS, weakKdfCost, weak);
    const bad = [
      '{not json',
      JSON.stringify({ ...header, format: 'other' }),
      JSON.stringify({ ...header, version: 2 }),
      JSON.stringify({ ...header, vaultId: 'xyz' }),
      JSON.stringify({ ...header, extra: 1 }),
      JSON.stringify({ ...header, wrappedKey: 'AAAA' }),
      JSON.stringify({ ...header, kdf: { ...header.kdf, salt: '!!' } }),
    ];
    for (const text of bad) {
      expect((await failureOf(async () => parseHeader(text, '/v/vault.json', weak), 'damaged')).message).toMatch(/^\/v\/vault\.json is damaged/);
    }
  });

  it('rewrap changes the passphrase, keeps vault id and data key', async () => {
    const { header, dataKey } = await createHeader(PASS, weakKdfCost, weak);
    const next = await rewrapHeader(header, dataKey, 'a brand new passphrase', weakKdfCost, weak);
    expect(next.vaultId).toBe(header.vaultId);
    expect(next.createdAt).toBe(header.createdAt);
    expect(next.kdf.salt).not.toBe(header.kdf.salt);
    expect((await unlockHeader(next, 'a brand new passphrase', weak)).equals(dataKey)).toBe(true);
    await failureOf(() => unlockHeader(next, PASS, weak), 'wrong_passphrase');
  });
});
