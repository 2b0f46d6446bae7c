import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import type { IntakeResult, JobView, VerifyResult } from '../../../shared/api/evidence-schemas';
import { formatBytes } from '../../../shared/evidence/describe';
import type { EvidenceItemState } from '../../../shared/evidence/evidence-fold';
import { evidenceTypes, type EvidenceType } from '../../../shared/evidence/evidence-payloads';
import { stringOption, type CliContext, type Command } from '../command';
import { UsageError } from '../exit-codes';
import { followJob } from './job-follow';

/**
 * Follows a job to its end, printing progress on stderr about once a
 * second; Ctrl+C cancels it (the core cleans up). A failed job ends the
 * command with the job's error and its exit code (through `job.result`).
 */
async function follow(cli: CliContext, started: JobView): Promise<JobView> {
  const view = await followJob(cli, started, (v) => (v.total > 0 ? `${v.label}: ${Math.floor((100 * v.done) / v.total)}% (${formatBytes(v.done)} of ${formatBytes(v.total)})` : null));
  if (view.state === 'cancelled') throw new Error(`${view.label}: cancelled; nothing was stored or written`);
  return view;
}

/** Throws the failed job's error the way any API failure ends a command (with its exit code). */
async function failIfFailed(cli: CliContext, view: JobView): Promise<void> {
  if (view.state === 'failed') await cli.call('job.result', { jobId: view.jobId });
}

function byId<T>(list: readonly T[], wanted: string, idOf: (t: T) => string, nameOf: (t: T) => string, what: string): T {
  const exact = list.filter((t) => idOf(t) === wanted || nameOf(t) === wanted);
  const matches = exact.length > 0 ? exact : wanted.length >= 8 ? list.filter((t) => idOf(t).startsWith(wanted)) : [];
  if (matches.length === 1 && matches[0] !== undefined) return matches[0];
  throw new UsageError(matches.length === 0 ? `no ${what} "${wanted}" in this case` : `"${wanted}" matches ${matches.length} ${what}s; give more of the id`);
}

async function findItem(cli: CliContext, caseId: string, wanted: string): Promise<EvidenceItemState> {
  const log = await cli.call('evidence.list', { caseId });
  return byId(log.items, wanted, (i) => i.id, (i) => i.description, 'evidence item');
}

function itemLine(item: EvidenceItemState): string {
  const flags = item.custodyFlags > 0 ? `  ⚠ ${item.custodyFlags} custody problem(s)` : '';
  return `${item.id.slice(0, 8)}  ${item.type.padEnd(13)} ${item.status.padEnd(10)} held by ${item.holder}  ${item.description}${item.retracted ? ' [retracted]' : ''}${flags}`;
}

