import { describe, expect, it } from 'vitest';
import { makeTempDir } from '../../../support/temp-dir';
import { PASSPHRASE, testCore } from '../../../support/vault-fixture';

describe('the status while the vault is being locked', () => {
  it('never names this very session as another program holding the vault', async () => {
    const { dir, cleanup } = await makeTempDir();
    const core = testCore(dir);
    try {
      expect(await core.dispatch('vault.create', { passphrase: PASSPHRASE })).toMatchObject({ ok: true });
      const session = core.vault.unlocked();
      // A status asked for while the session closes (its index written, its journals closed), before its lock is released.
      let during: unknown = null;
      const close = session.close.bind(session);
      session.close = async () => {
        during = await core.vault.status();
        return close();
      };
      await core.vault.lock();
      expect(during).toEqual({ state: 'locked', path: dir });
      expect(await core.vault.status()).toEqual({ state: 'locked', path: dir });
    } finally {
      await core.close();
      await cleanup();
    }
  });
});
