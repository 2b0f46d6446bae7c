import { createHash, generateKeyPairSync, sign } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { failingSignatures, type SignedHash } from '../../../../electron/core/vault/verify-signatures';

function signer() {
  const { publicKey, privateKey } = generateKeyPairSync('ed25519');
  const raw = Buffer.from(publicKey.export({ format: 'jwk' }).x as string, 'base64url').toString('base64');
  return (n: number): SignedHash => {
    const hash = createHash('sha256').update(`event ${n}`).digest();
    return { publicKey: raw, hash: hash.toString('hex'), sig: sign(null, hash, privateKey).toString('base64') };
  };
}

describe('checking many event signatures', () => {
  it('names exactly the failing ones, inline for a few and on worker threads for many', async () => {
    const ann = signer();
    const bea = signer();
    for (const count of [5, 2_000]) {
      const items = Array.from({ length: count }, (_, n) => (n % 2 === 0 ? ann(n) : bea(n)));
      expect(await failingSignatures(items)).toEqual([]);
      const bad = [1, 3, count - 1];
      const tampered = items.map((item, n) => {
        if (n === 1) return { ...item, sig: ann(n).sig }; // signed by another key
        if (n === 3) return { ...item, hash: createHash('sha256').update('altered').digest('hex') };
        if (n === count - 1) return { ...item, sig: 'not a signature' };
        return item;
      });
      expect(await failingSignatures(tampered)).toEqual(bad);
    }
  });

  it('refuses a malformed public key rather than throwing', async () => {
    const item = signer()(1);
    expect(await failingSignatures([{ ...item, publicKey: 'AAAA' }])).toEqual([0]);
    expect(await failingSignatures(Array.from({ length: 300 }, () => ({ ...item, publicKey: 'AAAA' })))).toHaveLength(300);
  });
});
