/**
 * Runs in the sandboxed renderer before the page. Exposes
 * `window.outpost.call(method, args)`, which forwards to the single IPC
 * channel (main validates both; the renderer wraps it in a typed client),
 * `pathForFile(file)`, the path of a dropped file for evidence intake, and
 * `restartCore()`, after the core process stopped, and `chooseFile()`, the
 * system's open-file dialog for evidence intake.
 */
import { contextBridge, ipcRenderer, webUtils } from 'electron';
import { API_CHANNEL, CHOOSE_FILE_CHANNEL, RESTART_CORE_CHANNEL } from './shell/ipc-channel';

contextBridge.exposeInMainWorld('outpost', {
  // Main passes the core's answer on as JSON text; it is parsed here, off main's event loop.
  call: async (method: string, args: unknown): Promise<unknown> => JSON.parse((await ipcRenderer.invoke(API_CHANNEL, method, args)) as string) as unknown,
  /** The path of a file dropped on the window (evidence intake); '' when it has none. */
  pathForFile: (file: File): string => webUtils.getPathForFile(file),
  /** Starts the core process again after it stopped; true once it runs. */
  restartCore: (): Promise<boolean> => ipcRenderer.invoke(RESTART_CORE_CHANNEL) as Promise<boolean>,
  /** Opens the system's file dialog; the absolute path chosen, or null when cancelled. */
  chooseFile: (title: string): Promise<string | null> => ipcRenderer.invoke(CHOOSE_FILE_CHANNEL, title) as Promise<string | null>,
});
