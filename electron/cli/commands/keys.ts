import type { KeysView } from '../../../shared/api/bundle-schemas';
import path from 'node:path';
import { requiredOption, type CliContext, type Command } from '../command';

function show(cli: CliContext, keys: KeysView): void {
  if (cli.json) return cli.out(JSON.stringify(keys));
  cli.out(`Device fingerprint:       ${keys.device.fingerprint}`);
  cli.out(`Device id:                ${keys.device.deviceId}`);
  cli.out(keys.coordinator ? `Coordinator recipient:    ${keys.coordinator.recipient}\nCoordinator fingerprint:  ${keys.coordinator.fingerprint}` : 'Coordinator key:          none (outpost keys coordinator-init)');
  if (keys.team) cli.out(`Team profile:             ${keys.team.team.name}; bundles go to ${keys.team.coordinator.recipient} (fingerprint ${keys.team.coordinator.recipientFingerprint}, device ${keys.team.coordinator.deviceFingerprint})`);
}

export const keysCommands: Command[] = [
  {
    name: 'keys show',
    usage: 'outpost keys show [--json]',
    summary: "This vault's device fingerprint, its coordinator key if any, and the team profile bundles go to",
    run: async (cli) => {
      await cli.unlock();
      show(cli, await cli.call('keys.show', {}));
    },
  },
  {
    name: 'keys coordinator-init',
    usage: 'outpost keys coordinator-init [--json]',
    summary: 'Create the coordinator identity (X25519, age-compatible) of this vault, once; prints its recipient and fingerprint',
    run: async (cli) => {
      await cli.unlock();
      show(cli, await cli.call('keys.coordinatorInit', {}));
    },
  },
  {
    name: 'keys export-identity',
    usage: 'outpost keys export-identity --out F [--json]',
    summary: "Write this vault's coordinator identity as a standard age identity file (mode 0600; never over an existing file), for `age -d -i F` or another coordinator machine. The file holds the SECRET key",
    options: { out: { type: 'string' } },
    run: async (cli, args) => {
      const out = path.resolve(requiredOption(args, 'out'));
      await cli.unlock();
      const written = await cli.call('keys.exportIdentity', { path: out });
      cli.progress(`Warning: ${written.path} holds the coordinator's SECRET key: whoever has it can open every bundle made for ${written.recipient}. Keep it offline, never send it, and delete it once it is no longer needed.`);
      if (cli.json) return cli.out(JSON.stringify(written));
      cli.out(`Wrote ${written.path}: the identity of ${written.recipient} (fingerprint ${written.fingerprint})`);
    },
  },
];
