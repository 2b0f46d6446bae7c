import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import type { DraftView, PlaceView } from '../../shared/api/draft-schemas';
import type { ReplaceDataKeyJobView } from '../../shared/api/vault-key-schemas';
import type { CaseState } from '../../shared/events/fold';
import { contractVault } from './contract-vault';

const passphrase = 'correct horse battery staple';
const noteText = 'Half-written: lateral movement from WS-7731 to the file server at';
const entryText = 'Beaconing to 203.0.113.9 seen on the proxy';
const unknownCase = '00000000-0000-4000-8000-000000000000';

/** Every file under `dir`, whole, for looking for plaintext. */
async function allBytes(dir: string): Promise<Map<string, Buffer>> {
  const files = new Map<string, Buffer>();
  for (const entry of await readdir(dir, { recursive: true, withFileTypes: true })) {
    if (entry.isFile()) {
      const file = path.join(entry.parentPath, entry.name);
      files.set(path.relative(dir, file), await readFile(file));
    }
  }
  return files;
}

describe.each(['ipc', 'http'] as const)('drafts over %s', (kind) => {
  const vault = contractVault(kind);
  const { value, expectError } = vault;

  it('keeps what was being typed, and the open case and tab, sealed in the vault across a lock', async () => {
    await expectError('draft.get', { caseId: unknownCase }, 'vault_locked');
    await value('vault.create', { passphrase });
    const opened = await value<CaseState>('case.create', { title: 'Drafts case', category: 'other', priority: 'low' });
    const caseId = opened.id;
    const eventsBefore = opened.eventCount;

    expect(await value<DraftView>('draft.get', { caseId })).toEqual({ caseId, texts: { note: '', timeline: '' } });
    expect(await value<PlaceView>('draft.place', {})).toEqual({ place: null });
    expect(await value<DraftView>('draft.put', { caseId, key: 'note', text: noteText })).toEqual({ caseId, texts: { note: noteText, timeline: '' } });
    await value('draft.put', { caseId, key: 'timeline', text: entryText });
    expect(await value<PlaceView>('draft.setPlace', { place: { caseId, tab: 'notes' } })).toEqual({ place: { caseId, tab: 'notes' } });

    await value('vault.lock');
    // Sealed: the text is nowhere on disk in plaintext, not even in the file that holds it.
    const files = await allBytes(vault.vaultDir);
    expect([...files.keys()]).toContain('drafts.json');
    for (const [name, bytes] of files) {
      for (const secret of [noteText, entryText, 'lateral movement', 'Beaconing']) expect(bytes.includes(Buffer.from(secret, 'utf8')), `${secret} in ${name}`).toBe(false);
    }

    await value('vault.unlock', { passphrase });
    expect(await value<DraftView>('draft.get', { caseId })).toEqual({ caseId, texts: { note: noteText, timeline: entryText } });
    expect(await value<PlaceView>('draft.place', {})).toEqual({ place: { caseId, tab: 'notes' } });
    // Not journal events: the case did not change.
    expect((await value<CaseState>('case.get', { id: caseId })).eventCount).toBe(eventsBefore);

    // Empty text deletes the draft.
    expect(await value<DraftView>('draft.put', { caseId, key: 'note', text: '' })).toEqual({ caseId, texts: { note: '', timeline: entryText } });
    await value('draft.put', { caseId, key: 'timeline', text: '   ' });
    await value('draft.setPlace', { place: null });
    await value('vault.lock');
    await value('vault.unlock', { passphrase });
    expect(await value<DraftView>('draft.get', { caseId })).toEqual({ caseId, texts: { note: '', timeline: '' } });
    expect(await value<PlaceView>('draft.place', {})).toEqual({ place: null });
  });

  it('refuses bad input at the boundary, writing nothing', async () => {
    await value('vault.create', { passphrase });
    const { id: caseId } = await value<CaseState>('case.create', { title: 'Refusals', category: 'other', priority: 'low' });
    await expectError('draft.get', { caseId: unknownCase }, 'not_found', /No case/);
    await expectError('draft.put', { caseId: unknownCase, key: 'note', text: 'x' }, 'not_found', /No case/);
    await expectError('draft.put', { caseId, key: 'note', text: 'x'.repeat(100_001) }, 'bad_request', /at most 100,000 characters/);
    await expectError('draft.put', { caseId, key: 'summary', text: 'x' }, 'bad_request', /note or timeline/);
    await expectError('draft.put', { caseId: 'not-a-case', key: 'note', text: 'x' }, 'bad_request');
    await expectError('draft.put', { caseId, key: 'note', text: 'x', extra: 1 }, 'bad_request');
    await expectError('draft.setPlace', { place: { caseId: unknownCase, tab: 'notes' } }, 'not_found');
    await expectError('draft.setPlace', { place: { caseId, tab: 'inbox' } }, 'bad_request', /tab/);
    expect(await value<DraftView>('draft.put', { caseId, key: 'note', text: 'x'.repeat(100_000) })).toMatchObject({ texts: { note: 'x'.repeat(100_000) } });
  });

  it('re-encrypts the drafts when the data key is replaced', async () => {
    await value('vault.create', { passphrase });
    const { id: caseId } = await value<CaseState>('case.create', { title: 'Rekey drafts', category: 'other', priority: 'low' });
    await value('draft.put', { caseId, key: 'note', text: noteText });
    let job = await value<ReplaceDataKeyJobView>('vault.replaceDataKey', { passphrase });
    while (job.state === 'running') job = await value<ReplaceDataKeyJobView>('job.wait', { jobId: job.jobId, timeoutMs: 5000 });
    expect(job).toMatchObject({ state: 'done' });
    await value('vault.lock');
    await value('vault.unlock', { passphrase });
    expect(await value<DraftView>('draft.get', { caseId })).toMatchObject({ texts: { note: noteText } });
  });
});
