import { mkdir, rename, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { runOutpost } from '../../support/run-cli';
import { makeTempDir } from '../../support/temp-dir';

describe('outpost sync', () => {
  let dir: string;
  let cleanup: () => Promise<void>;
  let coordinator: Record<string, string>;
  let field: Record<string, string>;
  let drive: string;

  const ok = async (args: string[], env: Record<string, string>) => {
    const run = await runOutpost(args, env);
    expect(run, `${args.join(' ')}: ${run.stderr}`).toMatchObject({ code: 0 });
    return run;
  };

  beforeEach(async () => {
    ({ dir, cleanup } = await makeTempDir());
    coordinator = { OUTPOST_VAULT: path.join(dir, 'coordinator'), OUTPOST_PASSPHRASE: 'correct horse battery staple' };
    field = { OUTPOST_VAULT: path.join(dir, 'field'), OUTPOST_PASSPHRASE: 'correct horse battery staple' };
    drive = path.join(dir, 'drive');
    await mkdir(drive);
    for (const env of [coordinator, field]) await ok(['vault', 'init'], env);
    await ok(['keys', 'coordinator-init'], coordinator);
    const request = path.join(dir, 'join.json');
    await ok(['team', 'join-request', '--out', request, '--name', 'Ana'], field);
    await ok(['team', 'approve', request], coordinator);
    const profile = path.join(dir, 'team.json');
    await ok(['team', 'export', '--out', profile, '--name', 'CSIRT Lyon'], coordinator);
    await ok(['team', 'import', profile], field);
  });
  afterEach(() => cleanup());

  it('adds a folder, runs it on both sides, and the case arrives; an unplugged drive exits 1 and says so', async () => {
    for (const env of [coordinator, field]) await ok(['sync', 'add', 'usb', '--folder', drive], env);
    expect((await ok(['sync', 'list'], field)).stdout).toContain(`usb  folder  ${drive}`);
    await ok(['case', 'create', '--title', 'Ransomware at the depot', '--category', 'malicious-code'], coordinator);
    expect((await ok(['sync', 'run'], coordinator)).stdout).toMatch(/usb: sealed segment 1; 1 segment\(s\) of this device there/);
    const pulled = await ok(['sync', 'run', 'usb', '--json'], field);
    const { runs } = JSON.parse(pulled.stdout) as { runs: Array<{ ok: boolean; pulled: Array<{ eventsApplied: number }> }> };
    expect(runs[0]?.ok).toBe(true);
    expect(runs[0]?.pulled.reduce((n, p) => n + p.eventsApplied, 0)).toBe(1);
    expect((await ok(['case', 'list'], field)).stdout).toContain('Ransomware at the depot');

    await rename(drive, `${drive}-unplugged`);
    const failed = await runOutpost(['sync', 'run'], field);
    expect(failed.code).toBe(1);
    expect(failed.stderr).toMatch(/usb could not be synced: The folder .* is not there \(is the drive connected/);
  });

  it('keeps a WebDAV password only in the vault, and refuses a command line it cannot take', async () => {
    const secret = path.join(dir, 'password.txt');
    await writeFile(secret, 'n3xtcl0ud-app-password\n');
    await ok(['sync', 'add', 'nc', '--webdav', 'https://cloud.example.org/remote.php/dav/files/ana/outpost/', '--user', 'ana', '--password-file', secret], field);
    const listed = await ok(['sync', 'list', '--json'], field);
    expect(listed.stdout).not.toContain('n3xtcl0ud');
    expect(JSON.parse(listed.stdout)).toMatchObject({ targets: [{ name: 'nc', kind: 'webdav', hasCredentials: true }] });
    expect(await runOutpost(['sync', 'add', 'both', '--folder', drive, '--webdav', 'https://x.example/'], field)).toMatchObject({ code: 2 });
    expect(await runOutpost(['sync', 'add', 'nc', '--folder', drive], field)).toMatchObject({ code: 3, stderr: expect.stringMatching(/already/) as string });
    const s3secret = path.join(dir, 's3-secret.txt');
    await writeFile(s3secret, 'wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY\n');
    await ok(['sync', 'add', 'bucket', '--s3', 'http://127.0.0.1:9000', '--bucket', 'outpost', '--access-key-id', 'AKID', '--secret-file', s3secret], field);
    expect((await ok(['sync', 'list'], field)).stdout).toMatch(/bucket {2}s3 {2}http:\/\/127\.0\.0\.1:9000\/ bucket outpost {2}\(credentials kept in the vault\)/);
    expect(await runOutpost(['sync', 'add', 'b2', '--folder', drive, '--bucket', 'outpost'], field)).toMatchObject({ code: 2 });
    await ok(['sync', 'remove', 'bucket'], field);
    await ok(['sync', 'remove', 'nc'], field);
    expect((await ok(['sync', 'list'], field)).stdout).toMatch(/No sync targets yet/);
  });
});
