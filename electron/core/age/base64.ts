/**
 * Strict base64 as age uses it. Node's decoder is lenient (it skips invalid
 * characters and ignores trailing bits), which would make headers malleable:
 * two different texts decoding to the same bytes. Here a text decodes only if
 * it is the one canonical encoding of its bytes.
 *
 *   raw    RFC 4648 standard alphabet, no padding (header arguments, bodies)
 *   padded standard alphabet with '=' padding (ASCII armor lines)
 */
const RAW_ALPHABET = /^[A-Za-z0-9+/]*$/;
const PADDED_ALPHABET = /^[A-Za-z0-9+/]*={0,2}$/;

/** The bytes, or null when `text` is not canonical unpadded base64. */
export function decodeRawBase64(text: string): Buffer | null {
  if (!RAW_ALPHABET.test(text) || text.length % 4 === 1) return null;
  const bytes = Buffer.from(text, 'base64');
  return encodeRawBase64(bytes) === text ? bytes : null;
}

export function encodeRawBase64(bytes: Uint8Array): string {
  return Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('base64').replace(/=+$/, '');
}

/** The bytes, or null when `text` is not canonical padded base64. */
export function decodePaddedBase64(text: string): Buffer | null {
  if (!PADDED_ALPHABET.test(text) || text.length % 4 !== 0) return null;
  const bytes = Buffer.from(text, 'base64');
  return bytes.toString('base64') === text ? bytes : null;
}
