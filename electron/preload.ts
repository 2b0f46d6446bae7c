/**
 * Runs in the sandboxed renderer before the page. Exposes exactly one
 * function, `window.outpost.call(method, args)`, which forwards to the single
 * IPC channel; main validates both. The renderer wraps it in a typed client.
 */
import { contextBridge, ipcRenderer } from 'electron';
import { API_CHANNEL } from './shell/ipc-channel';

contextBridge.exposeInMainWorld('outpost', {
  call: (method: string, args: unknown): Promise<unknown> => ipcRenderer.invoke(API_CHANNEL, method, args),
});
