import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { NOT_FOR_PASSPHRASE, type BundleExportResult, type BundleImportReport, type BundleSummary, type BundleVerifyResult } from '../../../shared/api/bundle-schemas';
import { formatBytes } from '../../../shared/evidence/describe';
import { requiredOption, stringOption, type CliContext, type Command, type ParsedArgs } from '../command';
import type { HeldBundle } from '../../../shared/api/roster-schemas';
import { InputNotTaken, UsageError } from '../exit-codes';
import { followBundleJob } from './bundle-follow';

const openOptions = { identity: { type: 'string' }, 'bundle-passphrase-file': { type: 'string' } } as const;

async function bundlePassphrase(args: ParsedArgs): Promise<string | undefined> {
  const file = stringOption(args, 'bundle-passphrase-file');
  if (file === undefined) return undefined;
  const text = await readFile(file, 'utf8').catch((error: NodeJS.ErrnoException) => {
    throw new UsageError(`Cannot read the bundle passphrase file ${file}: ${error.code ?? error.message}`);
  });
  return text.replace(/\r?\n$/, '');
}

async function openInput(args: ParsedArgs): Promise<{ path: string; passphrase?: string; identityFile?: string }> {
  const passphrase = await bundlePassphrase(args);
  const identity = stringOption(args, 'identity');
  if (passphrase !== undefined && identity !== undefined) throw new UsageError('give either --identity or --bundle-passphrase-file, not both');
  return { path: path.resolve(args.positionals[0] ?? ''), ...(passphrase !== undefined ? { passphrase } : {}), ...(identity !== undefined ? { identityFile: path.resolve(identity) } : {}) };
}

type OpenInput = Awaited<ReturnType<typeof openInput>>;

/** The commands that open one bundle file (inspect, verify, import): the same usage, options and first steps. */
function bundleFileCommand(verb: string, summary: string, show: (cli: CliContext, input: OpenInput) => Promise<void>): Command {
  return {
    name: `bundle ${verb}`,
    usage: `outpost bundle ${verb} F [--identity FILE | --bundle-passphrase-file F] [--json]`,
    summary,
    positionals: [1, 1],
    options: openOptions,
    run: async (cli, args) => {
      const input = await openInput(args);
      await cli.unlock();
      await show(cli, input);
    },
  };
}

export function printHeld(cli: CliContext, held: HeldBundle): void {
  cli.out(`Held, not applied: ${held.digest}`);
  cli.out(`Sent by: ${held.exporter.actor || 'unnamed'} — device ${held.exporter.fingerprint}`);
  cli.out(`  words: ${held.exporter.words.join(' ')}`);
  cli.out(`Not on the roster: ${held.unknownDevices.map((d) => d.fingerprint).join(', ')}`);
  for (const c of held.cases) cli.out(`Would change “${c.title}” (${c.caseId}): ${Object.entries(c.eventsByType).map(([t, n]) => `${n} ${t}`).join(', ')}`);
  cli.out(`Status: ${held.status} ${held.statusAt}${held.reason ? ` (${held.reason})` : ''}`);
}

function printSummary(cli: CliContext, s: BundleSummary): void {
  cli.out(`Made ${s.createdAt} by ${s.exporter.actor} on device ${s.exporter.fingerprint}; manifest signature ${s.signatureValid ? 'valid' : 'NOT valid'}`);
  for (const c of s.cases) cli.out(`  case ${c.caseId}  ${c.events} event(s)  ${c.title}`);
  cli.out(`  ${s.blobs} evidence file(s), ${formatBytes(s.blobBytes)}`);
  for (const d of s.devices) cli.out(`  device ${d.fingerprint}`);
}

