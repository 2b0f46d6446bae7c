/**
 * The core process under plain Node: child_process.fork of the bundled entry
 * (./entry.ts), standing in for Electron's utilityProcess in the tests and
 * benchmarks. Messages use the structured clone, as utilityProcess does.
 */
import { fork } from 'node:child_process';
import type { CoreChild } from './core-client';

export function forkCore(entryFile: string, args: string[], env: NodeJS.ProcessEnv = process.env): CoreChild & { pid: number | undefined } {
  const child = fork(entryFile, args, { env, serialization: 'advanced', stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
  // A message posted to a process that just died fails here; its exit, which follows, answers the call.
  child.on('error', () => undefined);
  return {
    pid: child.pid,
    post: (message) => void child.send(message, () => undefined),
    onMessage: (listener) => child.on('message', listener),
    onExit: (listener) => child.once('exit', (code, signal) => listener(code ?? (signal ? -1 : null))),
    kill: () => void child.kill('SIGKILL'),
  };
}
