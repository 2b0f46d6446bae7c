import { readFile } from 'node:fs/promises';
import path from 'node:path';
import type { Input } from '../../../shared/api/contract';
import type { SyncStatusView, SyncTargetRun, SyncTargetView } from '../../../shared/api/sync-schemas';
import { stringOption, type CliContext, type Command } from '../command';
import { InputNotTaken, UsageError } from '../exit-codes';
import { followJob } from './job-follow';

function printTargets(cli: CliContext, targets: SyncTargetView[]): void {
  if (targets.length === 0) return cli.out('No sync targets yet: outpost sync add NAME --folder DIR, --webdav URL or --s3 ENDPOINT.');
  for (const t of targets) cli.out(`  ${t.name}  ${t.kind}  ${t.where}${t.hasCredentials ? '  (credentials kept in the vault)' : ''}  ${t.segmentsSent} segment(s) of this device there`);
}

function printRun(cli: CliContext, run: SyncTargetRun): void {
  if (!run.ok) return cli.out(`${run.name}: FAILED (${run.error?.kind ?? 'error'}): ${run.error?.message ?? ''}`);
  cli.out(`${run.name}: ${run.sealed === null ? 'nothing new to send' : `sealed segment ${run.sealed}`}; ${run.segmentsSent} segment(s) of this device there`);
  for (const p of run.pulled) {
    if (p.segmentsApplied === 0 && p.waiting === null) continue;
    cli.out(`  from ${p.fingerprint}: ${p.segmentsApplied} segment(s), ${p.eventsApplied} new event(s)${p.held > 0 ? `, ${p.held} held for approval` : ''}${p.waiting ? `; waiting: ${p.waiting}` : ''}`);
  }
}

function printStatus(cli: CliContext, status: SyncStatusView): void {
  if (status.overall === 'none') return cli.out('No sync targets yet: outpost sync add NAME --folder DIR, --webdav URL or --s3 ENDPOINT.');
  cli.out(`Sync: ${status.overall}; waiting to go out: ${status.waiting.events} change(s), ${status.waiting.segments} segment(s); ${status.everyMinutes > 0 ? `every ${status.everyMinutes} min` : 'on demand only'}`);
  for (const t of status.targets) {
    const last = t.lastSuccess ? `last synced ${t.lastSuccess.at} (${t.lastSuccess.eventsIn} event(s) in)` : 'never synced';
    cli.out(`  ${t.name}  ${t.kind}  ${t.state}  ${last}${t.state === 'offline' || t.state === 'failed' ? `; ${t.lastError?.message ?? ''}` : ''}`);
  }
  for (const r of status.runs.slice(0, 10)) cli.out(`  ${r.finishedAt}  ${r.target}  ${r.trigger}  ${r.ok ? `ok: ${r.segmentsIn} segment(s), ${r.eventsIn} event(s) in` : `FAILED (${r.error?.kind ?? ''}): ${r.error?.message ?? ''}`}`);
}

async function secretFrom(file: string | undefined, what: string): Promise<string | undefined> {
  if (file === undefined) return undefined;
  const text = await readFile(file, 'utf8').catch((error: NodeJS.ErrnoException) => {
    throw new UsageError(`Cannot read the ${what} file ${file}: ${error.code ?? error.message}`);
  });
  return text.replace(/\r?\n$/, '');
}

