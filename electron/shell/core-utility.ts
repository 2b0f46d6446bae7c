/**
 * The core process in the desktop app: an Electron utilityProcess running
 * the bundled electron/core-process/entry.ts, so the folds, the bundle and
 * evidence crypto and sync never run on the main process's event loop,
 * which moves and repaints the window.
 */
import { utilityProcess } from 'electron';
import type { CoreChild } from '../core-process/core-client';

export function forkUtilityCore(entryFile: string, args: string[]): CoreChild {
  const child = utilityProcess.fork(entryFile, args, { serviceName: 'Outpost core', stdio: 'inherit' });
  return {
    post: (message) => child.postMessage(message),
    onMessage: (listener) => child.on('message', listener),
    onExit: (listener) => child.once('exit', listener),
    kill: () => void child.kill(),
  };
}
