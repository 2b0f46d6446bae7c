import { open, readFile, stat, writeFile } from 'node:fs/promises';
import type { Issue } from '../../../shared/api/errors';
import { MAX_FILE_BYTES } from '../../../shared/playbooks/model';
import { requiredOption, stringOption, type CliContext, type Command } from '../command';
import { UsageError } from '../exit-codes';

/** Playbook text comes from files written by others: control characters could drive the terminal, so they are shown escaped. */
function safe(text: string): string {
  // eslint-disable-next-line no-control-regex -- exactly the characters to neutralise
  return text.replace(/[\u0000-\u0008\u000b-\u001f\u007f-\u009f]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
}

function versionOption(value: string | undefined): number | undefined {
  if (value === undefined) return undefined;
  if (!/^[1-9][0-9]{0,6}$/.test(value)) throw new UsageError(`--version takes a version number, not ${JSON.stringify(value)}`);
  return Number(value);
}

/** Reads a playbook file; at most a little over the limit, so that a huge file is refused without loading it whole. */
async function readPlaybookFile(file: string): Promise<string> {
  if ((await stat(file)).size <= MAX_FILE_BYTES) return readFile(file, 'utf8');
  const handle = await open(file, 'r');
  try {
    const head = Buffer.alloc(MAX_FILE_BYTES + 1);
    const { bytesRead } = await handle.read(head, 0, head.length, 0);
    return head.subarray(0, bytesRead).toString('latin1');
  } finally {
    await handle.close();
  }
}

/** Prints the problems of a refused call (on stderr) before the CLI reports the error and exits. */
async function listingProblems<T>(cli: CliContext, work: () => Promise<T>): Promise<T> {
  try {
    return await work();
  } catch (error) {
    const issues = (error as { error?: { issues?: Issue[] } } | undefined)?.error?.issues;
    if (issues && issues.length > 0) {
      cli.progress('Problems found:');
      for (const issue of issues) cli.progress(`  - ${safe(issue.message)}${issue.path ? ` [${safe(issue.path)}]` : ''}`);
    }
    throw error;
  }
}

export const playbookCommands: Command[] = [
  {
    name: 'playbook list',
    usage: 'outpost playbook list [--all] [--json]',
    summary: 'List the playbooks of the library (built-in and local); --all includes retired ones',
    options: { all: { type: 'boolean' } },
    run: async (cli, args) => {
      await cli.unlock();
      const list = await cli.call('playbook.list', { includeRetired: args.values['all'] === true });
      if (cli.json) return cli.out(JSON.stringify(list));
      for (const p of list) {
        const flags = [p.origin, p.retired ? 'retired' : ''].filter(Boolean).join(', ');
        cli.out(`${p.id.padEnd(44)} v${String(p.version).padEnd(4)} ${safe(p.title)} (${flags}, ${p.stepCount} steps)`);
      }
    },
  },
  {
    name: 'playbook export',
    usage: 'outpost playbook export ID [--version N] --out FILE',
    summary: 'Write a playbook as OASIS CACAO 2.0 JSON (--out - writes to stdout)',
    options: { out: { type: 'string' }, version: { type: 'string' } },
    positionals: [1, 1],
    run: async (cli, args) => {
      const out = requiredOption(args, 'out');
      const version = versionOption(stringOption(args, 'version'));
      await cli.unlock();
      const id = args.positionals[0] ?? '';
      const { json } = await cli.call('playbook.exportCacao', version === undefined ? { id } : { id, version });
      if (out === '-') return cli.out(json.trimEnd());
      await writeFile(out, json, { mode: 0o600 });
      cli.progress(`Wrote ${out}`);
      if (cli.json) cli.out(JSON.stringify({ id, file: out, bytes: Buffer.byteLength(json) }));
    },
  },
  {
    name: 'playbook import',
    usage: 'outpost playbook import FILE [--dry-run] [--json]',
    summary: 'Import an OASIS CACAO 2.0 playbook; a bad file is refused whole (exit 3) with the list of problems',
    options: { 'dry-run': { type: 'boolean' } },
    positionals: [1, 1],
    run: async (cli, args) => {
      const file = args.positionals[0] ?? '';
      const json = await readPlaybookFile(file);
      await cli.unlock();
      const result = await listingProblems(cli, () => cli.call('playbook.importCacao', { json, dryRun: args.values['dry-run'] === true }));
      if (cli.json) return cli.out(JSON.stringify({ ...result, playbook: undefined, id: result.summary?.id ?? result.playbook.id }));
      for (const w of result.warnings) cli.progress(`warning: ${safe(w.message)}`);
      if (result.unrenderable.length > 0) {
        cli.progress(`Kept from the file but not shown in the checklist (written back on export):`);
        for (const u of result.unrenderable) cli.progress(`  - ${safe(u.where)}: ${safe(u.what)}`);
      }
      const id = result.summary?.id ?? result.playbook.id;
      const what = { created: 'Imported as a new playbook', 'new-version': 'Imported as a new version of', unchanged: 'Already in the library, unchanged:', 'dry-run': 'Would import (nothing stored):' }[result.outcome];
      cli.out(`${what} ${id} v${result.summary?.version ?? result.playbook.version}  ${safe(result.playbook.title)}`);
    },
  },
];
