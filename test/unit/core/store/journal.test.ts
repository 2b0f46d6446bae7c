import { appendFile, copyFile, readFile, stat, truncate, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { encodeRecord, journalPath, openJournal, type JournalOptions } from '../../../../electron/core/vault/store/journal';
import { makeTempDir, snapshotDir } from '../../../support/temp-dir';
import { CASE_A, CASE_B, failureOf, payloadFor, testVault } from './fixtures/store-fixture';

describe('case journal', () => {
  let dir = '';
  let cleanup: () => Promise<void> = async () => undefined;
  const vault = testVault();
  const optionsFor = (caseId = CASE_A, extra: Partial<JournalOptions> = {}): JournalOptions => ({ dir, caseId, ...vault, ...extra });

  beforeEach(async () => ({ dir, cleanup } = await makeTempDir()));
  afterEach(() => cleanup());

  async function journalWith(count: number, caseId = CASE_A, size = 60): Promise<string> {
    const journal = await openJournal(optionsFor(caseId));
    for (let n = 0; n < count; n += 1) await journal.append(payloadFor(n, size));
    await journal.close();
    return journalPath(dir, caseId);
  }

  function expectRecords(records: Uint8Array[], count: number, size = 60): void {
    expect(records).toHaveLength(count);
    records.forEach((record, n) => expect(Buffer.from(record).equals(payloadFor(n, size))).toBe(true));
  }

  it('creates the file with its header, appends in order and reads back', async () => {
    const journal = await openJournal(optionsFor());
    expect(journal.records).toEqual([]);
    const numbers = await Promise.all(Array.from({ length: 20 }, (_, n) => journal.append(payloadFor(n, 60))));
    expect(numbers).toEqual(Array.from({ length: 20 }, (_, n) => n));
    expect(journal.count).toBe(20);
    const late = journal.append(payloadFor(20, 60));
    await journal.close(); // waits for appends asked for before it
    expect(await late).toBe(20);
    await expect(journal.append(payloadFor(0))).rejects.toMatchObject({ code: 'vault_locked' });

    const bytes = await readFile(journal.file);
    expect(bytes.subarray(0, 8).equals(Buffer.from([0x4f, 0x50, 0x4a, 0x31, 0, 1, 0, 0]))).toBe(true);
    expect(bytes.readUInt32BE(8)).toBe(60 + 28);
    expect(bytes.includes(payloadFor(3, 60).subarray(0, 16))).toBe(false);
    expect(bytes).toHaveLength(8 + 21 * (4 + 60 + 28));

    const again = await openJournal(optionsFor(CASE_A, { expectedMinRecords: 21 }));
    expectRecords(again.records, 21);
    expect(await again.append(payloadFor(21, 60))).toBe(21);
    await again.close();
  });

  it('refuses a case id that is not a plain name', async () => {
    await failureOf(() => openJournal(optionsFor('../escape')), 'bad_request');
    await failureOf(() => openJournal(optionsFor('a|b')), 'bad_request');
  });

  it('any single altered byte is damage naming the file, and nothing changes on disk', async () => {
    const file = await journalWith(5);
    const original = await readFile(file);
    const recordBytes = 4 + 60 + 28;
    for (let at = 0; at < original.length; at += 1) {
      for (const mask of [0x01, 0x80]) {
        const altered = Buffer.from(original);
        altered[at] = (altered[at] ?? 0) ^ mask;
        await writeFile(file, altered);
        const failure = await failureOf(() => openJournal(optionsFor()), 'damaged');
        expect(failure.message).toContain(file);
        if (at >= 8) expect(failure.message).toContain(`record ${Math.floor((at - 8) / recordBytes)}`);
        expect((await readFile(file)).equals(altered)).toBe(true);
      }
    }
  });

  it('a journal truncated below what was acknowledged is damaged and left alone', async () => {
    const file = await journalWith(5);
    const recordBytes = 4 + 60 + 28;
    for (const cutAt of [8 + 3 * recordBytes, 8 + 3 * recordBytes + 50, 8 + 2]) {
      await truncate(file, cutAt);
      const before = await snapshotDir(dir);
      const failure = await failureOf(() => openJournal(optionsFor(CASE_A, { expectedMinRecords: 5 })), 'damaged');
      expect(failure.message).toContain(file);
      expect(await snapshotDir(dir)).toEqual(before);
    }
    await failureOf(() => openJournal(optionsFor(CASE_B, { expectedMinRecords: 1 })), 'damaged');
    expect(Object.keys(await snapshotDir(dir))).toEqual([path.basename(file)]);
  });

  it('cuts off a torn last record when writable, then appends continue', async () => {
    const file = await journalWith(5);
    const complete = (await stat(file)).size;
    const next = encodeRecord(vault.key, vault.vaultId, CASE_A, 5, payloadFor(5, 60));
    for (const tornLength of [1, 3, 4, 20, next.length - 1]) {
      await appendFile(file, next.subarray(0, tornLength));
      const before = await snapshotDir(dir);
      // Read-only: the tail is reported, the file stays as it is.
      const reader = await openJournal(optionsFor(CASE_A, { readOnly: true, expectedMinRecords: 5 }));
      expect(reader.tornBytes).toBe(tornLength);
      expectRecords(reader.records, 5);
      expect(await snapshotDir(dir)).toEqual(before);
      // Writable: cut back to the last complete record.
      const writer = await openJournal(optionsFor(CASE_A, { expectedMinRecords: 5 }));
      expect(writer.tornBytes).toBe(tornLength);
      expectRecords(writer.records, 5);
      expect((await stat(file)).size).toBe(complete);
      await writer.close();
    }
    const writer = await openJournal(optionsFor());
    expect(await writer.append(payloadFor(5, 60))).toBe(5);
    expect(await writer.append(payloadFor(6, 60))).toBe(6);
    await writer.close();
    const reopened = await openJournal(optionsFor(CASE_A, { expectedMinRecords: 7 }));
    expectRecords(reopened.records, 7);
    expect(reopened.tornBytes).toBe(0);
  });

  it('a journal copied over another case is damaged', async () => {
    await journalWith(3, CASE_A);
    const fileB = await journalWith(2, CASE_B);
    await copyFile(journalPath(dir, CASE_A), fileB);
    const before = await snapshotDir(dir);
    const failure = await failureOf(() => openJournal(optionsFor(CASE_B)), 'damaged');
    expect(failure.message).toContain(fileB);
    expect(failure.message).toContain('record 0');
    expect(await snapshotDir(dir)).toEqual(before);
  });

  it('records swapped or dropped inside a journal are damaged', async () => {
    const file = await journalWith(4);
    const bytes = await readFile(file);
    const size = 4 + 60 + 28;
    const record = (n: number): Buffer => bytes.subarray(8 + n * size, 8 + (n + 1) * size);
    await writeFile(file, Buffer.concat([bytes.subarray(0, 8), record(0), record(2), record(1), record(3)]));
    expect((await failureOf(() => openJournal(optionsFor()), 'damaged')).message).toContain('record 1');
    await writeFile(file, Buffer.concat([bytes.subarray(0, 8), record(0), record(2), record(3)]));
    expect((await failureOf(() => openJournal(optionsFor()), 'damaged')).message).toContain('record 1');
  });

  it('a journal from another vault is damaged, whether the key or only the vault id differs', async () => {
    const file = await journalWith(3);
    const before = await snapshotDir(dir);
    const other = testVault();
    await failureOf(() => openJournal({ dir, caseId: CASE_A, ...other }), 'damaged');
    await failureOf(() => openJournal({ dir, caseId: CASE_A, key: vault.key, vaultId: other.vaultId }), 'damaged');
    await failureOf(() => openJournal({ dir, caseId: CASE_A, key: other.key, vaultId: vault.vaultId }), 'damaged');
    expect(await snapshotDir(dir)).toEqual(before);
    expect((await readFile(file)).length).toBeGreaterThan(8);
  });
});
