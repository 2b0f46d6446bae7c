import { ipcMain, type IpcMainInvokeEvent, type WebContents } from 'electron';
import { APP_ORIGIN } from './app-protocol';
import { API_CHANNEL, CHOOSE_FILE_CHANNEL, RESTART_CORE_CHANNEL } from './ipc-channel';
import { trustedSender, UNTRUSTED_FRAME, type IpcSender } from './ipc-gate';

function senderOf(event: IpcMainInvokeEvent): IpcSender {
  const frame = event.senderFrame;
  return { isMainFrame: frame !== null && frame === event.sender.mainFrame, url: frame?.url };
}

/**
 * The ipcMain handlers: each checks the sending frame; API calls then go to
 * the core process, whose answer (JSON text) goes back to the window as it
 * is, never parsed on this event loop. `chooseFile` opens the system's file
 * dialog (file-dialog.ts) and answers a path or null.
 */
export function serveApiOverIpc(
  dispatchJson: (method: unknown, args: unknown) => Promise<string>,
  restartCore: () => Promise<void>,
  chooseFile: (sender: WebContents, title: unknown) => Promise<string | null>,
): void {
  ipcMain.handle(API_CHANNEL, async (event: IpcMainInvokeEvent, method: unknown, args: unknown) => {
    if (!trustedSender(APP_ORIGIN, senderOf(event))) return JSON.stringify(UNTRUSTED_FRAME);
    return dispatchJson(method, args);
  });
  ipcMain.handle(RESTART_CORE_CHANNEL, async (event: IpcMainInvokeEvent) => {
    if (!trustedSender(APP_ORIGIN, senderOf(event))) return false;
    await restartCore();
    return true;
  });
  ipcMain.handle(CHOOSE_FILE_CHANNEL, async (event: IpcMainInvokeEvent, title: unknown) => {
    if (!trustedSender(APP_ORIGIN, senderOf(event))) return null;
    return chooseFile(event.sender, title);
  });
}
