import { readFile } from 'node:fs/promises';
import { PASSPHRASE_CHANGE_NOTICE } from '../../../shared/vault/passphrase-notice';
import { describe } from '../../core/vault/writer-lock';
import { stringOption, type Command } from '../command';
import { UsageError } from '../exit-codes';
import { replaceKeyCommand } from './vault-replace-key';

export const vaultCommands: Command[] = [
  {
    name: 'vault init',
    usage: 'outpost vault init [--vault DIR] [--name NAME] [--role ROLE] [--passphrase-file F] [--json]',
    summary: 'Create a new vault (asks for the passphrase twice on a terminal); NAME signs your entries (default: your login name)',
    options: { name: { type: 'string' }, role: { type: 'string' } },
    run: async (cli, args) => {
      const passphrase = await cli.passphrase('New vault passphrase: ');
      if (!process.env['OUTPOST_PASSPHRASE'] && process.stdin.isTTY) {
        const again = await cli.passphrase('Repeat the passphrase: ');
        if (again !== passphrase) throw new UsageError('The two passphrases differ');
      }
      const name = stringOption(args, 'name');
      const role = stringOption(args, 'role');
      const status = await cli.call('vault.create', { passphrase, ...(name !== undefined ? { name } : {}), ...(role !== undefined ? { role } : {}) });
      if (cli.json) cli.out(JSON.stringify(status));
      else {
        cli.out(`Created a vault in ${status.path}`);
        cli.out('There is no way to recover a forgotten passphrase: without it, the data in this vault is lost.');
      }
    },
  },
  {
    name: 'vault passphrase',
    usage: 'outpost vault passphrase [--vault DIR] [--passphrase-file F] [--new-passphrase-file F] [--json]',
    summary: 'Change the passphrase (the data key stays the same: see the notice it prints)',
    options: { 'new-passphrase-file': { type: 'string' } },
    run: async (cli, args) => {
      const current = await cli.passphrase('Current passphrase: ');
      // The current one may come from OUTPOST_PASSPHRASE or --passphrase-file; asking again would just repeat it.
      const askable = process.stdin.isTTY && !process.env['OUTPOST_PASSPHRASE'] && stringOption(args, 'passphrase-file') === undefined;
      const next = await newPassphrase(cli, stringOption(args, 'new-passphrase-file'), askable);
      const status = await cli.call('vault.changePassphrase', { current, next });
      if (cli.json) cli.out(JSON.stringify({ ...status, notice: PASSPHRASE_CHANGE_NOTICE }));
      else {
        cli.out(`Changed the passphrase of the vault in ${status.path}`);
        cli.out(PASSPHRASE_CHANGE_NOTICE);
      }
    },
  },
  {
    name: 'vault status',
    usage: 'outpost vault status [--vault DIR] [--json]',
    summary: 'Say whether a vault exists in the folder',
    run: async (cli) => {
      const status = await cli.call('vault.status', {});
      cli.out(cli.json ? JSON.stringify(status) : `${status.state === 'absent' ? 'No vault' : 'Vault'} in ${status.path}`);
      if (!cli.json && status.heldBy) cli.out(`Open in ${describe(status.heldBy)}`);
    },
  },
  replaceKeyCommand,
];

/** The new passphrase from --new-passphrase-file, or asked twice on a terminal. */
async function newPassphrase(cli: Parameters<Command['run']>[0], file: string | undefined, askable: boolean): Promise<string> {
  if (file) {
    const text = await readFile(file, 'utf8').catch((error: NodeJS.ErrnoException) => {
      throw new UsageError(`Cannot read the new passphrase file ${file}: ${error.code ?? error.message}`);
    });
    return text.replace(/\r?\n$/, '');
  }
  if (!askable) throw new UsageError('No new passphrase: pass --new-passphrase-file FILE (or, without OUTPOST_PASSPHRASE and --passphrase-file, run in a terminal to be asked)');
  const next = await cli.passphrase('New passphrase: ');
  if ((await cli.passphrase('Repeat the new passphrase: ')) !== next) throw new UsageError('The two passphrases differ');
  return next;
}
