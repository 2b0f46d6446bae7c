import { createHash, randomBytes } from 'node:crypto';
import { readdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { EvidenceLog } from '../../../shared/evidence/evidence-fold';
import { runOutpost } from '../../support/run-cli';
import { makeTempDir, snapshotDir } from '../../support/temp-dir';

describe('outpost evidence', () => {
  let dir: string;
  let cleanup: () => Promise<void>;
  let env: Record<string, string>;
  let caseId: string;
  const content = randomBytes(150_000);
  const digest = createHash('sha256').update(content).digest('hex');

  beforeEach(async () => {
    ({ dir, cleanup } = await makeTempDir());
    env = { OUTPOST_VAULT: path.join(dir, 'vault'), OUTPOST_PASSPHRASE: 'correct horse battery staple' };
    expect((await runOutpost(['vault', 'init'], env)).code).toBe(0);
    const created = await runOutpost(['case', 'create', '--title', 'Stolen laptop', '--category', 'information-gathering', '--json'], env);
    caseId = (JSON.parse(created.stdout) as { id: string }).id;
    await writeFile(path.join(dir, 'laptop.img'), content);
  });
  afterEach(() => cleanup());

  it('adds, lists, verifies, exports and prints the form', async () => {
    const added = await runOutpost(['evidence', 'add', caseId, path.join(dir, 'laptop.img'), '--description', 'Laptop disk image', '--type', 'disk-image', '--md5', '--json'], env);
    expect(added).toMatchObject({ code: 0 });
    const { item, file } = JSON.parse(added.stdout) as { item: { id: string }; file: { sha256: string; md5: string; fileId: string } };
    expect(file.sha256).toBe(digest);
    expect(file.md5).toBe(createHash('md5').update(content).digest('hex'));

    const listed = await runOutpost(['evidence', 'list', caseId], env);
    expect(listed.stdout).toContain('Laptop disk image');
    expect(listed.stdout).toContain(digest);
    const json = JSON.parse((await runOutpost(['evidence', 'list', caseId, '--json'], env)).stdout) as EvidenceLog;
    expect(json.items[0]?.files[0]?.name).toBe('laptop.img');

    const verified = await runOutpost(['evidence', 'verify', caseId], env);
    expect(verified).toMatchObject({ code: 0 });
    expect(verified.stdout).toContain('1 of 1 file(s) verified');

    const out = path.join(dir, 'copy.img');
    expect((await runOutpost(['evidence', 'export', caseId, item.id.slice(0, 8), 'laptop.img', '--out', out], env)).code).toBe(0);
    expect(createHash('sha256').update(await readFile(out)).digest('hex')).toBe(digest);
    const again = await runOutpost(['evidence', 'export', caseId, item.id, file.fileId, '--out', out], env);
    expect(again.code).toBe(3);
    expect(again.stderr).toMatch(/already exists/);

    const form = path.join(dir, 'form.html');
    expect((await runOutpost(['evidence', 'form', caseId, item.id, '--out', form], env)).code).toBe(0);
    expect(await readFile(form, 'utf8')).toContain('Chain of custody');
  });

  it('exits with 3 when a stored file fails verification', async () => {
    expect((await runOutpost(['evidence', 'add', caseId, path.join(dir, 'laptop.img'), '--description', 'Disk'], env)).code).toBe(0);
    const blobs = path.join(dir, 'vault', 'blobs');
    const [blob] = await readdir(blobs);
    const bytes = await readFile(path.join(blobs, blob ?? ''));
    bytes[bytes.length - 3] = (bytes[bytes.length - 3] ?? 0) ^ 0xff;
    await writeFile(path.join(blobs, blob ?? ''), bytes);
    const verified = await runOutpost(['evidence', 'verify', caseId, '--json'], env);
    expect(verified.code).toBe(3);
    expect(verified.stderr).toMatch(/VERIFICATION FAILED for 1 of 1 file/);
    expect(JSON.parse(verified.stdout)).toMatchObject({ checked: 1, failed: 1, files: [{ result: 'damaged' }] });
  });

  it('uses exit code 2 for usage errors and 1 for a missing file, writing no evidence', async () => {
    const before = await snapshotDir(path.join(dir, 'vault'));
    expect((await runOutpost(['evidence', 'add', caseId, path.join(dir, 'laptop.img')], env)).code).toBe(2);
    expect((await runOutpost(['evidence', 'export', caseId, 'x', 'y'], env)).code).toBe(2);
    expect(await snapshotDir(path.join(dir, 'vault'))).toEqual(before);
    const missing = await runOutpost(['evidence', 'add', caseId, path.join(dir, 'nope.img'), '--description', 'Nothing', '--item', '00000000'], env);
    expect(missing.code).toBe(2);
    const absent = await runOutpost(['evidence', 'add', caseId, path.join(dir, 'nope.img'), '--description', 'Nothing'], env);
    expect(absent.code).toBe(1);
    expect(absent.stderr).toMatch(/no file at/);
  });
});
