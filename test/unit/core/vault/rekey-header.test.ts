import { describe, expect, it } from 'vitest';
import { beginRekey, finishRekey, unlockKeys } from '../../../../electron/core/vault/rekey/rekey-header';
import { createHeader, parseHeader, rewrapHeader, unlockHeader } from '../../../../electron/core/vault/store/header';
import { testKdf } from '../../../support/vault-fixture';

const passphrase = 'correct horse battery staple';
const opts = { allowWeak: true };

describe('vault.json during a replacement of the data key', () => {
  it('carries the new key and the retiring one, both under the passphrase, and drops the retiring one at the end', async () => {
    const { header, dataKey } = await createHeader(passphrase, testKdf.cost, opts);
    const { header: begun, newKey } = await beginRekey(header, dataKey, passphrase, testKdf.cost, opts);
    expect(begun.kdf.salt).not.toBe(header.kdf.salt);
    const text = JSON.stringify(begun);
    const parsed = parseHeader(text, 'vault.json', opts);
    const keys = await unlockKeys(parsed, passphrase, opts);
    expect(keys.current.equals(newKey)).toBe(true);
    expect(keys.retiring?.equals(dataKey)).toBe(true);
    await expect(unlockKeys(parsed, 'not the passphrase', opts)).rejects.toMatchObject({ code: 'wrong_passphrase' });

    // A second replacement and a passphrase change wait for this one to finish.
    await expect(beginRekey(parsed, newKey, passphrase, testKdf.cost, opts)).rejects.toMatchObject({ code: 'bad_request' });
    await expect(rewrapHeader(parsed, newKey, 'another passphrase', testKdf.cost, opts)).rejects.toMatchObject({ code: 'bad_request' });

    const finished = finishRekey(parsed);
    expect(finished).not.toHaveProperty('retiringKey');
    expect((await unlockHeader(finished, passphrase, opts)).equals(newKey)).toBe(true);
    expect((await unlockKeys(finished, passphrase, opts)).retiring).toBeNull();
  });

  it('refuses a retiring key swapped with the current one, or of the wrong length', async () => {
    const { header, dataKey } = await createHeader(passphrase, testKdf.cost, opts);
    const { header: begun } = await beginRekey(header, dataKey, passphrase, testKdf.cost, opts);
    const swapped = { ...begun, wrappedKey: begun.retiringKey ?? '', retiringKey: begun.wrappedKey };
    await expect(unlockKeys(parseHeader(JSON.stringify(swapped), 'vault.json', opts), passphrase, opts)).rejects.toMatchObject({ code: 'wrong_passphrase' });
    expect(() => parseHeader(JSON.stringify({ ...begun, retiringKey: Buffer.alloc(10).toString('base64') }), 'vault.json', opts)).toThrow(/retiringKey has the wrong length/);
  });
});
