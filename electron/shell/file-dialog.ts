import { BrowserWindow, dialog, type WebContents } from 'electron';

/**
 * The system's open-file dialog over the window that asked (served on its
 * own IPC channel, see ipc.ts), so that evidence intake needs no typed path
 * in the desktop app. It only answers a path: the core opens and checks the
 * file as it does any other (absolute path, regular file).
 */
export async function chooseFileFor(sender: WebContents, title: unknown): Promise<string | null> {
  const options = { title: typeof title === 'string' ? title.slice(0, 200) : 'Choose a file', properties: ['openFile' as const, 'dontAddToRecent' as const] };
  const parent = BrowserWindow.fromWebContents(sender);
  const chosen = parent ? await dialog.showOpenDialog(parent, options) : await dialog.showOpenDialog(options);
  return chosen.canceled ? null : (chosen.filePaths[0] ?? null);
}
