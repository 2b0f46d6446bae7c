import { randomBytes } from 'node:crypto';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { CaseEvent } from '../../../../shared/events/event';
import { CaseLog } from '../../../../electron/core/vault/case-log';
import { openJournal } from '../../../../electron/core/vault/store/journal';
import { makeTempDir } from '../../../support/temp-dir';
import { CASE_ID } from '../../shared/events/support';
import { A, note, opened, nextId } from '../../shared/events/case-builders';

describe('case journal records of several events', () => {
  let dir: string;
  let cleanup: () => Promise<void>;
  const key = randomBytes(32);
  const vaultId = 'vault-under-test';
  const open = () => CaseLog.open({ dir, caseId: CASE_ID, key, vaultId });

  beforeEach(async () => {
    ({ dir, cleanup } = await makeTempDir());
  });
  afterEach(async () => {
    await cleanup();
  });

  it('writes an import in records of about 1 MiB and reads every event back in order', async () => {
    // 3,000 notes of ~700 bytes of JSON: about 2 MiB, so more than one record but far fewer than events.
    const events: CaseEvent[] = [opened(A, 0)];
    for (let i = 1; i <= 3000; i++) events.push(note(A, i, nextId(), `observation ${i} ${'x'.repeat(500)}`));
    const log = await open();
    await log.appendMany(events);
    expect(log.count).toBe(3001);
    expect(log.records).toBeGreaterThan(1);
    expect(log.records).toBeLessThan(5);
    const one = note(A, 5000, nextId(), 'written here, one record');
    await log.append(one);
    expect(log.records).toBeLessThan(6);
    const records = log.records;
    await log.close();

    const again = await open();
    expect(again.records).toBe(records);
    expect(again.events.map((e) => e.id)).toEqual([...events, one].map((e) => e.id));
    expect(again.events[1000]).toEqual(events[1000]);
    await again.close();
  });

  it('names the record and line of an event that is not valid', async () => {
    const journal = await openJournal({ dir, caseId: CASE_ID, key, vaultId });
    const good = JSON.stringify(opened(A, 0));
    await journal.appendMany([Buffer.from(`${good}\n{"not":"an event"}`, 'utf8')]);
    await journal.close();
    await expect(open()).rejects.toThrow(/record 0, line 2 is not a valid event of this case/);
  });

  it('refuses an empty line inside a record', async () => {
    const journal = await openJournal({ dir, caseId: CASE_ID, key, vaultId });
    await journal.appendMany([Buffer.from(`${JSON.stringify(opened(A, 0))}\n`, 'utf8')]);
    await journal.close();
    await expect(open()).rejects.toThrow(/record 0, line 2 is not an event/);
  });

  it('stores an event as the JSON text it arrived as, unless that text is padded far beyond it', async () => {
    const first = opened(A, 0);
    const second = note(A, 1, nextId(), 'arrived with spaces');
    const spaced = JSON.stringify(second, null, 1).replaceAll('\n', ' ');
    const padded = `${JSON.stringify(first)}${' '.repeat(70_000)}`;
    const log = await open();
    await log.appendMany([first, second], new Map<CaseEvent, string>([[first, padded], [second, spaced]]));
    await log.close();
    const journal = await openJournal({ dir, caseId: CASE_ID, key, vaultId, readOnly: true });
    expect(Buffer.from(journal.records[0] as Uint8Array).toString('utf8')).toBe(`${JSON.stringify(first)}\n${spaced}`);
    await journal.close();
    const again = await open();
    expect(again.events).toEqual([first, second]);
    await again.close();
  });
});
