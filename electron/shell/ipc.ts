import { ipcMain, type IpcMainInvokeEvent } from 'electron';
import type { Dispatch } from '../core/dispatch';
import { APP_ORIGIN } from './app-protocol';
import { API_CHANNEL, RESTART_CORE_CHANNEL } from './ipc-channel';
import { gateIpcCall, trustedSender, type IpcSender } from './ipc-gate';

function senderOf(event: IpcMainInvokeEvent): IpcSender {
  const frame = event.senderFrame;
  return { isMainFrame: frame !== null && frame === event.sender.mainFrame, url: frame?.url };
}

/** The ipcMain handlers: each checks the sending frame; API calls then go to the dispatcher (the core process). */
export function serveApiOverIpc(dispatch: Dispatch, restartCore: () => Promise<void>): void {
  ipcMain.handle(API_CHANNEL, (event: IpcMainInvokeEvent, method: unknown, args: unknown) => gateIpcCall(dispatch, APP_ORIGIN, senderOf(event), method, args));
  ipcMain.handle(RESTART_CORE_CHANNEL, async (event: IpcMainInvokeEvent) => {
    if (!trustedSender(APP_ORIGIN, senderOf(event))) return false;
    await restartCore();
    return true;
  });
}
