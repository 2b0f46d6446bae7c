import { copyFile, mkdir, open, readFile, readdir, rm, stat, truncate, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ApiFailure } from '../../../../shared/api/errors';
import type { Vault } from '../../../../electron/core/vault/vault';
import { makeTempDir, snapshotDir } from '../../../support/temp-dir';
import { newSession, openingPayload, PASSPHRASE, testVault } from '../../../support/vault-fixture';

async function failure(promise: Promise<unknown>): Promise<ApiFailure> {
  try {
    await promise;
  } catch (error) {
    if (error instanceof ApiFailure) return error;
    throw error;
  }
  throw new Error('expected a failure');
}

async function flipByte(file: string, offset: number): Promise<void> {
  const handle = await open(file, 'r+');
  try {
    const byte = Buffer.alloc(1);
    await handle.read(byte, 0, 1, offset);
    byte[0] = (byte[0] ?? 0) ^ 0x01;
    await handle.write(byte, 0, 1, offset);
  } finally {
    await handle.close();
  }
}

describe('vault faults', () => {
  let dir: string;
  let cleanup: () => Promise<void>;
  let vault: Vault;
  let caseA: string;
  let caseB: string;
  const journal = (id: string) => path.join(dir, 'vault', 'cases', `${id}.journal`);

  beforeEach(async () => {
    ({ dir, cleanup } = await makeTempDir());
    const opened = await newSession(path.join(dir, 'vault'));
    vault = opened.vault;
    caseA = (await opened.session.createCase(openingPayload('Case A'))).id;
    caseB = (await opened.session.createCase(openingPayload('Case B'))).id;
    for (let i = 0; i < 5; i++) await opened.session.append(caseA, 'note.added', { noteId: crypto.randomUUID(), text: `note ${i}` });
    await vault.lock();
  });

  afterEach(async () => {
    await vault.lock();
    await cleanup();
  });

  it('refuses a wrong passphrase and writes nothing', async () => {
    const before = await snapshotDir(dir);
    const error = await failure(vault.unlock('not the passphrase'));
    expect(error.code).toBe('wrong_passphrase');
    expect(error.message).toBe('That passphrase does not unlock this vault');
    expect(await snapshotDir(dir)).toEqual(before);
  });

  it('names a journal altered by one byte, changes nothing, and still opens the other cases', async () => {
    const { size } = await stat(journal(caseA));
    await flipByte(journal(caseA), Math.floor(size / 2));
    const before = await snapshotDir(dir);
    await vault.unlock(PASSPHRASE);
    const error = await failure(vault.unlocked().getCase(caseA));
    expect(error.code).toBe('damaged');
    expect(error.message).toContain(journal(caseA));
    expect((await vault.unlocked().getCase(caseB)).title).toBe('Case B');
    await vault.lock();
    expect(await snapshotDir(dir)).toEqual(before);
  });

  it('names a journal truncated below what was acknowledged, and lists the case as damaged', async () => {
    const { size } = await stat(journal(caseA));
    await truncate(journal(caseA), size - 300);
    const beforeBytes = await readFile(journal(caseA));
    const status = await vault.unlock(PASSPHRASE);
    expect(status.notices?.join('\n')).toContain(journal(caseA));
    const listed = vault.unlocked().listCases();
    expect(listed.find((c) => c.id === caseA)?.problem).toContain('is damaged');
    expect(listed.find((c) => c.id === caseB)?.problem).toBeUndefined();
    expect((await failure(vault.unlocked().getCase(caseA))).message).toContain(journal(caseA));
    expect(await readFile(journal(caseA))).toEqual(beforeBytes);
  });

  it('refuses a journal swapped with another case’s', async () => {
    await copyFile(journal(caseB), journal(caseA));
    await vault.unlock(PASSPHRASE);
    const error = await failure(vault.unlocked().getCase(caseA));
    expect(error.code).toBe('damaged');
    expect(error.message).toContain(journal(caseA));
  });

  it('refuses a header taken from another vault with another passphrase', async () => {
    const other = testVault(path.join(dir, 'other'));
    await other.create('the other team’s passphrase');
    await other.lock();
    await copyFile(path.join(dir, 'other', 'vault.json'), path.join(dir, 'vault', 'vault.json'));
    const before = await snapshotDir(path.join(dir, 'vault'));
    expect((await failure(vault.unlock(PASSPHRASE))).code).toBe('wrong_passphrase');
    expect(await snapshotDir(path.join(dir, 'vault'))).toEqual(before);
  });

  it('names vault.json when the header opens but belongs to another vault', async () => {
    const other = await newSession(path.join(dir, 'other'));
    await other.vault.lock();
    // Both vaults share the passphrase, so the foreign header unwraps — and its key opens nothing here.
    await copyFile(path.join(dir, 'other', 'vault.json'), path.join(dir, 'vault', 'vault.json'));
    const before = await snapshotDir(path.join(dir, 'vault'));
    const error = await failure(testVault(path.join(dir, 'vault')).unlock(PASSPHRASE));
    expect(error.code).toBe('damaged');
    expect(error.message).toContain(path.join(dir, 'vault', 'vault.json'));
    expect(await snapshotDir(path.join(dir, 'vault'))).toEqual(before);
  });

  it('keeps a damaged index aside and rebuilds it from the journals', async () => {
    await flipByte(path.join(dir, 'vault', 'index'), 40);
    const status = await vault.unlock(PASSPHRASE);
    expect(status.notices?.[0]).toMatch(/index is damaged.*kept as index\.damaged-.*rebuilt/);
    const titles = vault.unlocked().listCases().map((c) => c.title).sort();
    expect(titles).toEqual(['Case A', 'Case B']);
    expect((await vault.unlocked().getCase(caseA)).eventCount).toBe(6);
    const names = await readdir(path.join(dir, 'vault'));
    expect(names.some((n) => n.startsWith('index.damaged-'))).toBe(true);
  });

  it('finds a case whose journal the index never heard of (a crash before the index was written)', async () => {
    await rm(path.join(dir, 'vault', 'index'));
    const status = await vault.unlock(PASSPHRASE);
    expect(status.notices ?? []).toEqual([]);
    expect(vault.unlocked().listCases().map((c) => c.title).sort()).toEqual(['Case A', 'Case B']);
    expect(vault.unlocked().settings.idleLockMinutes).toBe(15);
  });

  it('refuses to create a vault over a folder that holds other files', async () => {
    const busy = path.join(dir, 'busy');
    await mkdir(busy);
    await writeFile(path.join(busy, 'thesis.docx'), 'precious');
    const error = await failure(testVault(busy).create(PASSPHRASE));
    expect(error.code).toBe('vault_exists');
    expect(await readdir(busy)).toEqual(['thesis.docx']);
  });
});
