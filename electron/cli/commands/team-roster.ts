import path from 'node:path';
import type { RosterView } from '../../../shared/api/roster-schemas';
import { requiredOption, stringOption, type CliContext, type Command, type ParsedArgs } from '../command';

const personOptions = { name: { type: 'string' }, role: { type: 'string' }, site: { type: 'string' } } as const;

function person(args: ParsedArgs): { name?: string; role?: string; site?: string } {
  const out: { name?: string; role?: string; site?: string } = {};
  for (const key of ['name', 'role', 'site'] as const) {
    const value = stringOption(args, key);
    if (value !== undefined) out[key] = value;
  }
  return out;
}

function printRoster(cli: CliContext, r: RosterView): void {
  if (r.serial === null) return cli.out(r.isCoordinator ? 'No roster yet.' : 'No roster yet: it comes with the team profile or a bundle from the coordinator.');
  cli.out(`Team roster version ${r.serial}, issued ${r.issuedAt ?? ''}${r.isCoordinator ? ' (signed by this vault)' : ''}`);
  for (const d of r.devices) cli.out(`  ${d.fingerprint}  ${d.name || 'unnamed'}${d.role ? `, ${d.role}` : ''}${d.site ? `, ${d.site}` : ''}${d.self ? ' (this device)' : ''}  enrolled ${d.enrolledAt}`);
  for (const d of r.revoked) cli.out(`  ${d.fingerprint}  ${d.name || 'unnamed'}  REVOKED ${d.revokedAt}${d.reason ? ` (${d.reason})` : ''}`);
  for (const p of r.pending) cli.out(`  waiting: ${p.fingerprint}  ${p.name}  words: ${p.words.join(' ')}`);
}

/** The team roster from the command line: join requests, approval by file or fingerprint, revocation, listing. */
export const teamRosterCommands: Command[] = [
  {
    name: 'team join-request',
    usage: 'outpost team join-request --out FILE [--name N] [--role R] [--site S] [--json]',
    summary: "Write this device's signed request to join the team, for the coordinator; read them the fingerprint it prints",
    options: { out: { type: 'string' }, ...personOptions },
    run: async (cli, args) => {
      const out = path.resolve(requiredOption(args, 'out'));
      await cli.unlock();
      const result = await cli.call('team.joinRequest', { path: out, ...person(args) });
      if (cli.json) return cli.out(JSON.stringify(result));
      cli.out(`Wrote ${result.path}\nFingerprint: ${result.request.fingerprint}\nAs words:    ${result.request.words.join(' ')}`);
    },
  },
  {
    name: 'team approve',
    usage: 'outpost team approve FILE|FINGERPRINT [--name N] [--role R] [--site S] [--json]',
    summary: 'Enrol a device (coordinator): from its join request file, or by the fingerprint of a device whose request or held bundle is here; its held bundles then apply',
    positionals: [1, 1],
    options: personOptions,
    run: async (cli, args) => {
      const target = args.positionals[0] ?? '';
      const byFile = target.includes('/') || target.endsWith('.json');
      await cli.unlock();
      const result = await cli.call('team.approve', { ...(byFile ? { path: path.resolve(target) } : { fingerprint: target }), ...person(args) });
      if (cli.json) return cli.out(JSON.stringify(result));
      cli.out(`Enrolled ${result.approved.name || 'unnamed'} (${result.approved.fingerprint}) in roster version ${result.serial}`);
      if (result.appliedBundles.length > 0) cli.out(`Applied ${result.appliedBundles.length} held bundle(s): ${result.appliedBundles.join(', ')}`);
      cli.out('Run outpost team export to hand the new roster to the team.');
    },
  },
  {
    name: 'team revoke',
    usage: 'outpost team revoke FINGERPRINT [--reason TEXT] [--json]',
    summary: "Revoke a device (coordinator): its events written after now are refused wherever the new roster reaches",
    positionals: [1, 1],
    options: { reason: { type: 'string' } },
    run: async (cli, args) => {
      const reason = stringOption(args, 'reason');
      await cli.unlock();
      const result = await cli.call('team.revoke', { fingerprint: args.positionals[0] ?? '', ...(reason !== undefined ? { reason } : {}) });
      if (cli.json) return cli.out(JSON.stringify(result));
      cli.out(`Revoked ${result.revoked.name || 'unnamed'} (${result.revoked.fingerprint}) at ${result.revoked.revokedAt}, roster version ${result.serial}`);
    },
  },
  {
    name: 'team roster',
    usage: 'outpost team roster [--json]',
    summary: 'List the team roster: enrolled and revoked devices, and join requests waiting',
    run: async (cli) => {
      await cli.unlock();
      const roster = await cli.call('team.roster', {});
      if (cli.json) return cli.out(JSON.stringify(roster));
      printRoster(cli, roster);
    },
  },
];
