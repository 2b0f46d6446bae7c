/**
 * Helpers for the case-workspace end-to-end tests: driving the vault gate,
 * and calling the loopback host's HTTP API from Node (the same API the page
 * uses), to set up what the UI cannot make quickly: long histories, and
 * concurrent writes that end in conflicts.
 */
import type { Page } from '@playwright/test';
import type { BundleJobView } from '../../shared/api/bundle-schemas';
import type { Input, Method, Output } from '../../shared/api/contract';
import type { Result } from '../../shared/api/errors';
import { expect, startHostProcess, type Host } from './host-fixture';

export const passphrase = 'correct horse battery staple';

export async function createVault(page: Page, host: Host): Promise<void> {
  await page.goto(host.url);
  await page.getByLabel('Your name').fill('Ana Field');
  await page.getByLabel('Passphrase', { exact: true }).fill(passphrase);
  await page.getByLabel('Repeat passphrase').fill(passphrase);
  await page.getByRole('button', { name: 'Create vault' }).click();
  await expect(page.getByRole('navigation', { name: 'Cases' })).toBeVisible();
}

export async function unlock(page: Page, secret = passphrase): Promise<void> {
  await expect(page.getByRole('heading', { name: 'Unlock your vault' })).toBeVisible();
  await page.getByLabel('Passphrase').fill(secret);
  await page.getByRole('button', { name: 'Unlock' }).click();
}

export type ApiClient = <M extends Method>(method: M, input: Input<M>) => Promise<Output<M>>;

/** Calls the host's API as the page does: bearer token from the URL, the page's Origin. */
export function apiClient(host: Host): ApiClient {
  const token = host.url.split('#token=')[1] ?? '';
  return async (method, input) => {
    const response = await fetch(`${host.origin}/api/${method}`, {
      method: 'POST',
      headers: { Authorization: `Bearer ${token}`, 'Content-Type': 'application/json', Origin: host.origin },
      body: JSON.stringify(input),
    });
    const result = (await response.json()) as Result<never>;
    if (!result.ok) throw new Error(`${method}: ${result.error.code}: ${result.error.message}`);
    return result.value;
  };
}

/** Follows a job (bundle export or import, evidence attach) through the API to its end; a job that does not end done fails the test. */
export async function finishJob(call: ApiClient, started: { jobId: string }): Promise<BundleJobView> {
  for (;;) {
    const view = (await call('job.wait', { jobId: started.jobId, timeoutMs: 5000 })) as unknown as BundleJobView;
    if (view.state !== 'running') {
      if (view.state !== 'done') throw new Error(`job ${view.kind} ${view.state}: ${view.error?.message ?? ''}`);
      return view;
    }
  }
}

/** Other devices of a test, each a host process over a fresh vault; `stopAll` in a finally. */
export function devicePool(vaultDirOf: (name: string) => string): { start: (name: string) => Promise<ApiClient>; stopAll: () => Promise<void> } {
  const hosts: Host[] = [];
  return {
    start: async (name) => {
      const host = await startHostProcess(vaultDirOf(name));
      hosts.push(host);
      const call = apiClient(host);
      await call('vault.create', { passphrase });
      return call;
    },
    stopAll: async () => {
      await Promise.all(hosts.map((h) => h.stop()));
    },
  };
}

export function caseRow(page: Page, title: string | RegExp) {
  return page.getByRole('navigation', { name: 'Cases' }).getByRole('button', { name: title });
}
