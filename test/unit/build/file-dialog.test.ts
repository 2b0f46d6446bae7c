/**
 * Main's open-file dialog for evidence intake, against a recording stand-in
 * for the `electron` module (the runtime is absent on test machines): only
 * the app's own top-level frame gets a dialog, and the answer is a path or null.
 */
import { beforeEach, describe, expect, it, vi } from 'vitest';
import { CHOOSE_FILE_CHANNEL } from '../../../electron/shell/ipc-channel';

type Handler = (event: unknown, ...args: unknown[]) => Promise<unknown>;
const handlers = new Map<string, Handler>();
const shown: unknown[][] = [];
let answer: { canceled: boolean; filePaths: string[] } = { canceled: false, filePaths: [] };
const parentWindow = { id: 1 };

vi.mock('electron', () => ({
  ipcMain: { handle: (channel: string, handler: Handler) => handlers.set(channel, handler) },
  dialog: { showOpenDialog: (...args: unknown[]) => (shown.push(args), Promise.resolve(answer)) },
  BrowserWindow: { fromWebContents: () => parentWindow },
  protocol: { registerSchemesAsPrivileged: () => undefined, handle: () => undefined },
}));

function eventFrom(url: string, top = true) {
  const frame = { url };
  return { senderFrame: frame, sender: { mainFrame: top ? frame : { url } } };
}

describe('the file dialog channel', () => {
  beforeEach(async () => {
    shown.length = 0;
    const { chooseFileFor } = await import('../../../electron/shell/file-dialog');
    const { serveApiOverIpc } = await import('../../../electron/shell/ipc');
    serveApiOverIpc(() => Promise.resolve('{}'), () => Promise.resolve(), chooseFileFor);
  });

  it('opens the system dialog for the app’s own window and answers the chosen path, or null when cancelled', async () => {
    const choose = handlers.get(CHOOSE_FILE_CHANNEL);
    if (!choose) throw new Error('no handler');
    answer = { canceled: false, filePaths: ['/media/usb/fin-fs01.E01'] };
    expect(await choose(eventFrom('app://outpost/index.html'), 'Attach a file to E-001')).toBe('/media/usb/fin-fs01.E01');
    expect(shown).toEqual([[parentWindow, { title: 'Attach a file to E-001', properties: ['openFile', 'dontAddToRecent'] }]]);
    answer = { canceled: true, filePaths: [] };
    expect(await choose(eventFrom('app://outpost/index.html'), 'x')).toBeNull();
  });

  it('shows nothing to another origin or to a subframe', async () => {
    const choose = handlers.get(CHOOSE_FILE_CHANNEL);
    if (!choose) throw new Error('no handler');
    answer = { canceled: false, filePaths: ['/etc/shadow'] };
    expect(await choose(eventFrom('https://evil.example/'), 'x')).toBeNull();
    expect(await choose(eventFrom('app://outpost/index.html', false), 'x')).toBeNull();
    expect(shown).toEqual([]);
  });
});