export const bundleCommands: Command[] = [
  {
    name: 'bundle export',
    usage: 'outpost bundle export (CASE… | --changed) --out F [--recipient age1… (repeatable) | --bundle-passphrase-file F] [--json]',
    summary:
      'Write a signed, encrypted bundle of the cases (events and evidence); by default to the coordinator of the imported team profile. ' +
      '--changed: instead of cases, everything not yet sent to these recipients (only the new events and evidence; import the earlier bundles first); ' +
      'not with a passphrase. When nothing changed, says so and exits 1 without writing a file',
    positionals: [0, 10_000],
    options: { out: { type: 'string' }, recipient: { type: 'string', multiple: true }, 'bundle-passphrase-file': { type: 'string' }, changed: { type: 'boolean' } },
    run: async (cli, args) => {
      const changed = args.values['changed'] === true;
      if (changed && args.positionals.length > 0) throw new UsageError('give either case ids or --changed, not both');
      if (!changed && args.positionals.length === 0) throw new UsageError('give the case ids to export, or --changed for everything not yet sent');
      const out = path.resolve(requiredOption(args, 'out'));
      const recipients = (args.values['recipient'] as string[] | undefined) ?? [];
      const passphrase = await bundlePassphrase(args);
      if (passphrase !== undefined && recipients.length > 0) throw new UsageError('a bundle goes either to --recipient keys or to a passphrase, not both');
      if (changed && passphrase !== undefined) throw new UsageError(NOT_FOR_PASSPHRASE);
      await cli.unlock();
      const what = changed ? { changedSince: true as const } : { caseIds: args.positionals };
      const started = await cli.call('bundle.export', { ...what, path: out, ...(recipients.length > 0 ? { recipients } : {}), ...(passphrase !== undefined ? { passphrase } : {}) });
      // Nothing changed ends the job with a not_found error: exit code 1 and its message, and no file.
      const result = (await followBundleJob(cli, started)).result as BundleExportResult;
      if (cli.json) return cli.out(JSON.stringify(result));
      const since = result.since === null ? '' : `; changes since the export of ${result.since}`;
      cli.out(`Wrote ${result.path} (${formatBytes(result.bytes)}): ${result.cases} case(s), ${result.events} event(s), ${result.blobs} evidence file(s) of ${formatBytes(result.blobBytes)}${since}; encrypted to ${result.passphrase ? 'a passphrase' : result.recipients.join(', ')}`);
    },
  },
  bundleFileCommand('inspect', "Decrypt a bundle and show its signed manifest (who made it, cases, devices, evidence) without verifying the content or changing the vault", async (cli, input) => {
    const summary = await cli.call('bundle.inspect', input);
    if (cli.json) return cli.out(JSON.stringify(summary));
    printSummary(cli, summary);
    if (summary.importedBefore !== null) cli.out(`Already imported here on ${summary.importedBefore}: importing it again changes nothing.`);
  }),
  bundleFileCommand('verify', 'Verify everything in a bundle (encryption, signature, digests, every event and chain) without importing; exit code 3 with the reason if it fails', async (cli, input) => {
    const result = (await followBundleJob(cli, await cli.call('bundle.verify', input))).result as BundleVerifyResult;
    if (cli.json) return cli.out(JSON.stringify(result));
    printSummary(cli, result);
    cli.out(`Verified: ${result.events} event(s) and ${result.blobs} evidence file(s)`);
  }),
  bundleFileCommand('import', 'Verify a bundle completely, then merge its cases and evidence into the vault; reports new cases, events per device, duplicates, conflicts, new devices', async (cli, input) => {
    const report = (await followBundleJob(cli, await cli.call('bundle.import', input))).result as BundleImportReport;
    if (cli.json) cli.out(JSON.stringify(report));
    if (report.held) {
      if (!cli.json) printHeld(cli, report.held);
      throw new InputNotTaken(`held for approval: device ${report.held.exporter.fingerprint} is not on the team roster; nothing was applied (outpost team approve "${report.held.exporter.fingerprint}", or outpost bundle refuse ${report.held.digest})`);
    }
    if (cli.json) return;
    if (report.importedBefore !== null) cli.out(`Already imported here on ${report.importedBefore}: checked again, nothing changed.`);
    cli.out(`New cases: ${report.newCases.length}${report.newCases.length > 0 ? ` (${report.newCases.join(', ')})` : ''}`);
    const perDevice = Object.entries(report.newEventsByDevice);
    cli.out(`New events: ${perDevice.reduce((sum, [, n]) => sum + n, 0)}${perDevice.map(([d, n]) => `\n  ${n} from device ${d.slice(0, 16)}`).join('')}`);
    cli.out(`Duplicates skipped: ${report.duplicatesSkipped}`);
    cli.out(`New conflicts: ${report.conflicts.length}${report.conflicts.map((c) => `\n  case ${c.caseId.slice(0, 8)}: ${c.detail}`).join('')}`);
    cli.out(`New devices: ${report.newDevices.length}${report.newDevices.map((d) => `\n  ${d.fingerprint}`).join('')}`);
    cli.out(`Evidence added: ${report.evidenceFilesAdded} file(s), ${formatBytes(report.evidenceBytesAdded)}`);
  }),
  {
    name: 'bundle held',
    usage: 'outpost bundle held [--json]',
    summary: 'List the bundles held because a device that wrote them is not on the team roster, with what each would change',
    run: async (cli) => {
      await cli.unlock();
      const { held } = await cli.call('bundle.held', {});
      if (cli.json) return cli.out(JSON.stringify(held));
      if (held.length === 0) return cli.out('No bundle is held.');
      held.forEach((h, i) => {
        if (i > 0) cli.out('');
        printHeld(cli, h);
      });
    },
  },
  {
    name: 'bundle refuse',
    usage: 'outpost bundle refuse DIGEST [--reason TEXT] [--json]',
    summary: 'Refuse a held bundle: nothing of it is applied, and the refusal is recorded',
    positionals: [1, 1],
    options: { reason: { type: 'string' } },
    run: async (cli, args) => {
      await cli.unlock();
      const reason = typeof args.values.reason === 'string' ? args.values.reason : undefined;
      const settled = await cli.call('bundle.refuse', { digest: args.positionals[0] ?? '', ...(reason !== undefined ? { reason } : {}) });
      if (cli.json) return cli.out(JSON.stringify(settled));
      cli.out(`Refused ${settled.digest}: nothing applied.`);
    },
  },
];
