import { randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { decryptBuffer, encryptBuffer, generateIdentity } from '../../../../electron/core/age';
import { encodeHeader, MAX_STANZAS, type Stanza } from '../../../../electron/core/age/header';

/** A well-formed header of `count` X25519 stanzas, none for us, MAC'd with a random file key. */
function headerOf(count: number): Buffer {
  const stanza = (): Stanza => ({ type: 'X25519', args: [randomBytes(32).toString('base64').replace(/=+$/, '')], body: randomBytes(32) });
  return encodeHeader(Array.from({ length: count }, stanza), randomBytes(16));
}

describe('age headers with very many recipient stanzas', () => {
  // The refusal comes from the parser, which runs before any stanza is unwrapped.
  it(`refuses more than ${MAX_STANZAS} stanzas while parsing the header`, async () => {
    const header = headerOf(7_500);
    expect(header.length).toBeGreaterThan(700_000);
    const file = Buffer.concat([header, randomBytes(16 + 64)]);
    await expect(decryptBuffer(file, { identities: [generateIdentity()] })).rejects.toThrow(`more than ${MAX_STANZAS} recipient stanzas`);
  });

  it(`still opens a file made for exactly ${MAX_STANZAS} recipients`, async () => {
    const identities = Array.from({ length: MAX_STANZAS }, () => generateIdentity());
    const secret = Buffer.from('for every enrolled device of a large team');
    const file = await encryptBuffer(secret, { recipients: identities });
    const last = identities[MAX_STANZAS - 1];
    if (!last) throw new Error('no identity');
    expect(await decryptBuffer(file, { identities: [last] })).toEqual(secret);
  }, 30_000);
});
