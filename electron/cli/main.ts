/**
 * `outpost`: the command line for coordinators and automation. It calls the
 * same core as the app through the same API contract, so every rule holds
 * here too. Conventions (../shared/DESIGN.md): --vault DIR or OUTPOST_VAULT;
 * the passphrase from OUTPOST_PASSPHRASE, --passphrase-file or a prompt;
 * --json for machine-readable stdout; progress on stderr; exit codes 0 ok,
 * 1 operational error, 2 usage error, 3 verification failed / input rejected.
 */
import { parseArgs } from 'node:util';
import type { ApiError } from '../../shared/api/errors';
import { readAppSettings } from '../core/app-settings';
import { createCore } from '../core/core';
import { resolveVaultDir } from '../core/paths';
import type { CliContext, Command } from './command';
import { bundleCommands } from './commands/bundle';
import { caseCommands } from './commands/case';
import { evidenceCommands } from './commands/evidence';
import { keysCommands } from './commands/keys';
import { playbookCommands } from './commands/playbook';
import { teamCommands } from './commands/team';
import { vaultCommands } from './commands/vault';
import { exitCodeFor, exitCodes, UsageError } from './exit-codes';
import { readPassphrase } from './passphrase';

const commands: Command[] = [...vaultCommands, ...caseCommands, ...evidenceCommands, ...playbookCommands, ...keysCommands, ...teamCommands, ...bundleCommands];

const globalOptions = {
  vault: { type: 'string' },
  'passphrase-file': { type: 'string' },
  json: { type: 'boolean' },
  help: { type: 'boolean', short: 'h' },
} as const;

class CommandFailed extends Error {
  constructor(readonly error: ApiError) {
    super(error.message);
  }
}

function help(): string {
  const lines = commands.map((c) => `  ${c.usage}\n      ${c.summary}`);
  return [
    'Usage: outpost <command> [options]',
    '',
    'Commands:',
    ...lines,
    '',
    'Common options: --vault DIR (or OUTPOST_VAULT), --passphrase-file F (or OUTPOST_PASSPHRASE), --json',
    'Exit codes: 0 success, 1 operational error, 2 usage error, 3 verification failed or input rejected',
  ].join('\n');
}

function findCommand(argv: string[]): { command: Command; rest: string[] } | null {
  const words = argv.filter((a) => !a.startsWith('-')).slice(0, 2).join(' ');
  const command = commands.find((c) => c.name === words);
  if (!command) return null;
  const [first, second] = command.name.split(' ');
  const rest = [...argv];
  rest.splice(rest.indexOf(first ?? ''), 1);
  rest.splice(rest.indexOf(second ?? ''), 1);
  return { command, rest };
}

export async function runCli(argv: string[], io: { stdout: NodeJS.WriteStream; stderr: NodeJS.WriteStream; stdin: NodeJS.ReadStream; env: NodeJS.ProcessEnv }): Promise<number> {
  const found = findCommand(argv);
  if (!found) {
    const asked = argv.length === 0 || argv.includes('--help') || argv.includes('-h') || argv[0] === 'help';
    (asked ? io.stdout : io.stderr).write(`${asked ? '' : `outpost: unknown command "${argv.filter((a) => !a.startsWith('-')).join(' ')}"\n\n`}${help()}\n`);
    return asked ? exitCodes.ok : exitCodes.usage;
  }
  const { command, rest } = found;
  try {
    const parsed = parseArgs({ args: rest, options: { ...globalOptions, ...command.options }, allowPositionals: true, strict: true });
    if (parsed.values.help) {
      io.stdout.write(`${command.usage}\n  ${command.summary}\n`);
      return exitCodes.ok;
    }
    const [min, max] = command.positionals ?? [0, 0];
    if (parsed.positionals.length < min || parsed.positionals.length > max) {
      throw new UsageError(`expected ${min === max ? min : `${min} to ${max}`} argument(s)`);
    }
    const vaultFlag = typeof parsed.values.vault === 'string' ? parsed.values.vault : undefined;
    const settings = await readAppSettings(io.env);
    const core = createCore({ vaultDir: resolveVaultDir({ flag: vaultFlag, env: io.env, setting: settings.vaultDir }) });
    const passphraseFile = typeof parsed.values['passphrase-file'] === 'string' ? parsed.values['passphrase-file'] : undefined;
    const call: CliContext['call'] = async (method, input) => {
      const result = await core.dispatch(method, input);
      if (!result.ok) throw new CommandFailed(result.error);
      return result.value as never;
    };
    const passphrase = (prompt?: string) => readPassphrase({ passphraseFile, env: io.env, stdin: io.stdin, stderr: io.stderr }, prompt);
    const context: CliContext = {
      json: parsed.values.json === true,
      call,
      passphrase,
      unlock: async () => {
        await call('vault.unlock', { passphrase: await passphrase() });
      },
      out: (text) => io.stdout.write(`${text}\n`),
      progress: (text) => io.stderr.write(`${text}\n`),
    };
    try {
      await command.run(context, parsed);
    } finally {
      await core.close();
      for (const warning of core.vault.takeLockWarnings()) io.stderr.write(`outpost: warning: ${warning}\n`);
    }
    return exitCodes.ok;
  } catch (error) {
    if (error instanceof CommandFailed) {
      io.stderr.write(`outpost: ${error.error.message}\n`);
      return exitCodeFor(error.error.code);
    }
    if (error instanceof UsageError || (error instanceof TypeError && 'code' in error && String(error.code).startsWith('ERR_PARSE_ARGS'))) {
      io.stderr.write(`outpost: ${error.message}\nUsage: ${command.usage}\n`);
      return exitCodes.usage;
    }
    io.stderr.write(`outpost: ${error instanceof Error ? error.message : String(error)}\n`);
    return exitCodes.operational;
  }
}
