import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { runOutpost } from '../../support/run-cli';
import { makeTempDir } from '../../support/temp-dir';

describe('outpost vault replace-key', () => {
  let dir: string;
  let cleanup: () => Promise<void>;
  let env: Record<string, string>;
  const header = async () => JSON.parse(await readFile(path.join(dir, 'vault', 'vault.json'), 'utf8')) as { wrappedKey: string; retiringKey?: string };

  beforeEach(async () => {
    ({ dir, cleanup } = await makeTempDir());
    env = { OUTPOST_VAULT: path.join(dir, 'vault'), OUTPOST_PASSPHRASE: 'correct horse battery staple' };
    expect(await runOutpost(['vault', 'init'], env)).toMatchObject({ code: 0 });
    expect(await runOutpost(['case', 'create', '--title', 'Key swap', '--category', 'fraud'], env)).toMatchObject({ code: 0 });
  });
  afterEach(() => cleanup());

  it('replaces the key and says so; a wrong passphrase changes nothing', async () => {
    const before = await header();
    expect(await runOutpost(['vault', 'replace-key'], { ...env, OUTPOST_PASSPHRASE: 'not the passphrase' })).toMatchObject({ code: 1, stderr: expect.stringContaining('does not unlock') as string });
    expect(await header()).toEqual(before);
    const run = await runOutpost(['vault', 'replace-key', '--json'], env);
    expect(run.code).toBe(0);
    expect(JSON.parse(run.stdout)).toMatchObject({ resumed: false, files: expect.any(Number) as number });
    const after = await header();
    expect(after.wrappedKey).not.toBe(before.wrappedKey);
    expect(after.retiringKey).toBeUndefined();
    expect((await runOutpost(['case', 'list'], env)).stdout).toContain('Key swap');
  });

  it('Ctrl+C cancels, leaving a vault that reads, refuses changes, and finishes on the next run', async () => {
    // SIGINT again and again until the command listens for it and the job takes it.
    const spam = setInterval(() => process.emit('SIGINT'), 5);
    let cancelled;
    try {
      cancelled = await runOutpost(['vault', 'replace-key'], env);
    } finally {
      clearInterval(spam);
    }
    expect(cancelled.code).toBe(1);
    expect(cancelled.stderr).toMatch(/Cancelled\. The vault opens with its passphrase/);
    expect((await header()).retiringKey).toBeDefined();

    const listed = await runOutpost(['case', 'list'], env);
    expect(listed).toMatchObject({ code: 0, stderr: expect.stringMatching(/replacement of the data key was interrupted/) as string });
    expect(listed.stdout).toContain('Key swap');
    expect(await runOutpost(['case', 'create', '--title', 'Meanwhile', '--category', 'fraud'], env)).toMatchObject({ code: 4 });

    const finished = await runOutpost(['vault', 'replace-key'], env);
    expect(finished.code).toBe(0);
    expect(finished.stdout).toMatch(/finishing an earlier run/);
    expect((await header()).retiringKey).toBeUndefined();
    expect(await runOutpost(['case', 'create', '--title', 'Afterwards', '--category', 'fraud'], env)).toMatchObject({ code: 0 });
  });
});
