/** Entry point of the `outpost` command (bundled to dist/electron/cli.cjs). */
import { runCli } from './cli/main';

// Output piped into `head` and the like: once the reader is gone, the rest of
// the output has nowhere to go. The command still finishes (and releases the
// vault) and exits with its usual code, without a stack trace.
process.stdout.on('error', (error: NodeJS.ErrnoException) => {
  if (error.code !== 'EPIPE') throw error;
});

runCli(process.argv.slice(2), { stdout: process.stdout, stderr: process.stderr, stdin: process.stdin, env: process.env }).then(
  (code) => {
    process.exitCode = code;
  },
  (error: unknown) => {
    process.stderr.write(`outpost: ${error instanceof Error ? error.message : String(error)}\n`);
    process.exitCode = 1;
  },
);
