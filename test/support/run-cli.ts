import os from 'node:os';
import path from 'node:path';
import { PassThrough } from 'node:stream';
import { runCli, type CliOptions } from '../../electron/cli/main';

export type CliRun = { code: number; stdout: string; stderr: string };

/** A configuration folder that never exists, unless a test names its own: the user's own settings stay out of tests. */
const NO_CONFIG = path.join(os.tmpdir(), `outpost-test-no-config-${process.pid}`);

/** Runs the CLI in-process with captured output and no terminal, as a script would. */
export async function runOutpost(args: string[], env: Record<string, string | undefined> = {}, options: CliOptions = {}): Promise<CliRun> {
  const stdout = new PassThrough();
  const stderr = new PassThrough();
  const stdin = new PassThrough();
  let out = '';
  let err = '';
  stdout.on('data', (c: Buffer) => (out += c.toString()));
  stderr.on('data', (c: Buffer) => (err += c.toString()));
  const code = await runCli(args, {
    stdout: stdout as unknown as NodeJS.WriteStream,
    stderr: stderr as unknown as NodeJS.WriteStream,
    stdin: stdin as unknown as NodeJS.ReadStream,
    env: { PATH: process.env['PATH'], OUTPOST_CONFIG_DIR: NO_CONFIG, ...env },
  }, options);
  return { code, stdout: out, stderr: err };
}
