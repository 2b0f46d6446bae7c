import { readFile, truncate } from 'node:fs/promises';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { journalPath, openJournal, type JournalOptions } from '../../../../electron/core/vault/store/journal';
import { makeTempDir } from '../../../support/temp-dir';
import { CASE_A, payloadFor, testVault } from './fixtures/store-fixture';

/** Defence in depth behind the writer lock: a journal another writer changed is never appended to. */
describe('case journal with a second writer', () => {
  let dir = '';
  let cleanup: () => Promise<void> = async () => undefined;
  const vault = testVault();
  const options = (): JournalOptions => ({ dir, caseId: CASE_A, ...vault });

  beforeEach(async () => ({ dir, cleanup } = await makeTempDir()));
  afterEach(() => cleanup());

  it('refuses to append after another instance appended, and writes nothing', async () => {
    const first = await openJournal(options());
    await first.append(payloadFor(0, 60));
    // A second program on the same file, bypassing the lock: it sees one record and writes record 1.
    const second = await openJournal(options());
    await second.append(payloadFor(1, 60));
    await second.close();
    const before = await readFile(journalPath(dir, CASE_A));
    await expect(first.append(payloadFor(2, 60))).rejects.toMatchObject({
      code: 'damaged',
      message: expect.stringMatching(/changed by another program since this session opened it.*nothing was written.*Lock the vault and unlock it again/) as string,
    });
    await expect(first.appendMany([payloadFor(2, 60), payloadFor(3, 60)])).rejects.toMatchObject({ code: 'damaged' });
    expect((await readFile(journalPath(dir, CASE_A))).equals(before)).toBe(true);
    expect(first.count).toBe(1);
    await first.close();
    // Every record still authenticates: the second writer's record 1 is intact.
    const reopened = await openJournal({ ...options(), readOnly: true });
    expect(reopened.records).toHaveLength(2);
  });

  it('refuses to append to a journal cut shorter behind its back', async () => {
    const journal = await openJournal(options());
    await journal.append(payloadFor(0, 60));
    await journal.append(payloadFor(1, 60));
    const file = journalPath(dir, CASE_A);
    const length = (await readFile(file)).length;
    await truncate(file, length - 10);
    await expect(journal.append(payloadFor(2, 60))).rejects.toMatchObject({ code: 'damaged' });
    expect((await readFile(file)).length).toBe(length - 10);
    await journal.close();
  });
});
