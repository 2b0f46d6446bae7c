import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { runOutpost } from '../../support/run-cli';
import { makeTempDir, snapshotDir } from '../../support/temp-dir';

describe('outpost keys / team / bundle', () => {
  let dir: string;
  let cleanup: () => Promise<void>;
  let field: Record<string, string>;
  let coordinator: Record<string, string>;

  beforeEach(async () => {
    ({ dir, cleanup } = await makeTempDir());
    field = { OUTPOST_VAULT: path.join(dir, 'field'), OUTPOST_PASSPHRASE: 'correct horse battery staple' };
    coordinator = { OUTPOST_VAULT: path.join(dir, 'coordinator'), OUTPOST_PASSPHRASE: 'correct horse battery staple' };
  });
  afterEach(() => cleanup());

  it('a coordinator and a field responder exchange a case from the command line', async () => {
    expect((await runOutpost(['vault', 'init'], coordinator)).code).toBe(0);
    expect((await runOutpost(['vault', 'init'], field)).code).toBe(0);
    const init = await runOutpost(['keys', 'coordinator-init', '--json'], coordinator);
    expect(init.code).toBe(0);
    const keys = JSON.parse(init.stdout) as { coordinator: { recipient: string; fingerprint: string } };
    const team = path.join(dir, 'team.json');
    expect((await runOutpost(['team', 'export', '--out', team, '--name', 'CSIRT Lyon'], coordinator)).code).toBe(0);
    const imported = await runOutpost(['team', 'import', team], field);
    expect(imported.stdout).toContain(keys.coordinator.fingerprint);
    const shown = await runOutpost(['keys', 'show'], field);
    expect(shown.stdout).toContain(keys.coordinator.recipient);

    const created = await runOutpost(['case', 'create', '--title', 'Lost laptop', '--category', 'fraud', '--json'], field);
    const { id } = JSON.parse(created.stdout) as { id: string };
    const evidence = path.join(dir, 'image.bin');
    await writeFile(evidence, Buffer.alloc(100_000, 3));
    expect((await runOutpost(['evidence', 'add', id, evidence, '--description', 'disk image'], field)).code).toBe(0);
    const bundle = path.join(dir, 'lost.outpost');
    const exported = await runOutpost(['bundle', 'export', id, '--out', bundle], field);
    expect(exported.code).toBe(0);
    expect(exported.stdout).toContain(keys.coordinator.recipient);

    const inspected = await runOutpost(['bundle', 'inspect', bundle, '--json'], coordinator);
    expect(JSON.parse(inspected.stdout)).toMatchObject({ cases: [{ caseId: id, title: 'Lost laptop' }], blobs: 1, signatureValid: true });
    expect((await runOutpost(['bundle', 'verify', bundle], coordinator)).stdout).toContain('Verified');
    const report = await runOutpost(['bundle', 'import', bundle], coordinator);
    expect(report.code).toBe(0);
    expect(report.stdout).toContain('New cases: 1');
    expect(report.stdout).toContain('Evidence added: 1 file(s)');
    const again = await runOutpost(['bundle', 'import', bundle, '--json'], coordinator);
    expect(JSON.parse(again.stdout)).toMatchObject({ newCases: [], duplicatesSkipped: 3, evidenceBytesAdded: 0 });
    expect(JSON.parse((await runOutpost(['case', 'list', '--json'], coordinator)).stdout)).toMatchObject([{ id, title: 'Lost laptop' }]);

    // A damaged bundle: exit code 3 with the reason, nothing written.
    const { readFile } = await import('node:fs/promises');
    const bytes = await readFile(bundle);
    bytes[bytes.length - 10] = (bytes[bytes.length - 10] ?? 0) ^ 1;
    const bad = path.join(dir, 'bad.outpost');
    await writeFile(bad, bytes);
    const before = await snapshotDir(coordinator['OUTPOST_VAULT'] ?? '');
    const rejected = await runOutpost(['bundle', 'import', bad], coordinator);
    expect(rejected.code).toBe(3);
    expect(rejected.stderr).toMatch(/The bundle was rejected: the file was altered/);
    expect(await snapshotDir(coordinator['OUTPOST_VAULT'] ?? '')).toEqual(before);

    // A passphrase bundle, and usage errors.
    const pass = path.join(dir, 'pass.txt');
    await writeFile(pass, 'shared secret\n');
    expect((await runOutpost(['bundle', 'export', id, '--out', path.join(dir, 'p.outpost'), '--bundle-passphrase-file', pass], field)).code).toBe(0);
    expect((await runOutpost(['bundle', 'verify', path.join(dir, 'p.outpost'), '--bundle-passphrase-file', pass], coordinator)).code).toBe(0);
    expect((await runOutpost(['bundle', 'export', id], field)).code).toBe(2);
  }, 120_000);
});
