import { ApiFailure } from '../../../shared/api/errors';
import type { ReplaceDataKeyJobView } from '../../../shared/api/vault-key-schemas';
import { jobsFor } from '../jobs/job-runner';
import type { Vault } from '../vault/vault';
import type { Handlers } from './types';

export type VaultHandlerOptions = { persistSelection?: (dir: string) => Promise<void> };

export function vaultHandlers(vault: Vault, options: VaultHandlerOptions = {}) {
  return {
    'vault.status': () => vault.status(),
    'vault.create': ({ passphrase, name, role }) => vault.create(passphrase, { ...(name !== undefined ? { name } : {}), ...(role !== undefined ? { role } : {}) }),
    'vault.unlock': ({ passphrase, readOnly }) => vault.unlock(passphrase, readOnly === true ? { readOnly } : {}),
    'vault.lock': () => vault.lock(),
    'vault.changePassphrase': ({ current, next }) => vault.changePassphrase(current, next),
    'vault.replaceDataKey': async ({ passphrase }) => {
      const session = vault.unlocked();
      if (session.readOnly) throw new ApiFailure('vault_read_only', 'The vault is open read-only (another program holds it): its data key cannot be replaced now');
      // A wrong passphrase fails the call itself, not a job the caller would have to wait for.
      await vault.checkPassphrase(passphrase);
      const job = jobsFor(session).start({ kind: 'vault.replaceDataKey', caseId: '', label: 'Replacing the data key' }, (context) =>
        vault.replaceDataKey(passphrase, {
          signal: context.signal,
          onProgress: (p) => context.progress({ phase: p.file ?? 'listing the files', done: p.bytesDone, total: p.bytesTotal, filesDone: p.filesDone, filesTotal: p.filesTotal }),
        }),
      );
      return job as ReplaceDataKeyJobView;
    },
    'vault.select': async ({ path }) => {
      const status = await vault.select(path);
      await options.persistSelection?.(status.path);
      return status;
    },
  } satisfies Partial<Handlers>;
}
