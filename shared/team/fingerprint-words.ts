/**
 * A device id as words, to read aloud over a phone when approving a device.
 *
 * Eight BIP-39 English words carry 8 × 11 = 88 bits of the device id (its
 * first 22 hex digits). Matching a *given* fingerprint is a second-preimage
 * search (no birthday shortcut), and 2^88 key generations is far out of
 * reach; twelve words would add little safety and much reading time.
 */
import { wordlist } from '@scure/bip39/wordlists/english.js';

export const FINGERPRINT_WORDS = 8;

export function fingerprintWords(deviceId: string): string[] {
  if (!/^[0-9a-f]{64}$/.test(deviceId)) throw new Error('not a device id');
  // 88 bits = 22 hex digits; BigInt keeps the bit arithmetic exact.
  let bits = BigInt('0x' + deviceId.slice(0, 22));
  const words: string[] = [];
  for (let i = 0; i < FINGERPRINT_WORDS; i += 1) {
    words.unshift(wordlist[Number(bits & 2047n)] ?? '');
    bits >>= 11n;
  }
  return words;
}

/**
 * Reads a fingerprint as a person types it: groups or plain hex, with any
 * spaces, dashes or capitals. Returns the lower-case hex prefix (at least 16
 * digits, so a typo cannot match a whole team), or null.
 */
export function normaliseFingerprint(text: string): string | null {
  const hex = text.replace(/[\s-]+/g, '').toLowerCase();
  return /^[0-9a-f]{16,64}$/.test(hex) ? hex : null;
}
