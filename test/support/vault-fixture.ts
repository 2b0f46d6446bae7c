import { createCore, type Core } from '../../electron/core/core';
import type { VaultSession } from '../../electron/core/vault/session';
import { weakKdfCost } from '../../electron/core/vault/store/kdf';
import { Vault, type VaultOptions } from '../../electron/core/vault/vault';

export const PASSPHRASE = 'correct horse battery staple';

/** A fast KDF keeps tests quick; the KDF itself is tested in test/unit/core/store. */
export const testKdf = { cost: weakKdfCost, allowWeak: true };

export function testVault(dir: string, options: Omit<VaultOptions, 'dir' | 'kdf'> = {}): Vault {
  return new Vault({ dir, kdf: testKdf, defaultActor: 'Test Responder', ...options });
}

export function testCore(dir: string): Core {
  return createCore({ vaultDir: dir, kdf: testKdf });
}

export async function newSession(dir: string): Promise<{ vault: Vault; session: VaultSession }> {
  const vault = testVault(dir);
  await vault.create(PASSPHRASE);
  return { vault, session: vault.unlocked() };
}

export const openingPayload = (title: string) => ({ title, category: 'malicious-code', priority: 'high', status: 'new', site: 'Lyon' }) as const;