/** Sync targets from the command line, so coordinators can script them. */
export const syncCommands: Command[] = [
  {
    name: 'sync add',
    usage:
      'outpost sync add NAME (--folder DIR | --webdav URL [--user U --password-file F] | --s3 ENDPOINT --bucket B [--prefix P] [--region R] --access-key-id ID --secret-file F) [--json]',
    summary: 'Add a sync target: a folder (a drive, a share, a Syncthing or Nextcloud folder), a WebDAV server or an S3 bucket; credentials are kept sealed in the vault',
    positionals: [1, 1],
    options: {
      folder: { type: 'string' },
      webdav: { type: 'string' },
      user: { type: 'string' },
      'password-file': { type: 'string' },
      s3: { type: 'string' },
      bucket: { type: 'string' },
      prefix: { type: 'string' },
      region: { type: 'string' },
      'access-key-id': { type: 'string' },
      'secret-file': { type: 'string' },
    },
    run: async (cli, args) => {
      const name = args.positionals[0] ?? '';
      const folder = stringOption(args, 'folder');
      const webdav = stringOption(args, 'webdav');
      const s3 = stringOption(args, 's3');
      if ([folder, webdav, s3].filter((k) => k !== undefined).length !== 1) throw new UsageError('give exactly one of --folder DIR, --webdav URL or --s3 ENDPOINT');
      const user = stringOption(args, 'user');
      const password = await secretFrom(stringOption(args, 'password-file'), 'password');
      if (webdav === undefined && (user !== undefined || password !== undefined)) throw new UsageError('--user and --password-file go with --webdav');
      const s3Only = ['bucket', 'prefix', 'region', 'access-key-id', 'secret-file'].filter((o) => stringOption(args, o) !== undefined);
      if (s3 === undefined && s3Only.length > 0) throw new UsageError(`--${s3Only.join(', --')} go with --s3`);
      let input: Input<'sync.add'>;
      if (folder !== undefined) input = { name, kind: 'folder', path: path.resolve(folder) };
      else if (webdav !== undefined) input = { name, kind: 'webdav', url: webdav, ...(user !== undefined ? { user } : {}), ...(password !== undefined ? { password } : {}) };
      else {
        const prefix = stringOption(args, 'prefix');
        const region = stringOption(args, 'region');
        input = {
          name,
          kind: 's3',
          endpoint: s3 ?? '',
          bucket: stringOption(args, 'bucket') ?? '',
          accessKeyId: stringOption(args, 'access-key-id') ?? '',
          secretAccessKey: (await secretFrom(stringOption(args, 'secret-file'), 'secret access key')) ?? '',
          ...(prefix !== undefined ? { prefix } : {}),
          ...(region !== undefined ? { region } : {}),
        };
      }
      await cli.unlock();
      const view = await cli.call('sync.add', input);
      if (cli.json) return cli.out(JSON.stringify(view));
      cli.out(`Added ${view.name}: ${view.kind} ${view.where}. Run outpost sync run ${view.name} to sync now.`);
    },
  },
  {
    name: 'sync list',
    usage: 'outpost sync list [--json]',
    summary: 'List the sync targets',
    run: async (cli) => {
      await cli.unlock();
      const { targets } = await cli.call('sync.list', {});
      if (cli.json) return cli.out(JSON.stringify({ targets }));
      printTargets(cli, targets);
    },
  },
  {
    name: 'sync run',
    usage: 'outpost sync run [NAME] [--json]',
    summary: 'Sync now with every target, or the one named: exit 0 done, 1 a target could not be reached or failed, 3 something received was refused or is held',
    positionals: [0, 1],
    run: async (cli, args) => {
      const name = args.positionals[0];
      await cli.unlock();
      const started = await cli.call('sync.run', name !== undefined ? { name } : {});
      const view = await followJob(cli, started, (v) => `${v.label}: ${v.phase}${v.filesTotal ? ` (target ${Math.min((v.filesDone ?? 0) + 1, v.filesTotal)} of ${v.filesTotal})` : ''}`);
      if (view.state === 'cancelled') throw new Error('Sync cancelled; what got through is kept, and the next run goes on from there');
      // A failed job's error ends the command with its exit code, as any API failure does.
      if (view.state === 'failed') await cli.call('job.result', { jobId: view.jobId });
      const runs = view.result?.runs ?? [];
      if (cli.json) cli.out(JSON.stringify({ runs }));
      else for (const run of runs) printRun(cli, run);
      const failed = runs.filter((r) => !r.ok);
      if (failed.length > 0) throw new Error(`${failed.map((r) => r.name).join(', ')} could not be synced: ${failed.map((r) => r.error?.message ?? '').join('; ')}`);
      const refused = runs.flatMap((r) => r.pulled).filter((p) => p.held > 0 || (p.waiting?.includes(' was refused: ') ?? false));
      if (refused.length > 0) throw new InputNotTaken(`something received was refused or is held for approval (from ${refused.map((p) => p.fingerprint).join(', ')})`);
    },
  },
  {
    name: 'sync status',
    usage: 'outpost sync status [--json]',
    summary: 'How each target stands, what waits to go out, and the last runs',
    run: async (cli) => {
      await cli.unlock();
      const status = await cli.call('sync.status', {});
      if (cli.json) return cli.out(JSON.stringify(status));
      printStatus(cli, status);
    },
  },
  {
    name: 'sync remove',
    usage: 'outpost sync remove NAME [--json]',
    summary: 'Remove a sync target (what it brought in stays; nothing on the target is deleted)',
    positionals: [1, 1],
    run: async (cli, args) => {
      await cli.unlock();
      const { targets } = await cli.call('sync.remove', { name: args.positionals[0] ?? '' });
      if (cli.json) return cli.out(JSON.stringify({ targets }));
      cli.out(`Removed ${args.positionals[0] ?? ''}.`);
    },
  },
];
