import type { ParseArgsConfig } from 'node:util';
import type { Input, Method, Output } from '../../shared/api/contract';
import { UsageError } from './exit-codes';

export type CliContext = {
  json: boolean;
  /** Calls the core through the API contract; a failure ends the command with its exit code. */
  call: <M extends Method>(method: M, input: Input<M>) => Promise<Output<M>>;
  /** Opens the vault with the passphrase from the usual sources. */
  unlock: () => Promise<void>;
  passphrase: (prompt?: string) => Promise<string>;
  out: (text: string) => void;
  progress: (text: string) => void;
};

export type ParsedArgs = { values: Record<string, string | boolean | string[] | undefined>; positionals: string[] };

export type Command = {
  /** e.g. "case create" */
  name: string;
  usage: string;
  summary: string;
  options?: NonNullable<ParseArgsConfig['options']>;
  /** How many positionals after the command words: [min, max]. */
  positionals?: [number, number];
  run: (context: CliContext, args: ParsedArgs) => Promise<void>;
};

export function stringOption(args: ParsedArgs, name: string): string | undefined {
  const value = args.values[name];
  return typeof value === 'string' ? value : undefined;
}

export function requiredOption(args: ParsedArgs, name: string): string {
  const value = stringOption(args, name);
  if (value === undefined) throw new UsageError(`--${name} is required`);
  return value;
}
