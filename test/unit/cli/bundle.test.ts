import { execFileSync, spawnSync } from 'node:child_process';
import { readdir, readFile, stat, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { runOutpost } from '../../support/run-cli';
import { makeTempDir, snapshotDir } from '../../support/temp-dir';

const hasAge = spawnSync('age', ['--version']).status === 0;

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

    // Before the field device is enrolled, its bundle is held (exit 3) and listed; then approved by fingerprint, it applies.
    const early = await runOutpost(['case', 'create', '--title', 'Before enrolment', '--category', 'fraud', '--json'], field);
    const earlyFile = path.join(dir, 'early.outpost');
    expect((await runOutpost(['bundle', 'export', (JSON.parse(early.stdout) as { id: string }).id, '--out', earlyFile], field)).code).toBe(0);
    const held = await runOutpost(['bundle', 'import', earlyFile], coordinator);
    expect(held.code).toBe(3);
    expect(held.stdout).toContain('Held, not applied');
    expect(held.stderr).toMatch(/held for approval: device [0-9a-f ]+ is not on the team roster; nothing was applied/);
    const waiting = JSON.parse((await runOutpost(['bundle', 'held', '--json'], coordinator)).stdout) as Array<{ exporter: { fingerprint: string } }>;
    expect(waiting).toHaveLength(1);
    const approved = await runOutpost(['team', 'approve', waiting[0]?.exporter.fingerprint ?? '', '--name', 'Ana Field'], coordinator);
    expect(approved.code).toBe(0);
    expect(approved.stdout).toContain('Applied 1 held bundle(s)');

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
    expect(JSON.parse((await runOutpost(['case', 'list', '--json'], coordinator)).stdout)).toEqual(expect.arrayContaining([expect.objectContaining({ id, title: 'Lost laptop' }), expect.objectContaining({ title: 'Before enrolment' })]));

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

  it('bundle export --changed sends only what the coordinator has not had, and exits 1 when nothing changed', async () => {
    expect((await runOutpost(['vault', 'init'], coordinator)).code).toBe(0);
    expect((await runOutpost(['vault', 'init'], field)).code).toBe(0);
    const keys = JSON.parse((await runOutpost(['keys', 'coordinator-init', '--json'], coordinator)).stdout) as { coordinator: { recipient: string } };
    const team = path.join(dir, 'team.json');
    await runOutpost(['team', 'export', '--out', team, '--name', 'CSIRT Lyon'], coordinator);
    await runOutpost(['team', 'import', team], field);
    // The field device asks to join; the coordinator enrols it from the request file.
    const request = path.join(dir, 'join-request.json');
    const asked = await runOutpost(['team', 'join-request', '--out', request, '--name', 'Ana Field', '--site', 'Lyon'], field);
    expect(asked.stdout).toMatch(/Fingerprint: [0-9a-f]{4}( [0-9a-f]{4})+\nAs words: {4}(\w+ ){7}\w+/);
    const approved = await runOutpost(['team', 'approve', request], coordinator);
    expect(approved.stdout).toContain('Enrolled Ana Field');
    expect(approved.stdout).toContain('roster version 2');
    const roster = JSON.parse((await runOutpost(['team', 'roster', '--json'], coordinator)).stdout) as { serial: number; devices: Array<{ name: string; site: string }> };
    expect(roster.serial).toBe(2);
    expect(roster.devices.map((d) => d.name)).toContain('Ana Field');
    const { id } = JSON.parse((await runOutpost(['case', 'create', '--title', 'Lost laptop', '--category', 'fraud', '--json'], field)).stdout) as { id: string };

    // Usage errors (exit 2): case ids with --changed, neither, or a passphrase.
    const pass = path.join(dir, 'pass.txt');
    await writeFile(pass, 'shared secret\n');
    expect((await runOutpost(['bundle', 'export', id, '--changed', '--out', path.join(dir, 'x.outpost')], field)).code).toBe(2);
    expect((await runOutpost(['bundle', 'export', '--out', path.join(dir, 'x.outpost')], field)).code).toBe(2);
    const withPass = await runOutpost(['bundle', 'export', '--changed', '--out', path.join(dir, 'x.outpost'), '--bundle-passphrase-file', pass], field);
    expect(withPass.code).toBe(2);
    expect(withPass.stderr).toMatch(/passphrase are not tracked/);
    expect((await runOutpost(['bundle', 'export', '--help'], field)).stdout).toMatch(/--changed[\s\S]*exits 1/);

    const first = await runOutpost(['bundle', 'export', '--changed', '--out', path.join(dir, 'first.outpost'), '--json'], field);
    expect(first.code).toBe(0);
    expect(JSON.parse(first.stdout)).toMatchObject({ cases: 1, events: 1, since: null, recipients: [keys.coordinator.recipient] });
    const photo = path.join(dir, 'photo.bin');
    await writeFile(photo, Buffer.alloc(2048, 5));
    expect((await runOutpost(['evidence', 'add', id, photo, '--description', 'found in a taxi'], field)).code).toBe(0);
    const second = await runOutpost(['bundle', 'export', '--changed', '--out', path.join(dir, 'second.outpost')], field);
    expect(second.code).toBe(0);
    expect(second.stdout).toMatch(/1 case\(s\), 2 event\(s\), 1 evidence file\(s\) of 2\.0 KiB; changes since the export of \d{4}-/);
    const none = await runOutpost(['bundle', 'export', '--changed', '--out', path.join(dir, 'none.outpost')], field);
    expect(none.code).toBe(1);
    expect(none.stderr).toMatch(/Nothing changed since the last export to CSIRT Lyon .*no bundle was written/);
    expect(await readdir(dir)).not.toContain('none.outpost');
  }, 120_000);

  it('keys export-identity writes the coordinator identity as an age identity file that Debian age opens bundles with', async (context) => {
    expect((await runOutpost(['vault', 'init'], coordinator)).code).toBe(0);
    expect((await runOutpost(['vault', 'init'], field)).code).toBe(0);
    const keys = JSON.parse((await runOutpost(['keys', 'coordinator-init', '--json'], coordinator)).stdout) as { coordinator: { recipient: string } };
    const { id } = JSON.parse((await runOutpost(['case', 'create', '--title', 'Lost laptop', '--category', 'fraud', '--json'], field)).stdout) as { id: string };
    const bundle = path.join(dir, 'for-coordinator.outpost');
    expect((await runOutpost(['bundle', 'export', id, '--out', bundle, '--recipient', keys.coordinator.recipient], field)).code).toBe(0);

    // 0600, a warning on stderr, never over a file; no coordinator key: nothing written.
    expect((await runOutpost(['keys', 'export-identity', '--out', path.join(dir, 'none.age')], field)).code).toBe(3);
    expect(await readdir(dir)).not.toContain('none.age');
    const identity = path.join(dir, 'coordinator.age');
    const written = await runOutpost(['keys', 'export-identity', '--out', identity], coordinator);
    expect(written.code).toBe(0);
    expect(written.stderr).toMatch(/SECRET key/);
    expect((await stat(identity)).mode & 0o777).toBe(0o600);
    const text = await readFile(identity, 'utf8');
    expect(text).toMatch(new RegExp(`^# created: \\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\dZ\n# public key: ${keys.coordinator.recipient}\nAGE-SECRET-KEY-1[0-9A-Z]+\n$`));
    const again = await runOutpost(['keys', 'export-identity', '--out', identity], coordinator);
    expect(again.code).toBe(1);
    expect(again.stderr).toMatch(/already exists/);
    expect(await readFile(identity, 'utf8')).toBe(text);
    expect((await runOutpost(['keys', 'export-identity'], coordinator)).code).toBe(2);

    // Debian's age opens a bundle made for this coordinator with that file.
    if (!hasAge) return context.skip('the age command is not installed (Debian package age)');
    const tar = execFileSync('age', ['-d', '-i', identity, bundle]);
    expect(tar.includes(Buffer.from('MANIFEST.json'))).toBe(true);
    expect(tar.includes(Buffer.from('"title":"Lost laptop"'))).toBe(true);
  }, 60_000);
});
