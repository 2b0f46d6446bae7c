import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { runOutpost } from '../../support/run-cli';
import { makeTempDir, snapshotDir } from '../../support/temp-dir';

describe('outpost CLI', () => {
  let dir: string;
  let cleanup: () => Promise<void>;
  let env: Record<string, string>;

  beforeEach(async () => {
    ({ dir, cleanup } = await makeTempDir());
    env = { OUTPOST_VAULT: path.join(dir, 'vault'), OUTPOST_PASSPHRASE: 'correct horse battery staple' };
  });
  afterEach(() => cleanup());

  it('creates a vault and a case, and lists it as JSON', async () => {
    expect(await runOutpost(['vault', 'init'], env)).toMatchObject({ code: 0 });
    const created = await runOutpost(['case', 'create', '--title', 'Phishing wave', '--category', 'fraud', '--site', 'HQ', '--json'], env);
    expect(created.code).toBe(0);
    const { id } = JSON.parse(created.stdout) as { id: string };
    expect(id).toMatch(/^[0-9a-f-]{36}$/);
    const listed = await runOutpost(['case', 'list', '--json'], env);
    expect(JSON.parse(listed.stdout)).toMatchObject([{ id, title: 'Phishing wave', priority: 'medium' }]);
    const shown = await runOutpost(['case', 'show', id], env);
    expect(shown.stdout).toContain('Phishing wave');
  });

  it('takes the vault from --vault over OUTPOST_VAULT and the passphrase from a file', async () => {
    const other = path.join(dir, 'other');
    const file = path.join(dir, 'pass.txt');
    await writeFile(file, 'another long passphrase\n');
    expect((await runOutpost(['vault', 'init', '--vault', other, '--passphrase-file', file], { OUTPOST_VAULT: env['OUTPOST_VAULT'] })).code).toBe(0);
    const status = await runOutpost(['vault', 'status', '--json', '--vault', other], {});
    expect(JSON.parse(status.stdout)).toEqual({ state: 'locked', path: other });
    expect((await runOutpost(['case', 'list', '--vault', other, '--passphrase-file', file], {})).code).toBe(0);
  });

  it('changes the passphrase and says that the data key stays the same', async () => {
    await runOutpost(['vault', 'init'], env);
    const file = path.join(dir, 'new-pass.txt');
    await writeFile(file, 'a brand new passphrase\n');
    expect(await runOutpost(['vault', 'passphrase'], env)).toMatchObject({ code: 2, stderr: expect.stringContaining('--new-passphrase-file') as string });
    const changed = await runOutpost(['vault', 'passphrase', '--new-passphrase-file', file], env);
    expect(changed).toMatchObject({ code: 0, stdout: expect.stringContaining('does not change the data key') as string });
    expect((await runOutpost(['case', 'list'], env)).code).not.toBe(0);
    expect((await runOutpost(['case', 'list'], { ...env, OUTPOST_PASSPHRASE: 'a brand new passphrase' })).code).toBe(0);
  });

  it('uses exit code 2 for usage errors, 3 for rejected input, 1 for operational errors, and writes nothing', async () => {
    await runOutpost(['vault', 'init'], env);
    const before = await snapshotDir(dir);
    expect(await runOutpost(['case', 'frobnicate'], env)).toMatchObject({ code: 2 });
    expect(await runOutpost(['case', 'create', '--title', 'x'], env)).toMatchObject({ code: 2, stderr: expect.stringContaining('--category is required') as string });
    expect(await runOutpost(['case', 'list', '--no-such-flag'], env)).toMatchObject({ code: 2 });
    expect(await runOutpost(['case', 'create', '--title', 'x', '--category', 'aliens', '--site', 'HQ'], env)).toMatchObject({
      code: 3,
      stderr: expect.stringContaining('category') as string,
    });
    expect(await runOutpost(['case', 'list'], { ...env, OUTPOST_PASSPHRASE: 'not the passphrase' })).toMatchObject({
      code: 1,
      stderr: 'outpost: That passphrase does not unlock this vault\n',
    });
    expect(await runOutpost(['case', 'list'], { OUTPOST_VAULT: env['OUTPOST_VAULT'] })).toMatchObject({
      code: 2,
      stderr: expect.stringContaining('OUTPOST_PASSPHRASE') as string,
    });
    expect(await snapshotDir(dir)).toEqual(before);
  });

  it('prints help with exit 0', async () => {
    const help = await runOutpost(['--help']);
    expect(help.code).toBe(0);
    expect(help.stdout).toContain('outpost case create');
  });
});
