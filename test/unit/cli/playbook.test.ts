import { readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { runOutpost } from '../../support/run-cli';
import { makeTempDir, snapshotDir } from '../../support/temp-dir';

const AGENT = 'group--77777777-7777-4777-8777-777777777777';

function cacao(name: string, overrides: Record<string, unknown> = {}): string {
  return JSON.stringify({
    type: 'playbook',
    spec_version: 'cacao-2.0',
    id: 'playbook--55555555-5555-4555-8555-555555555555',
    name,
    created_by: 'identity--66666666-6666-4666-8666-666666666666',
    created: '2026-01-01T00:00:00.000Z',
    modified: '2026-01-01T00:00:00.000Z',
    workflow_start: 'start--11111111-1111-4111-8111-111111111111',
    workflow: {
      'start--11111111-1111-4111-8111-111111111111': { type: 'start', on_completion: 'action--22222222-2222-4222-8222-222222222222' },
      'action--22222222-2222-4222-8222-222222222222': { type: 'action', name: 'Pull the plug', commands: [{ type: 'manual', command: 'Unplug it' }], agent: AGENT, on_completion: 'end--44444444-4444-4444-8444-444444444444' },
      'end--44444444-4444-4444-8444-444444444444': { type: 'end' },
    },
    agent_definitions: { [AGENT]: { type: 'group', name: 'IT staff' } },
    ...overrides,
  });
}

describe('outpost playbook', () => {
  let dir: string;
  let cleanup: () => Promise<void>;
  let env: Record<string, string>;

  beforeEach(async () => {
    ({ dir, cleanup } = await makeTempDir());
    env = { OUTPOST_VAULT: path.join(dir, 'vault'), OUTPOST_PASSPHRASE: 'correct horse battery staple' };
    expect((await runOutpost(['vault', 'init'], env)).code).toBe(0);
  });
  afterEach(() => cleanup());

  it('lists the library, as text and as JSON', async () => {
    const text = await runOutpost(['playbook', 'list'], env);
    expect(text.code).toBe(0);
    expect(text.stdout).toMatch(/^builtin\.phishing\s+v1\s+Phishing \(builtin, \d+ steps\)$/m);
    const json = await runOutpost(['playbook', 'list', '--json'], env);
    expect((JSON.parse(json.stdout) as Array<{ id: string }>).map((p) => p.id)).toHaveLength(8);
  });

  it('exports a playbook as CACAO and imports files, telling what was kept but not shown', async () => {
    const out = path.join(dir, 'phishing.json');
    const exported = await runOutpost(['playbook', 'export', 'builtin.phishing', '--out', out], env);
    expect(exported).toMatchObject({ code: 0, stderr: `Wrote ${out}\n` });
    expect(JSON.parse(await readFile(out, 'utf8'))).toMatchObject({ spec_version: 'cacao-2.0', name: 'Phishing' });
    const again = await runOutpost(['playbook', 'import', out], env);
    expect(again).toMatchObject({ code: 0, stdout: 'Already in the library, unchanged: builtin.phishing v1  Phishing\n' });
    const toStdout = await runOutpost(['playbook', 'export', 'builtin.phishing', '--out', '-'], env);
    expect(`${toStdout.stdout}`).toBe(await readFile(out, 'utf8'));

    const file = path.join(dir, 'wiper.json');
    await writeFile(file, cacao('Wiper response', { labels: ['wiper'] }));
    const imported = await runOutpost(['playbook', 'import', file], env);
    expect(imported.code).toBe(0);
    expect(imported.stdout).toBe('Imported as a new playbook local.55555555-5555-4555-8555-555555555555 v1  Wiper response\n');
    expect(imported.stderr).toContain('Kept from the file but not shown in the checklist');
    expect(imported.stderr).toContain('Playbook: labels (1)');
    const listed = await runOutpost(['playbook', 'list', '--json'], env);
    expect(listed.stdout).toContain('local.55555555-5555-4555-8555-555555555555');
  });

  it('refuses a bad file with exit code 3 and the list of problems, importing nothing', async () => {
    const file = path.join(dir, 'bad.json');
    await writeFile(file, cacao('Broken', { spec_version: 'cacao-1.0', workflow_start: 'start--00000000-0000-4000-8000-000000000000' }));
    const before = await snapshotDir(dir);
    const refused = await runOutpost(['playbook', 'import', file], env);
    expect(refused.code).toBe(3);
    expect(refused.stderr).toContain('Problems found:\n');
    expect(refused.stderr).toContain('  - spec_version is "cacao-1.0"; Outpost reads CACAO 2.0 playbooks ("cacao-2.0") only [spec_version]\n');
    expect(refused.stderr).toContain('  - workflow_start is "start--00000000-0000-4000-8000-000000000000", which is not a step of the workflow [workflow_start]\n');
    expect(refused.stderr).toMatch(/outpost: This playbook file cannot be imported; nothing was imported\./);

    await writeFile(file, 'not json at all');
    expect(await runOutpost(['playbook', 'import', file], env)).toMatchObject({ code: 3, stderr: expect.stringContaining('This is not valid JSON') as string });
    await writeFile(file, cacao('Huge', { description: 'x'.repeat(10 * 1024 * 1024) }));
    const huge = await runOutpost(['playbook', 'import', file], env);
    expect(huge).toMatchObject({ code: 3, stderr: expect.stringContaining('at most 5.0 MB') as string });
    await writeFile(file, '{}');
    const after = await snapshotDir(dir);
    delete after['bad.json'];
    delete before['bad.json'];
    expect(after).toEqual(before);
  });

  it('shows text from files as text: control characters come out escaped', async () => {
    const file = path.join(dir, 'ansi.json');
    await writeFile(file, cacao('Evil \u001b[2J\u001b[31mred <script>alert(1)</script>'));
    expect((await runOutpost(['playbook', 'import', file], env)).code).toBe(0);
    const listed = await runOutpost(['playbook', 'list'], env);
    expect(listed.stdout).toContain('Evil \\u001b[2J\\u001b[31mred <script>alert(1)</script>');
    expect(listed.stdout).not.toContain('\u001b');
  });

  it('uses exit code 2 for a usage error and 1 for an unknown playbook', async () => {
    expect(await runOutpost(['playbook', 'export', 'builtin.phishing'], env)).toMatchObject({ code: 2, stderr: expect.stringContaining('--out is required') as string });
    expect(await runOutpost(['playbook', 'export', 'builtin.phishing', '--out', 'x', '--version', 'two'], env)).toMatchObject({ code: 2 });
    expect(await runOutpost(['playbook', 'export', 'local.nope', '--out', path.join(dir, 'x.json')], env)).toMatchObject({ code: 1, stderr: 'outpost: No playbook local.nope in the library\n' });
  });
});
