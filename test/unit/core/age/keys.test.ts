import { describe, expect, it } from 'vitest';
import { AgeError } from '../../../../electron/core/age/age-error';
import { checkRecipients, createEncryptStream } from '../../../../electron/core/age/encrypt';
import { formatIdentityFile, parseIdentityFile } from '../../../../electron/core/age/identity-file';
import { passphraseIdentity, passphraseRecipient } from '../../../../electron/core/age/scrypt';
import { generateIdentity, parseIdentity, parseRecipient, recipientOf } from '../../../../electron/core/age/x25519';

// The identity of the C2SP CCTV vectors and its recipient (age-keygen -y).
const VECTOR_IDENTITY = 'AGE-SECRET-KEY-1EGTZVFFV20835NWYV6270LXYVK2VKNX2MMDKWYKLMGR48UAWX40Q2P2LM0';

function kindOf(step: () => unknown): string {
  try {
    step();
  } catch (error) {
    return error instanceof AgeError ? error.kind : `not an AgeError: ${String(error)}`;
  }
  return 'no error';
}

describe('age keys', () => {
  it('generates identities whose strings parse back to the same keys', () => {
    const identity = generateIdentity();
    expect(identity.recipient).toMatch(/^age1[02-9ac-hj-np-z]{58}$/);
    expect(identity.secret).toMatch(/^AGE-SECRET-KEY-1[02-9AC-HJ-NP-Z]{58}$/);
    const parsed = parseIdentity(identity.secret);
    expect(parsed.publicKey.equals(identity.publicKey)).toBe(true);
    expect(parsed.recipient).toBe(identity.recipient);
    expect(parseRecipient(identity.recipient).publicKey.equals(identity.publicKey)).toBe(true);
    expect(recipientOf(identity).recipient).toBe(identity.recipient);
    expect(generateIdentity().secret).not.toBe(identity.secret);
  });

  it('refuses malformed keys with kind "key", and post-quantum or plugin keys as unsupported', () => {
    const identity = generateIdentity();
    expect(kindOf(() => parseRecipient(identity.recipient.toUpperCase()))).toBe('key');
    // A different last character breaks the bech32 checksum (a fixed 'q' left one key in 32 unchanged).
    const last = identity.recipient.at(-1) === 'q' ? 'p' : 'q';
    expect(kindOf(() => parseRecipient(`${identity.recipient.slice(0, -1)}${last}`))).toBe('key');
    expect(kindOf(() => parseRecipient('age1'))).toBe('key');
    expect(kindOf(() => parseRecipient('ssh-ed25519 AAAA'))).toBe('key');
    expect(kindOf(() => parseIdentity(identity.secret.toLowerCase()))).toBe('key');
    expect(kindOf(() => parseIdentity(identity.recipient))).toBe('key');
    expect(kindOf(() => parseIdentity('AGE-SECRET-KEY-PQ-1HZLGZUPT4ETPKDEV8HSGFDCYZ4E522W0A7PU2LHT8EH9W6YLNC3SW78XKG'))).toBe('unsupported');
    expect(kindOf(() => parseRecipient('age1pq1qqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqq'))).toBe('unsupported');
    expect(kindOf(() => parseRecipient('age1yubikey1qqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqq'))).toBe('unsupported');
    expect(kindOf(() => passphraseRecipient(''))).toBe('key');
    expect(kindOf(() => passphraseIdentity('x', { maxWorkFactor: 40 }))).toBe('key');
  });

  it('knows the recipient of a published identity', () => {
    expect(parseIdentity(VECTOR_IDENTITY).recipient).toBe('age1xmwwc06ly3ee5rytxm9mflaz2u56jjj36s0mypdrwsvlul66mv4q47ryef');
  });

  it('reads identity files as age-keygen writes them, with comments, blank lines and CRLF', () => {
    const one = generateIdentity();
    const two = generateIdentity();
    const text = `${formatIdentityFile(one, new Date('2024-05-01T12:00:00.123Z'))}\r\n# another\r\n${two.secret}\r\n\n`;
    expect(text.startsWith(`# created: 2024-05-01T12:00:00Z\n# public key: ${one.recipient}\n${one.secret}\n`)).toBe(true);
    expect(parseIdentityFile(text).map((identity) => identity.recipient)).toEqual([one.recipient, two.recipient]);
  });

  it('names the line of an identity file that is wrong', () => {
    const one = generateIdentity();
    expect(() => parseIdentityFile(`# created: now\n${one.secret}\nAGE-SECRET-KEY-1NOPE\n`, 'coordinator.key')).toThrow(/^coordinator\.key, line 3: /);
    expect(() => parseIdentityFile('# only a comment\n\n')).toThrow('The identity file holds no age identity (AGE-SECRET-KEY-1…)');
    expect(kindOf(() => parseIdentityFile('AGE-SECRET-KEY-PQ-1HZLGZUPT4ETPKDEV8HSGFDCYZ4E522W0A7PU2LHT8EH9W6YLNC3SW78XKG\n'))).toBe('unsupported');
  });

  it('refuses recipient lists the format does not allow, before any work', () => {
    const identity = generateIdentity();
    expect(kindOf(() => checkRecipients([]))).toBe('key');
    expect(kindOf(() => createEncryptStream({ recipients: [recipientOf(identity), passphraseRecipient('pw', { workFactor: 10 })] }))).toBe('key');
    expect(kindOf(() => checkRecipients([passphraseRecipient('a', { workFactor: 10 }), passphraseRecipient('b', { workFactor: 10 })]))).toBe('key');
    expect(kindOf(() => checkRecipients([recipientOf(identity), recipientOf(generateIdentity())]))).toBe('no error');
  });
});
