/**
 * A vault for benchmarks, driven through the real core (the API contract),
 * with a cheap KDF so that setting up many vaults does not dominate.
 */
import { randomUUID } from 'node:crypto';
import { createCore, type Core } from '../../../electron/core/core';
import { weakKdfCost } from '../../../electron/core/vault/store/kdf';
import type { BundleJobView } from '../../../shared/api/bundle-schemas';

export const PASSPHRASE = 'benchmark passphrase';
const kdf = { cost: weakKdfCost, allowWeak: true };

export type Desk = { core: Core; call: <T>(method: string, args: unknown) => Promise<T>; run: <T>(method: string, args: unknown) => Promise<T> };

export async function openDesk(vaultDir: string, create: boolean): Promise<Desk> {
  const core = createCore({ vaultDir, kdf });
  const call = async <T>(method: string, args: unknown): Promise<T> => {
    const result = await core.dispatch(method, args);
    if (!result.ok) throw new Error(`${method}: ${result.error.code}: ${result.error.message}`);
    return result.value as T;
  };
  const run = async <T>(method: string, args: unknown): Promise<T> => {
    const started = await call<{ jobId: string }>(method, args);
    for (;;) {
      const view = await call<BundleJobView>('job.wait', { jobId: started.jobId, timeoutMs: 5000 });
      if (view.state === 'running') continue;
      if (view.state !== 'done') throw new Error(`${method}: ${view.state} ${view.error?.message ?? ''}`);
      return view.result as T;
    }
  };
  await call(create ? 'vault.create' : 'vault.unlock', { passphrase: PASSPHRASE });
  return { core, call, run };
}

const note = (n: number) => ({ noteId: randomUUID(), text: `Observation ${n}: ${'lorem ipsum dolor sit amet '.repeat(4)}` });

/** Adds `count` notes to a case through the session (the API path is the same, one durable append each). */
export async function addNotes(core: Core, caseId: string, count: number): Promise<void> {
  const session = core.vault.unlocked();
  for (let i = 0; i < count; i++) await session.append(caseId, 'note.added', note(i));
}

export const round = (value: number) => Math.round(value * 1000) / 1000;
