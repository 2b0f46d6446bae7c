import { isPassiveCall } from '../../shared/api/passive-calls';
import { createDispatch, type Dispatch } from './dispatch';
import { createHandlers } from './handlers/index';
import { Vault, type VaultOptions } from './vault/vault';

export type Core = { vault: Vault; dispatch: Dispatch; close: () => Promise<void> };

export type CoreOptions = {
  vaultDir: string;
  kdf?: VaultOptions['kdf'];
  idleCheckMs?: number;
  /** Which program holds the vault's writer lock, and how long unlock waits for it (VaultOptions). */
  lock?: Pick<VaultOptions, 'program' | 'lockWaitMs' | 'lockClock'>;
  /** Remembers the folder chosen with vault.select for the next start. */
  persistSelection?: (dir: string) => Promise<void>;
  /** Sync on a schedule and on reconnect while unlocked (the app and the host; the CLI syncs only when told). */
  autoSync?: boolean;
  /** Shown with every vault status (VaultOptions.startupNotices). */
  startupNotices?: readonly string[];
};

/**
 * Everything a transport needs: one vault and the dispatcher over it. Every
 * call but a passive status poll counts as activity for the idle lock.
 */
export function createCore(options: CoreOptions): Core {
  const vault = new Vault({ dir: options.vaultDir, ...(options.kdf ? { kdf: options.kdf } : {}), ...(options.idleCheckMs ? { idleCheckMs: options.idleCheckMs } : {}), ...(options.startupNotices ? { startupNotices: options.startupNotices } : {}), ...options.lock });
  const inner = createDispatch(createHandlers(vault, { ...(options.persistSelection ? { persistSelection: options.persistSelection } : {}), ...(options.autoSync ? { autoSync: true } : {}) }));
  const dispatch: Dispatch = (method, args) => {
    if (!isPassiveCall(method, args)) vault.touch();
    return inner(method, args);
  };
  return { vault, dispatch, close: async () => void (await vault.lock()) };
}
