import { spawn, type ChildProcess } from 'node:child_process';
import { mkdir } from 'node:fs/promises';
import path from 'node:path';
import { test as base } from '@playwright/test';

const root = path.resolve(import.meta.dirname, '..', '..');
export const screenshotDir = path.join(root, 'test-results', 'screenshots');

export type Host = { url: string; origin: string; stop: () => Promise<void> };

/**
 * Starts `node dist/electron/host.cjs --vault DIR` (what `npm run start:web`
 * runs) and reads the URL it prints. The installation's settings (a vault
 * folder chosen in the app) go to a folder beside the vault, never to the
 * user's real configuration.
 */
export async function startHostProcess(vaultDir: string): Promise<Host> {
  const child: ChildProcess = spawn(process.execPath, [path.join(root, 'dist', 'electron', 'host.cjs'), '--vault', vaultDir], {
    stdio: ['ignore', 'pipe', 'pipe'],
    env: { ...process.env, OUTPOST_VAULT: '', OUTPOST_CONFIG_DIR: path.join(path.dirname(vaultDir), 'config') },
  });
  let output = '';
  const url = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`host did not start:\n${output}`)), 15_000);
    const onData = (chunk: Buffer) => {
      output += chunk.toString();
      const match = /Open:\s+(\S+)/.exec(output);
      if (match?.[1]) {
        clearTimeout(timer);
        resolve(match[1]);
      }
    };
    child.stdout?.on('data', onData);
    child.stderr?.on('data', onData);
    child.once('exit', (code) => reject(new Error(`host exited with ${String(code)}:\n${output}`)));
  });
  return {
    url,
    origin: new URL(url).origin,
    stop: () =>
      new Promise<void>((resolve) => {
        if (child.exitCode !== null) return resolve();
        child.once('exit', () => resolve());
        child.kill('SIGTERM');
      }),
  };
}

/** Each test gets its own vault folder and a host over it, stopped afterwards. */
export const test = base.extend<{ vaultDir: string; host: Host; shot: (name: string) => Promise<void> }>({
  vaultDir: async ({}, use, testInfo) => {
    const dir = testInfo.outputPath('vault');
    await use(dir);
  },
  host: async ({ vaultDir }, use) => {
    const host = await startHostProcess(vaultDir);
    await use(host);
    await host.stop();
  },
  shot: async ({ page }, use) => {
    await mkdir(screenshotDir, { recursive: true });
    await use(async (name) => {
      await page.screenshot({ path: path.join(screenshotDir, `${name}.png`), fullPage: true });
    });
  },
});

export { expect } from '@playwright/test';
