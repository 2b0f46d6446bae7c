import path from 'node:path';
import { requiredOption, stringOption, type Command } from '../command';

export const teamCommands: Command[] = [
  {
    name: 'team export',
    usage: 'outpost team export --out F --name TEAM [--constituency TEXT] [--json]',
    summary: "Write the team profile (team, constituency, contacts, the coordinator's key and fingerprints) for field vaults",
    options: { out: { type: 'string' }, name: { type: 'string' }, constituency: { type: 'string' } },
    run: async (cli, args) => {
      const out = path.resolve(requiredOption(args, 'out'));
      const name = requiredOption(args, 'name');
      const constituency = stringOption(args, 'constituency');
      await cli.unlock();
      const result = await cli.call('team.exportProfile', { path: out, name, ...(constituency !== undefined ? { constituency } : {}) });
      if (cli.json) return cli.out(JSON.stringify(result));
      cli.out(`Wrote ${result.path}\nCoordinator recipient:   ${result.profile.coordinator.recipient}\nRecipient fingerprint:   ${result.profile.coordinator.recipientFingerprint}\nDevice fingerprint:      ${result.profile.coordinator.deviceFingerprint}`);
    },
  },
  {
    name: 'team import',
    usage: 'outpost team import F [--json]',
    summary: "Import the coordinator's team profile; bundles then go to the coordinator by default. Compare the fingerprints out of band",
    positionals: [1, 1],
    run: async (cli, args) => {
      await cli.unlock();
      const profile = await cli.call('team.importProfile', { path: path.resolve(args.positionals[0] ?? '') });
      if (cli.json) return cli.out(JSON.stringify(profile));
      cli.out(`Team ${profile.team.name}: bundles now go to ${profile.coordinator.recipient}\nRecipient fingerprint:   ${profile.coordinator.recipientFingerprint}\nCoordinator device:      ${profile.coordinator.deviceFingerprint}`);
    },
  },
];
