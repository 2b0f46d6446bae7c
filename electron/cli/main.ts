/**
 * `outpost`: the command line for coordinators and automation. It calls the
 * same core as the app through the same API contract, so every rule holds
 * here too. Conventions (../shared/DESIGN.md): --vault DIR or OUTPOST_VAULT;
 * the passphrase from OUTPOST_PASSPHRASE, --passphrase-file or a prompt;
 * --json for machine-readable stdout; progress on stderr; exit codes 0 ok,
 * 1 operational error, 2 usage error, 3 verification failed / input rejected,
 * 4 the vault is held by another program (--wait SECONDS waits for it).
 */
import { parseArgs } from 'node:util';
import type { ApiError } from '../../shared/api/errors';
import { readAppSettings } from '../core/app-settings';
import { createCore } from '../core/core';
import { resolveVaultDir } from '../core/paths';
import type { LockClock } from '../core/vault/writer-lock';
import type { CliContext, Command } from './command';
import { bundleCommands } from './commands/bundle';
import { caseCommands } from './commands/case';
import { evidenceCommands } from './commands/evidence';
import { keysCommands } from './commands/keys';
import { playbookCommands } from './commands/playbook';
import { teamCommands } from './commands/team';
import { syncCommands } from './commands/sync';
import { teamRosterCommands } from './commands/team-roster';
import { vaultCommands } from './commands/vault';
import { exitCodeFor, exitCodes, InputNotTaken, UsageError } from './exit-codes';
import { readPassphrase } from './passphrase';

const commands: Command[] = [...vaultCommands, ...caseCommands, ...evidenceCommands, ...playbookCommands, ...keysCommands, ...teamCommands, ...teamRosterCommands, ...bundleCommands, ...syncCommands];

const globalOptions = {
  vault: { type: 'string' },
  'passphrase-file': { type: 'string' },
  json: { type: 'boolean' },
  wait: { type: 'string' },
  help: { type: 'boolean', short: 'h' },
} as const;

/** The global options that take a value: that value is not a command word. */
const valueOptions = new Set(Object.entries(globalOptions).flatMap(([name, option]) => (option.type === 'string' ? [`--${name}`] : [])));

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
    'Common options: --vault DIR (or OUTPOST_VAULT), --passphrase-file F (or OUTPOST_PASSPHRASE), --json,',
    '  --wait SECONDS (wait that long for a vault another program holds; 0 by default)',
    'Exit codes: 0 success, 1 operational error, 2 usage error, 3 verification failed or input rejected, 4 vault busy',
  ].join('\n');
}

/** Positions of the words that are not options nor the value of a global option (`--vault DIR case list`). */
function wordPositions(argv: string[]): number[] {
  const positions: number[] = [];
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i] ?? '';
    if (arg === '--') break;
    if (valueOptions.has(arg)) i++;
    else if (!arg.startsWith('-')) positions.push(i);
  }
  return positions;
}

function findCommand(argv: string[]): { command: Command; rest: string[] } | null {
  const at = wordPositions(argv).slice(0, 2);
  const words = at.map((i) => argv[i]).join(' ');
  const command = commands.find((c) => c.name === words);
  if (!command) return null;
  return { command, rest: argv.filter((_, i) => !at.includes(i)) };
}

function waitMs(value: string | boolean | undefined): number {
  if (value === undefined) return 0;
  const seconds = typeof value === 'string' && /^\d+(\.\d+)?$/.test(value) ? Number(value) : NaN;
  if (!Number.isFinite(seconds) || seconds > 86_400) throw new UsageError(`--wait takes a number of seconds from 0 to 86400, not ${String(value)}`);
  return Math.round(seconds * 1000);
}

export type CliOptions = { /** Tests pass a clock so that --wait needs no real waiting. */ lockClock?: LockClock };

export async function runCli(
  argv: string[],
  io: { stdout: NodeJS.WriteStream; stderr: NodeJS.WriteStream; stdin: NodeJS.ReadStream; env: NodeJS.ProcessEnv },
  options: CliOptions = {},
): Promise<number> {
  const found = findCommand(argv);
  if (!found) {
    const asked = argv.length === 0 || argv.includes('--help') || argv.includes('-h') || argv[0] === 'help';
    (asked ? io.stdout : io.stderr).write(`${asked ? '' : `outpost: unknown command "${wordPositions(argv).map((i) => argv[i]).join(' ')}"\n\n`}${help()}\n`);
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
    const { settings, notices } = await readAppSettings(io.env);
    for (const notice of notices) io.stderr.write(`outpost: ${notice}\n`);
    const lock = { program: 'cli', lockWaitMs: waitMs(parsed.values.wait), ...(options.lockClock ? { lockClock: options.lockClock } : {}) } as const;
    const core = createCore({ vaultDir: resolveVaultDir({ flag: vaultFlag, env: io.env, setting: settings.vaultDir }), lock });
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
        const status = await call('vault.unlock', { passphrase: await passphrase() });
        // E.g. that a dead process's writer lock was taken over.
        for (const notice of status.notices ?? []) io.stderr.write(`outpost: ${notice}\n`);
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
    if (error instanceof InputNotTaken) {
      io.stderr.write(`outpost: ${error.message}\n`);
      return exitCodes.rejected;
    }
    if (error instanceof UsageError || (error instanceof TypeError && 'code' in error && String(error.code).startsWith('ERR_PARSE_ARGS'))) {
      io.stderr.write(`outpost: ${error.message}\nUsage: ${command.usage}\n`);
      return exitCodes.usage;
    }
    io.stderr.write(`outpost: ${error instanceof Error ? error.message : String(error)}\n`);
    return exitCodes.operational;
  }
}
