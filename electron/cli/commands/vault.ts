import { describe } from '../../core/vault/writer-lock';
import type { Command } from '../command';
import { UsageError } from '../exit-codes';

export const vaultCommands: Command[] = [
  {
    name: 'vault init',
    usage: 'outpost vault init [--vault DIR] [--passphrase-file F] [--json]',
    summary: 'Create a new vault (asks for the passphrase twice on a terminal)',
    run: async (cli) => {
      const passphrase = await cli.passphrase('New vault passphrase: ');
      if (!process.env['OUTPOST_PASSPHRASE'] && process.stdin.isTTY) {
        const again = await cli.passphrase('Repeat the passphrase: ');
        if (again !== passphrase) throw new UsageError('The two passphrases differ');
      }
      const status = await cli.call('vault.create', { passphrase });
      if (cli.json) cli.out(JSON.stringify(status));
      else {
        cli.out(`Created a vault in ${status.path}`);
        cli.out('There is no way to recover a forgotten passphrase: without it, the data in this vault is lost.');
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
];
