import { createHash, generateKeyPairSync } from 'node:crypto';
import { wordlist } from '@scure/bip39/wordlists/english.js';
import { describe, expect, it } from 'vitest';
import { FINGERPRINT_WORDS, fingerprintWords, normaliseFingerprint } from '../../../../shared/team/fingerprint-words';

const times = (n: number, word: string): string[] => Array.from({ length: n }, () => word);
const deviceOf = (raw: Buffer) => createHash('sha256').update(raw).digest('hex');
const freshDevice = () => deviceOf(Buffer.from(generateKeyPairSync('ed25519').publicKey.export({ format: 'jwk' }).x ?? '', 'base64url'));

/** The spec, computed another way: the id's first 88 bits as a string of 0s and 1s, cut into 11-bit indexes of the BIP-39 list. */
function byBitString(device: string): string[] {
  const bits = [...Buffer.from(device.slice(0, 22), 'hex')].map((b) => b.toString(2).padStart(8, '0')).join('');
  return Array.from({ length: 8 }, (_, i) => wordlist[parseInt(bits.slice(i * 11, i * 11 + 11), 2)] ?? '?');
}

describe('fingerprint words (shared/team/fingerprint-words.ts)', () => {
  it('uses the BIP-39 English list', () => {
    expect(wordlist).toHaveLength(2048);
    expect([wordlist[0], wordlist[1], wordlist[2047]]).toEqual(['abandon', 'ability', 'zoo']);
  });

  it('gives known vectors: index 0, 1 and 2047 land where the 11-bit groups say', () => {
    expect(fingerprintWords('0'.repeat(64))).toEqual(times(8, 'abandon'));
    expect(fingerprintWords('f'.repeat(64))).toEqual(times(8, 'zoo'));
    // 0x002 then zeros: the first 11 bits are 00000000001 (ability); 0x7ff at hex digits 20–22 is the last group (zoo).
    expect(fingerprintWords('002' + '0'.repeat(61))).toEqual(['ability', ...times(7, 'abandon')]);
    expect(fingerprintWords('0'.repeat(19) + '7ff' + 'f'.repeat(42))).toEqual([...times(7, 'abandon'), 'zoo']);
    // SHA-256 of "outpost" is 7daf48f924f246f48e57…; its first 88 bits, 11 at a time, are the list indexes 1005 978 498 591 291 978 458 1889.
    const device = deviceOf(Buffer.from('outpost'));
    expect(device.slice(0, 22)).toBe('7daf48f924f246f48e5761');
    expect(byBitString(device)).toEqual(['laundry', 'kid', 'dinner', 'enemy', 'caught', 'kid', 'deer', 'umbrella']);
    expect(fingerprintWords(device)).toEqual(['laundry', 'kid', 'dinner', 'enemy', 'caught', 'kid', 'deer', 'umbrella']);
  });

  it('is eight words, the same every time, and reads only the first 22 hex digits', () => {
    for (let i = 0; i < 50; i++) {
      const device = freshDevice();
      const words = fingerprintWords(device);
      expect(words).toHaveLength(FINGERPRINT_WORDS);
      expect(FINGERPRINT_WORDS).toBe(8);
      expect(words.every((w) => wordlist.includes(w))).toBe(true);
      expect(fingerprintWords(device)).toEqual(words);
      expect(words).toEqual(byBitString(device));
      expect(fingerprintWords(device.slice(0, 22) + '0'.repeat(42))).toEqual(words);
    }
  });

  it('gives different keys different words, down to one bit of the 88', () => {
    const seen = new Set<string>();
    for (let i = 0; i < 500; i++) seen.add(fingerprintWords(freshDevice()).join(' '));
    expect(seen.size).toBe(500);
    const base = freshDevice();
    for (let bit = 0; bit < 88; bit++) {
      const bytes = Buffer.from(base, 'hex');
      bytes[bit >> 3] = (bytes[bit >> 3] ?? 0) ^ (0x80 >> (bit & 7));
      expect(fingerprintWords(bytes.toString('hex'))).not.toEqual(fingerprintWords(base));
    }
  });

  it('refuses what is not a device id', () => {
    for (const bad of ['', 'f'.repeat(63), 'F'.repeat(64), 'g'.repeat(64), ' '.repeat(64)]) expect(() => fingerprintWords(bad)).toThrow(/not a device id/);
  });

  it('reads a typed fingerprint with groups, dashes and capitals, of at least 16 hex digits', () => {
    expect(normaliseFingerprint('3F2A 9c01-77ab  0042')).toBe('3f2a9c0177ab0042');
    expect(normaliseFingerprint('3f2a 9c01 77ab 004')).toBeNull();
    expect(normaliseFingerprint('3f2a 9c01 77ab 004z')).toBeNull();
    expect(normaliseFingerprint('a'.repeat(65))).toBeNull();
  });
});
