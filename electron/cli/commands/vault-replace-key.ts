import { formatBytes } from '../../../shared/evidence/describe';
import type { Command } from '../command';
import { followJob } from './job-follow';

/**
 * `outpost vault replace-key`: re-encrypts the vault under a new data key
 * (electron/core/vault/FORMAT.md, "Replacing the data key"), progress on
 * stderr. Ctrl+C cancels between two files: the vault still opens with its
 * passphrase, refuses changes, and running the command again finishes it.
 */
export const replaceKeyCommand: Command = {
  name: 'vault replace-key',
  usage: 'outpost vault replace-key [--vault DIR] [--passphrase-file F] [--wait S] [--json]',
  summary: 'Re-encrypt the whole vault under a new data key, so an old vault.json and old passphrase open nothing; resumes an interrupted run',
  run: async (cli) => {
    const passphrase = await cli.passphrase();
    const status = await cli.call('vault.unlock', { passphrase });
    for (const notice of status.notices ?? []) cli.progress(`outpost: ${notice}`);
    const started = await cli.call('vault.replaceDataKey', { passphrase });
    const view = await followJob(cli, started, (v) => {
      if (!v.filesTotal) return null;
      const percent = v.total > 0 ? Math.floor((100 * v.done) / v.total) : 0;
      return `${v.label}: ${v.filesDone ?? 0} of ${v.filesTotal} files, ${percent}% (${formatBytes(v.done)} of ${formatBytes(v.total)})`;
    });
    if (view.state === 'cancelled') {
      throw new Error('Cancelled. The vault opens with its passphrase and can be read, but it refuses changes until "outpost vault replace-key" is run again to finish.');
    }
    // A failed job: its error, with its exit code.
    if (view.state === 'failed') await cli.call('job.result', { jobId: view.jobId });
    const result = view.result;
    if (cli.json) cli.out(JSON.stringify(result));
    else if (result) {
      cli.out(`Replaced the data key of the vault in ${status.path}: ${result.files} files${result.resumed ? ` (${result.rekeyed} re-encrypted now, finishing an earlier run)` : ''}, ${formatBytes(result.bytes)}.`);
      cli.out('An old copy of vault.json and an old passphrase no longer open any file of this vault.');
    }
  },
};
