import { describe, expect, it } from 'vitest';
import { aadFor, AeadAuthError, open, seal, SEAL_OVERHEAD } from '../../../../electron/core/vault/store/aead';
import { deriveKek, kdfParamsProblem, newKdfParams, weakKdfCost, type KdfParams } from '../../../../electron/core/vault/store/kdf';
import { failureOf, testVault } from './fixtures/store-fixture';

const weak = { allowWeak: true };

describe('kdf', () => {
  it('derives the same 32-byte key from the same passphrase and params, NFC or not', async () => {
    const params = newKdfParams(weakKdfCost, weak);
    const a = await deriveKek('caf\u00e9 au lait', params, weak);
    const b = await deriveKek('cafe\u0301 au lait', params, weak);
    expect(a).toHaveLength(32);
    expect(a.equals(b)).toBe(true);
    expect((await deriveKek('cafe au lait', params, weak)).equals(a)).toBe(false);
  });

  it('refuses weak params unless asked for tests', async () => {
    expect(() => newKdfParams(weakKdfCost)).toThrow(/cost too low/);
    const params = newKdfParams(weakKdfCost, weak);
    expect((await failureOf(() => deriveKek('x', params), 'bad_request')).message).toMatch(/cost too low/);
  });

  it('bounds params from a header so a hostile one cannot allocate gigabytes', () => {
    const base: KdfParams = { ...newKdfParams(), N: 2 ** 17 };
    expect(kdfParamsProblem(base)).toBeUndefined();
    expect(kdfParamsProblem({ ...base, N: 2 ** 24 })).toMatch(/too high/);
    expect(kdfParamsProblem({ ...base, N: 2 ** 20, r: 8 })).toMatch(/too high/); // 1 GiB
    expect(kdfParamsProblem({ ...base, p: 1000 })).toMatch(/too high/);
    expect(kdfParamsProblem({ ...base, N: 3000 })).toMatch(/power of two/);
    expect(kdfParamsProblem({ ...base, keyLength: 16 })).toMatch(/keyLength/);
    expect(kdfParamsProblem({ ...base, salt: 'AAAA' })).toMatch(/salt/);
    expect(kdfParamsProblem({ ...base, name: 'pbkdf2' } as unknown as KdfParams)).toMatch(/unknown KDF/);
  });
});

describe('aead', () => {
  const { key, vaultId } = testVault();
  const aad = aadFor(vaultId, 'journal', 'case-1', 7);

  it('seals as nonce ‖ ciphertext ‖ tag with a fresh nonce each time', () => {
    const plain = Buffer.from('hello');
    const a = seal(key, plain, aad);
    const b = seal(key, plain, aad);
    expect(a).toHaveLength(plain.length + SEAL_OVERHEAD);
    expect(a.subarray(0, 12).equals(b.subarray(0, 12))).toBe(false);
    expect(open(key, a, aad).toString()).toBe('hello');
  });

  it('throws AeadAuthError for a wrong key, wrong AAD, a flipped bit or short input', () => {
    const sealed = seal(key, Buffer.from('hello'), aad);
    expect(() => open(testVault().key, sealed, aad)).toThrow(AeadAuthError);
    expect(() => open(key, sealed, aadFor(vaultId, 'journal', 'case-1', 8))).toThrow(AeadAuthError);
    for (let i = 0; i < sealed.length; i += 1) {
      const bad = Buffer.from(sealed);
      bad[i] = (bad[i] ?? 0) ^ 1;
      expect(() => open(key, bad, aad)).toThrow(AeadAuthError);
    }
    expect(() => open(key, sealed.subarray(0, 20), aad)).toThrow(AeadAuthError);
  });

  it('builds AAD that binds role and id, and refuses ambiguous parts', () => {
    expect(aadFor('ab', 'index', 'index')).toBe('outpost/v1|ab|index|index');
    expect(aadFor('ab', 'journal', 'c', 0)).toBe('outpost/v1|ab|journal|c|0');
    expect(() => aadFor('ab', 'journal', 'c|1')).toThrow();
    expect(() => aadFor('ab', 'journal', 'c', -1)).toThrow();
  });
});
