/**
 * The stores that hold what was read out of the vault (cases, evidence,
 * records, checklists, settings, sync and alerts). Each registers itself
 * when it is made; locking empties every one of them, back to the state it
 * started in, so nothing decrypted stays in the page behind the unlock
 * screen. A store that is not registered here must hold no vault data.
 */
import type { StoreApi, UseBoundStore } from 'zustand';

const resets = new Set<() => void>();

/** Registers `store` (just made) to be put back to its first state whenever the vault locks. */
export function holdsVaultData<S>(store: UseBoundStore<StoreApi<S>>): void {
  const initial = store.getState();
  resets.add(() => store.setState(initial, true));
}

/** Empties every store registered with holdsVaultData. */
export function clearVaultData(): void {
  for (const reset of resets) reset();
}
