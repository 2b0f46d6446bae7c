import { copyFile, readdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ApiFailure } from '../../../../shared/api/errors';
import { importCacao } from '../../../../shared/playbooks/cacao/import';
import { exportCacaoJson } from '../../../../shared/playbooks/cacao/export';
import type { TaskStep } from '../../../../shared/playbooks/model';
import { defaultTeam } from '../../../../shared/playbooks/team';
import { PlaybookLibrary } from '../../../../electron/core/playbooks/library';
import { readTeam, writeTeam } from '../../../../electron/core/playbooks/team-store';
import type { Vault } from '../../../../electron/core/vault/vault';
import { makeTempDir, snapshotDir } from '../../../support/temp-dir';
import { newSession } from '../../../support/vault-fixture';

describe('playbook library storage', () => {
  let dir: string;
  let cleanup: () => Promise<void>;
  let vault: Vault;
  let storage: () => { dir: string; key: Buffer; vaultId: string };

  beforeEach(async () => {
    ({ dir, cleanup } = await makeTempDir());
    const opened = await newSession(path.join(dir, 'vault'));
    vault = opened.vault;
    storage = () => opened.session.storage;
  });
  afterEach(async () => {
    await vault.lock();
    await cleanup();
  });

  const failure = async (work: Promise<unknown>): Promise<ApiFailure> => {
    const error = await work.then(
      () => null,
      (e: unknown) => e,
    );
    if (!(error instanceof ApiFailure)) throw new Error(`expected an ApiFailure, got ${String(error)}`);
    return error;
  };

  it('keeps each saved version as its own sealed, immutable file', async () => {
    const library = new PlaybookLibrary(storage);
    const copy = await library.copy('builtin.phishing', undefined, 'Phishing (site B)');
    const id = copy.playbook.id;
    await library.save({ ...copy.playbook, summary: 'Edited once' });
    await library.save({ ...(await library.get(id)).playbook, summary: 'Edited twice' });
    const files = (await readdir(path.join(dir, 'vault', 'playbooks', id))).sort();
    expect(files).toEqual(['1.json', '2.json', '3.json']);
    for (const f of files) expect((await readFile(path.join(dir, 'vault', 'playbooks', id, f))).includes(Buffer.from('Phishing (site B)'))).toBe(false);

    // A fresh library (after an unlock) reads the same versions from disk.
    const reread = new PlaybookLibrary(storage);
    expect((await reread.get(id)).summary).toMatchObject({ version: 3, versions: [1, 2, 3], title: 'Phishing (site B)' });
    expect((await reread.get(id, 2)).playbook.summary).toBe('Edited once');
    expect((await reread.get(id, 1)).playbook.cacao?.modified).toBe(copy.playbook.cacao?.modified);
    expect((await reread.get(id, 3)).playbook.cacao?.created).toBe(copy.playbook.cacao?.created);
  });

  it('asks who does each step written in the app', async () => {
    const library = new PlaybookLibrary(storage);
    const step: TaskStep = { kind: 'task', id: 'a', title: 'Call the ISP', phase: 'contain', instructions: 'Call them.' };
    const draft = { title: 'New plan', categories: [], steps: [step] };
    const refused = await failure(library.save(draft));
    expect(refused.issues).toEqual([{ path: 'step a', message: 'Say who does “Call the ISP”: give the step a role' }]);
    const saved = await library.save({ ...draft, steps: [{ ...step, role: 'Network administrator' }] });
    expect(saved.summary).toMatchObject({ version: 1, origin: 'local', stepCount: 1 });
  });

  it('writes nothing when an edit changes nothing', async () => {
    const library = new PlaybookLibrary(storage);
    const copy = await library.copy('builtin.lost-device');
    const before = await snapshotDir(path.join(dir, 'vault', 'playbooks'));
    expect((await library.save(copy.playbook)).summary.version).toBe(1);
    expect(await snapshotDir(path.join(dir, 'vault', 'playbooks'))).toEqual(before);
  });

  it('names the file when a version was swapped for another or damaged', async () => {
    const library = new PlaybookLibrary(storage);
    const copy = await library.copy('builtin.phishing');
    await library.save({ ...copy.playbook, summary: 'v2' });
    const folder = path.join(dir, 'vault', 'playbooks', copy.playbook.id);
    await copyFile(path.join(folder, '1.json'), path.join(folder, '2.json'));
    const swapped = await failure(new PlaybookLibrary(storage).get(copy.playbook.id));
    expect(swapped.code).toBe('damaged');
    expect(swapped.message).toContain(path.join(folder, '2.json'));
    await writeFile(path.join(folder, '1.json'), 'garbage');
    expect((await failure(new PlaybookLibrary(storage).get(copy.playbook.id, 1))).code).toBe('damaged');
  });

  it('keeps retirement across unlocks, also for built-ins', async () => {
    await new PlaybookLibrary(storage).retire('builtin.denial-of-service', true);
    const reread = new PlaybookLibrary(storage);
    expect((await reread.list()).map((p) => p.id)).not.toContain('builtin.denial-of-service');
    expect((await reread.list(true)).find((p) => p.id === 'builtin.denial-of-service')).toMatchObject({ retired: true, origin: 'builtin' });
  });

  it('adopts imports: a new playbook, then a new version of it, and a copy of a changed built-in', async () => {
    const library = new PlaybookLibrary(storage);
    const local = await library.copy('builtin.compromised-host');
    const text = exportCacaoJson(local.playbook);
    const other = await makeTempDir();
    try {
      const elsewhere = await newSession(path.join(other.dir, 'vault'));
      const theirs = new PlaybookLibrary(() => elsewhere.session.storage);
      const parsed = importCacao(text);
      if (!parsed.ok) throw new Error('import failed');
      const first = await theirs.adopt(parsed.playbook);
      expect(first.outcome).toBe('created');
      expect(first.detail.playbook.id).toBe(local.playbook.id);
      expect((await theirs.adopt(parsed.playbook)).outcome).toBe('unchanged');
      expect((await theirs.adopt({ ...parsed.playbook, title: 'Changed' })).outcome).toBe('new-version');
      await elsewhere.vault.lock();
    } finally {
      await other.cleanup();
    }
    const builtin = (await library.get('builtin.phishing')).playbook;
    expect((await library.adopt(builtin)).outcome).toBe('unchanged');
    const changed = await library.adopt({ ...builtin, title: 'Phishing, our way' });
    expect(changed.outcome).toBe('created');
    expect(changed.detail.playbook.id).toMatch(/^local\./);
    expect(changed.detail.playbook.cacao?.extra?.['derived_from']).toEqual([builtin.cacao?.id]);
  });

  it('keeps the team sealed, and refuses a team whose lists name unknown contacts', async () => {
    expect(await readTeam(storage())).toEqual(defaultTeam());
    const team = defaultTeam();
    team.contacts.push({ id: 'bo', name: 'Bo Ops', role: 'On-call admin', skills: ['Linux'], availability: '24/7 on call', phone: '+1 555 0100', email: 'bo@example.org', pgpFingerprint: '' });
    team.lists[0]?.members.push('bo');
    await writeTeam(storage(), team);
    expect(await readTeam(storage())).toEqual(team);
    expect((await readFile(path.join(dir, 'vault', 'team.json'))).includes(Buffer.from('Bo Ops'))).toBe(false);
    const before = await snapshotDir(path.join(dir, 'vault'));
    const bad = defaultTeam();
    bad.lists[0]?.members.push('nobody');
    expect((await failure(writeTeam(storage(), bad))).issues).toEqual([{ path: 'lists.0.members.0', message: 'Management: no contact with id nobody' }]);
    expect(await snapshotDir(path.join(dir, 'vault'))).toEqual(before);
  });
});
