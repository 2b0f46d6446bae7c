import { ipcMain, type IpcMainInvokeEvent } from 'electron';
import type { Dispatch } from '../core/dispatch';
import { APP_ORIGIN } from './app-protocol';
import { API_CHANNEL } from './ipc-channel';
import { gateIpcCall } from './ipc-gate';

/** The only ipcMain handler: checks the sending frame, then runs the shared dispatcher. */
export function serveApiOverIpc(dispatch: Dispatch): void {
  ipcMain.handle(API_CHANNEL, (event: IpcMainInvokeEvent, method: unknown, args: unknown) => {
    const frame = event.senderFrame;
    const sender = { isMainFrame: frame !== null && frame === event.sender.mainFrame, url: frame?.url };
    return gateIpcCall(dispatch, APP_ORIGIN, sender, method, args);
  });
}
