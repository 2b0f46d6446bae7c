/**
 * The app in Debian's Chromium for benchmarks that measure what a person
 * sees: builds dist/ if needed, serves a prepared vault through the real
 * loopback host (in this process), opens the page and unlocks the vault.
 */
import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import path from 'node:path';
import { chromium, type Browser, type Page } from '@playwright/test';
import { createCore } from '../../../electron/core/core';
import { startHost } from '../../../electron/host/server';
import { weakKdfCost } from '../../../electron/core/vault/store/kdf';

export type BrowserApp = { page: Page; close: () => Promise<void> };

const root = path.resolve(process.cwd());

export async function openApp(vaultDir: string, passphrase: string): Promise<BrowserApp> {
  const staticDir = path.join(root, 'dist', 'renderer');
  if (!existsSync(path.join(staticDir, 'index.html'))) execFileSync(process.execPath, [path.join(root, 'build', 'bundle.mjs'), '--quiet'], { stdio: 'inherit' });
  const core = createCore({ vaultDir, kdf: { cost: weakKdfCost, allowWeak: true } });
  const host = await startHost({ dispatch: core.dispatch, staticDir });
  let browser: Browser | null = null;
  try {
    browser = await chromium.launch({
      executablePath: process.env['OUTPOST_CHROMIUM'] ?? '/usr/bin/chromium',
      args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run', '--disable-quic'],
    });
    const page = await browser.newPage({ viewport: { width: 1280, height: 800 } });
    await page.goto(host.url);
    await page.getByLabel('Passphrase').fill(passphrase);
    await page.getByRole('button', { name: 'Unlock' }).click();
    await page.getByRole('navigation', { name: 'Cases' }).waitFor();
    const opened = browser;
    return {
      page,
      close: async () => {
        await opened.close();
        await host.close();
        await core.close();
      },
    };
  } catch (error) {
    await browser?.close();
    await host.close();
    await core.close();
    throw error;
  }
}

/**
 * Scrolls the element matching `selector` from top to bottom and back over
 * `frames` animation frames, one step per frame, and returns the duration
 * of every frame (ms): what a person feels as smoothness.
 */
export async function scrollFrameTimes(page: Page, selector: string, frames: number): Promise<number[]> {
  return page.evaluate(
    ({ selector, frames }) =>
      new Promise<number[]>((resolve, reject) => {
        const element = document.querySelector(selector);
        if (!element) return reject(new Error(`nothing matches ${selector}`));
        const half = frames / 2;
        const times: number[] = [];
        let last = performance.now();
        let n = 0;
        const tick = (now: number) => {
          times.push(now - last);
          last = now;
          if (++n >= frames) return resolve(times.slice(1));
          const max = element.scrollHeight - element.clientHeight;
          element.scrollTop = n <= half ? (max * n) / half : (max * (frames - n)) / half;
          requestAnimationFrame(tick);
        };
        requestAnimationFrame(tick);
      }),
    { selector, frames },
  );
}

export function percentile(values: number[], p: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? Number.NaN;
}
