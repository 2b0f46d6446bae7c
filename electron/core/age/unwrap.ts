/**
 * From a parsed header and the caller's identities to the file key: try each
 * identity against each stanza (in the caller's order, as age does), check
 * the header MAC, and explain a failure in words that fit the situation
 * (wrong passphrase, a file meant for someone else, post-quantum keys).
 *
 * Stanzas of unknown types are skipped (age's "grease"); a malformed stanza
 * of a type we handle is a header error, not a silent non-match.
 */
import { AgeError, headerError } from './age-error';
import { type ChaChaBackend } from './chacha';
import { macMatches, type Header } from './header';
import { unwrapScrypt, type PassphraseIdentity } from './scrypt';
import { unwrapX25519, type X25519Identity } from './x25519';

export type Identity = X25519Identity | PassphraseIdentity;

const PQ_STANZA = 'mlkem768x25519';

export async function unwrapFileKey(header: Header, identities: readonly Identity[], backend: ChaChaBackend): Promise<{ fileKey: Buffer; matched: Identity }> {
  const types = header.stanzas.map((stanza) => stanza.type);
  if (types.includes('scrypt') && types.length !== 1) throw headerError('a passphrase stanza must be the only recipient stanza of a file');
  if (identities.length === 0) throw new AgeError('no-match', 'No key or passphrase was given to open the file', { reason: 'no-identities' });
  for (const identity of identities) {
    for (const stanza of header.stanzas) {
      const fileKey = identity.kind === 'x25519' ? unwrapX25519(stanza, identity, backend) : await unwrapScrypt(stanza, identity, backend);
      if (fileKey === null) continue;
      if (!macMatches(fileKey, header)) throw new AgeError('hmac', 'The file was altered (its header does not match its MAC)');
      return { fileKey, matched: identity };
    }
  }
  throw noMatch(types, identities);
}

function noMatch(types: readonly string[], identities: readonly Identity[]): AgeError {
  const passphraseFile = types.includes('scrypt');
  const hasPassphrase = identities.some((identity) => identity.kind === 'passphrase');
  const hasKey = identities.some((identity) => identity.kind === 'x25519');
  if (passphraseFile && hasPassphrase) return new AgeError('no-match', 'The passphrase is wrong', { reason: 'wrong-passphrase' });
  if (passphraseFile) return new AgeError('no-match', 'This file is protected by a passphrase, not encrypted to your keys', { reason: 'needs-passphrase' });
  if (types.includes(PQ_STANZA) && !types.includes('X25519')) {
    return new AgeError('unsupported', 'This file is encrypted to post-quantum keys (mlkem768x25519), which are not supported');
  }
  if (!hasKey) return new AgeError('no-match', 'This file is encrypted to keys, not protected by a passphrase', { reason: 'needs-keys' });
  return new AgeError('no-match', 'This file is not encrypted to any of your keys', { reason: 'other-recipients' });
}
