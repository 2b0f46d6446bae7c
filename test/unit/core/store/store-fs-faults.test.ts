import { chmod, mkdir, readdir, rm, stat, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { aadFor } from '../../../../electron/core/vault/store/aead';
import { createHeader, readHeader, writeHeader } from '../../../../electron/core/vault/store/header';
import { journalPath, openJournal } from '../../../../electron/core/vault/store/journal';
import { weakKdfCost } from '../../../../electron/core/vault/store/kdf';
import { writeSealed } from '../../../../electron/core/vault/store/sealed-file';
import { makeTempDir, snapshotDir } from '../../../support/temp-dir';
import { CASE_A, CASE_B, failureOf, mountTmpfs, payloadFor, type Tmpfs } from './fixtures/store-fixture';

const weak = { allowWeak: true };

describe('storage under file-system faults', () => {
  let root = '';
  let cleanup: () => Promise<void> = async () => undefined;
  let mounted: Tmpfs | null = null;

  beforeEach(async () => ({ dir: root, cleanup } = await makeTempDir()));
  afterEach(async () => {
    mounted?.unmount();
    mounted = null;
    await chmod(root, 0o700).catch(() => undefined);
    await cleanup();
  });

  /** A vault folder with a header and one journal of three records. */
  async function seedVault(dir: string): Promise<{ key: Buffer; vaultId: string }> {
    const { header, dataKey } = await createHeader('correct horse battery staple', weakKdfCost, weak);
    await writeHeader(dir, header);
    const journal = await openJournal({ dir: path.join(dir, 'cases'), caseId: CASE_A, key: dataKey, vaultId: header.vaultId });
    for (let n = 0; n < 3; n += 1) await journal.append(payloadFor(n));
    await journal.close();
    return { key: dataKey, vaultId: header.vaultId };
  }

  it('a read-only folder gives a clear io error and leaves the vault as it was', async (context) => {
    const dir = path.join(root, 'vault');
    await mkdir(dir);
    // chmod does not stop root, so as root the folder is a tmpfs remounted read-only instead.
    const asRoot = process.getuid?.() === 0;
    if (asRoot) {
      const tmpfs = mountTmpfs(dir, 1024 * 1024);
      if (typeof tmpfs === 'string') return context.skip(`read-only folder needs a tmpfs as root: ${tmpfs}`);
      mounted = tmpfs;
    }
    const { key, vaultId } = await seedVault(dir);
    const cases = path.join(dir, 'cases');
    const before = await snapshotDir(dir);
    if (mounted) mounted.remount('ro');
    else {
      await chmod(journalPath(cases, CASE_A), 0o400);
      await chmod(cases, 0o500);
      await chmod(dir, 0o500);
    }
    const readOnly = asRoot ? /read-only file system/ : /permission denied/;

    const append = await failureOf(() => openJournal({ dir: cases, caseId: CASE_A, key, vaultId }), 'io');
    expect(append.message).toContain(journalPath(cases, CASE_A));
    expect(append.message).toMatch(readOnly);
    expect((await failureOf(() => openJournal({ dir: cases, caseId: CASE_B, key, vaultId }), 'io')).message).toMatch(readOnly);
    const header = (await createHeader('another passphrase', weakKdfCost, weak)).header;
    expect((await failureOf(() => writeHeader(dir, header), 'io')).message).toMatch(readOnly);
    const index = path.join(dir, 'index');
    expect((await failureOf(() => writeSealed(index, key, aadFor(vaultId, 'index', 'index'), Buffer.from('{}')), 'io')).message).toMatch(readOnly);

    expect(await snapshotDir(dir)).toEqual(before);
    const reader = await openJournal({ dir: cases, caseId: CASE_A, key, vaultId, readOnly: true, expectedMinRecords: 3 });
    expect(reader.records).toHaveLength(3);
    reader.records.forEach((record, n) => expect(Buffer.from(record).equals(payloadFor(n))).toBe(true));
    expect(await readHeader(dir, weak)).not.toBeNull();
  });

  it('a full disk gives a clear io error, keeps acknowledged records and leaves no half record', async (context) => {
    const dir = path.join(root, 'vault');
    await mkdir(dir);
    const tmpfs = mountTmpfs(dir, 64 * 1024);
    if (typeof tmpfs === 'string') return context.skip(`disk-full needs a small tmpfs: ${tmpfs}`);
    mounted = tmpfs;
    const { key, vaultId } = await seedVault(dir);
    const filler = path.join(dir, 'filler');
    await writeFile(filler, Buffer.alloc(8192));
    const headerBefore = await snapshotDir(dir);

    const cases = path.join(dir, 'cases');
    const journal = await openJournal({ dir: cases, caseId: CASE_A, key, vaultId, expectedMinRecords: 3 });
    const size = 3000; // not a divisor of the page size, so a record ends up split across the last free page
    let acknowledged = 3;
    let failure: unknown;
    for (;;) {
      try {
        await journal.append(payloadFor(acknowledged, size));
        acknowledged += 1;
      } catch (error) {
        failure = error;
        break;
      }
    }
    expect(failure).toMatchObject({ code: 'io' });
    expect((failure as Error).message).toMatch(/disk is full/);
    expect((failure as Error).message).toContain(journalPath(cases, CASE_A));
    expect(acknowledged).toBeGreaterThan(5);

    // The file ends exactly at the last acknowledged record.
    const expectedSize = 8 + 3 * (4 + 500 + 28) + (acknowledged - 3) * (4 + size + 28);
    expect((await stat(journalPath(cases, CASE_A))).size).toBe(expectedSize);
    const reader = await openJournal({ dir: cases, caseId: CASE_A, key, vaultId, readOnly: true, expectedMinRecords: acknowledged });
    expect(reader.tornBytes).toBe(0);
    expect(reader.records).toHaveLength(acknowledged);

    // Whole-file writes fail cleanly too: the old header stays, no temporary file is left.
    const header = (await createHeader('another passphrase', weakKdfCost, weak)).header;
    const big = { ...header, padding: 'x'.repeat(64 * 1024) } as typeof header;
    expect((await failureOf(() => writeHeader(dir, big), 'io')).message).toMatch(/disk is full/);
    expect((await snapshotDir(dir))['vault.json']).toBe(headerBefore['vault.json']);
    expect((await readdir(dir)).filter((name) => name.endsWith('.tmp'))).toEqual([]);

    // Once space is free again, the same open journal carries on.
    await rm(filler);
    expect(await journal.append(payloadFor(acknowledged, size))).toBe(acknowledged);
    await journal.close();
    const reopened = await openJournal({ dir: cases, caseId: CASE_A, key, vaultId, expectedMinRecords: acknowledged + 1 });
    expect(reopened.records).toHaveLength(acknowledged + 1);
    reopened.records.forEach((record, n) => expect(Buffer.from(record).equals(payloadFor(n, n < 3 ? 500 : size))).toBe(true));
    await reopened.close();
  });
});
