/**
 * The preload is the page's only door out of its sandbox: what it exposes
 * must be exactly PRELOAD_SURFACE, which the Electron shell test checks in
 * the real window too. Here the preload runs against a recording stand-in
 * for the `electron` module, so a change to its surface is seen on every
 * machine, also where the Electron runtime is absent.
 */
import { describe, expect, it, vi } from 'vitest';
import { API_CHANNEL, CHOOSE_FILE_CHANNEL, PRELOAD_SURFACE, RESTART_CORE_CHANNEL } from '../../../electron/shell/ipc-channel';

const exposed = new Map<string, Record<string, unknown>>();
const invoked: unknown[][] = [];

vi.mock('electron', () => ({
  contextBridge: { exposeInMainWorld: (key: string, api: Record<string, unknown>) => exposed.set(key, api) },
  ipcRenderer: { invoke: (...args: unknown[]) => (invoked.push(args), Promise.resolve(args[0] === API_CHANNEL ? '{"ok":true,"value":[]}' : true)) },
  webUtils: { getPathForFile: () => '/evidence/disk.img' },
}));

describe('the preload script', () => {
  it('exposes window.outpost with exactly the preload surface, forwarding calls to the one channel, restarts and the file dialog to their own', async () => {
    await import('../../../electron/preload');
    expect([...exposed.keys()]).toEqual(['outpost']);
    const api = exposed.get('outpost') ?? {};
    expect(Object.keys(api)).toEqual([...PRELOAD_SURFACE]);
    // Main answers JSON text; the page gets the parsed Result.
    expect(await (api['call'] as (m: string, a: unknown) => Promise<unknown>)('case.list', {})).toEqual({ ok: true, value: [] });
    expect(invoked).toEqual([[API_CHANNEL, 'case.list', {}]]);
    expect((api['pathForFile'] as (f: unknown) => string)({})).toBe('/evidence/disk.img');
    await (api['restartCore'] as () => Promise<unknown>)();
    expect(invoked.at(-1)).toEqual([RESTART_CORE_CHANNEL]);
    await (api['chooseFile'] as (title: string) => Promise<unknown>)('Attach a file to E-001');
    expect(invoked.at(-1)).toEqual([CHOOSE_FILE_CHANNEL, 'Attach a file to E-001']);
  });
});