export const evidenceCommands: Command[] = [
  {
    name: 'evidence add',
    usage: 'outpost evidence add CASE FILE --description D [--type T] [--source S] [--location L] [--collected-by NAME] [--collected-at TIME] [--method M] [--item ITEM] [--sha1] [--md5] [--json]',
    summary: `Register an evidence item (or use --item) and attach FILE: hashed and encrypted into the vault, progress on stderr. Types: ${evidenceTypes.join(', ')}`,
    positionals: [2, 2],
    options: {
      description: { type: 'string' },
      type: { type: 'string' },
      source: { type: 'string' },
      location: { type: 'string' },
      'collected-by': { type: 'string' },
      'collected-at': { type: 'string' },
      method: { type: 'string' },
      item: { type: 'string' },
      sha1: { type: 'boolean' },
      md5: { type: 'boolean' },
    },
    run: async (cli, args) => {
      const [caseId = '', file = ''] = args.positionals;
      const itemRef = stringOption(args, 'item');
      const description = stringOption(args, 'description');
      if (!itemRef && description === undefined) throw new UsageError('--description is required (or --item to attach to an existing item)');
      await cli.unlock();
      let item: EvidenceItemState;
      if (itemRef) item = await findItem(cli, caseId, itemRef);
      else {
        const optional = (name: string, key: string) => (stringOption(args, name) !== undefined ? { [key]: stringOption(args, name) } : {});
        item = await cli.call('evidence.register', {
          caseId,
          description: description ?? '',
          type: (stringOption(args, 'type') ?? 'file') as EvidenceType,
          ...optional('source', 'source'),
          ...optional('location', 'location'),
          ...optional('collected-by', 'collectedBy'),
          ...optional('collected-at', 'collectedAt'),
          ...optional('method', 'method'),
        });
      }
      const started = await cli.call('evidence.attach', { caseId, itemId: item.id, path: path.resolve(file), sha1: args.values['sha1'] === true, md5: args.values['md5'] === true });
      const view = await follow(cli, started);
      await failIfFailed(cli, view);
      const result = view.result as IntakeResult;
      if (cli.json) return cli.out(JSON.stringify({ item: result.item, file: { ...result, item: undefined } }));
      cli.out(`${result.item.id}  ${result.name}  ${formatBytes(result.size)}  SHA-256 ${result.sha256}${result.deduplicated ? '  (identical content was already stored)' : ''}`);
    },
  },
  {
    name: 'evidence list',
    usage: 'outpost evidence list CASE [--json]',
    summary: 'List the evidence items of a case with their files, holders and verification state',
    positionals: [1, 1],
    run: async (cli, args) => {
      await cli.unlock();
      const log = await cli.call('evidence.list', { caseId: args.positionals[0] ?? '' });
      if (cli.json) return cli.out(JSON.stringify(log));
      if (log.items.length === 0) return cli.out('No evidence items.');
      for (const item of log.items) {
        cli.out(itemLine(item));
        for (const f of item.files) cli.out(`    ${f.fileId.slice(0, 8)}  ${f.name}  ${formatBytes(f.size)}  SHA-256 ${f.sha256}  ${f.status}${f.retracted ? ' [retracted]' : ''}`);
      }
      const t = log.totals;
      cli.out(`\n${t.items} item(s), ${t.files} file(s), ${formatBytes(t.bytes)}; ${t.verified} verified, ${t.unverified} not re-verified, ${t.failed} FAILED; ${t.custodyFlags} custody problem(s)`);
    },
  },
  {
    name: 'evidence verify',
    usage: 'outpost evidence verify CASE [ITEM] [--json]',
    summary: 'Re-hash every stored file of the case (or of ITEM) against its digest from intake; exit code 3 if any does not match',
    positionals: [1, 2],
    run: async (cli, args) => {
      const [caseId = '', itemRef] = args.positionals;
      await cli.unlock();
      const itemId = itemRef ? (await findItem(cli, caseId, itemRef)).id : undefined;
      const view = await follow(cli, await cli.call('evidence.verify', { caseId, ...(itemId ? { itemId } : {}) }));
      const result = view.result as VerifyResult | undefined;
      if (result && cli.json) cli.out(JSON.stringify(result));
      else if (result) {
        for (const f of result.files) cli.out(`${f.result === 'ok' ? 'OK    ' : 'FAILED'}  ${f.fileId.slice(0, 8)}  ${f.name}${f.result === 'ok' ? '' : ` (${f.result}): ${f.detail}`}`);
        cli.out(`${result.ok} of ${result.checked} file(s) verified${result.failed > 0 ? `; ${result.failed} FAILED` : ''}`);
      }
      await failIfFailed(cli, view);
    },
  },
  {
    name: 'evidence export',
    usage: 'outpost evidence export CASE ITEM FILE --out PATH [--json]',
    summary: 'Write a stored file (by id or name) out of the vault, decrypted and verified against its digest; never overwrites',
    positionals: [3, 3],
    options: { out: { type: 'string' } },
    run: async (cli, args) => {
      const [caseId = '', itemRef = '', fileRef = ''] = args.positionals;
      const out = stringOption(args, 'out');
      if (!out) throw new UsageError('--out is required');
      await cli.unlock();
      const item = await findItem(cli, caseId, itemRef);
      const file = byId(item.files, fileRef, (f) => f.fileId, (f) => f.name, 'file');
      const view = await follow(cli, await cli.call('evidence.export', { caseId, itemId: item.id, fileId: file.fileId, path: path.resolve(out) }));
      await failIfFailed(cli, view);
      cli.out(cli.json ? JSON.stringify(view.result) : `Wrote ${path.resolve(out)} (SHA-256 ${file.sha256}, verified)`);
    },
  },
  {
    name: 'evidence form',
    usage: 'outpost evidence form CASE [ITEM] [--out F.html]',
    summary: 'The printable chain-of-custody form (HTML) of a case or one item, to F.html or stdout',
    positionals: [1, 2],
    options: { out: { type: 'string' } },
    run: async (cli, args) => {
      const [caseId = '', itemRef] = args.positionals;
      await cli.unlock();
      const itemId = itemRef ? (await findItem(cli, caseId, itemRef)).id : undefined;
      const form = await cli.call('evidence.form', { caseId, ...(itemId ? { itemId } : {}) });
      const out = stringOption(args, 'out');
      if (!out) return cli.out(form.html);
      await writeFile(path.resolve(out), form.html, { mode: 0o600 });
      cli.progress(`Wrote ${path.resolve(out)}`);
    },
  },
];
