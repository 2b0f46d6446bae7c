/**
 * The age v1 header (https://age-encryption.org/v1, C2SP age.md):
 *
 *   age-encryption.org/v1\n
 *   -> TYPE ARG…\n                 one stanza per recipient, args are 1+
 *   BODY (raw base64, 64 columns)\n  printable ASCII (0x21–0x7E) each; the
 *   …                                body ends with a line shorter than 64
 *   LAST SHORT LINE (maybe empty)\n  columns, empty if it is a multiple of 48
 *   --- MAC\n                        MAC = raw base64 of 32 bytes
 *
 *   MAC = HMAC-SHA-256(key = HKDF-SHA-256(file key, salt "", info "header"),
 *                      message = header from the start through "---")
 *
 * Parsing is strict: only the canonical encoding is accepted (no CR, no
 * padding, no non-canonical base64, no long or extra short lines), so the
 * bytes the MAC covers are exactly what `encodeHeader` would write back.
 */
import { createHmac, hkdfSync, timingSafeEqual } from 'node:crypto';
import { AgeError, headerError } from './age-error';
import { decodeRawBase64, encodeRawBase64 } from './base64';

export const INTRO = 'age-encryption.org/v1\n';
export const COLUMNS_PER_LINE = 64;
export const BYTES_PER_LINE = (COLUMNS_PER_LINE / 4) * 3;
const MAC_BYTES = 32;
const FOOTER = '---';
const VERSION_PREFIX = 'age-encryption.org/';
/**
 * The most recipient stanzas a header may carry. Each stanza costs an X25519
 * exchange per identity tried (~0.8 ms here): a 1 MiB header of 7,500
 * stanzas took 6 s to refuse. Outpost writes one stanza per coordinator or
 * enrolled device, so a thousand leaves room for large teams while bounding
 * the work a hostile file can cause to well under a second.
 */
export const MAX_STANZAS = 1024;

export type Stanza = { type: string; args: string[]; body: Buffer };

export type Header = {
  stanzas: Stanza[];
  mac: Buffer;
  /** The bytes the MAC covers: from the start through "---". */
  macInput: Buffer;
};

export function hkdf(ikm: Uint8Array, salt: Uint8Array, info: string, length = 32): Buffer {
  return Buffer.from(hkdfSync('sha256', ikm, salt, info, length));
}

export function headerMac(fileKey: Uint8Array, macInput: Uint8Array): Buffer {
  return createHmac('sha256', hkdf(fileKey, Buffer.alloc(0), 'header')).update(macInput).digest();
}

export function macMatches(fileKey: Uint8Array, header: Header): boolean {
  return timingSafeEqual(headerMac(fileKey, header.macInput), header.mac);
}

/**
 * Where a header that starts at 0 ends in `bytes` (just after the MAC line's
 * newline), or -1 while it is incomplete. Fails early on a wrong first line
 * so that a file that is not age is not buffered up to the header limit.
 */
export function findHeaderEnd(bytes: Buffer): number {
  const firstNewline = bytes.indexOf(0x0a);
  if (firstNewline < 0) {
    const start = bytes.toString('latin1', 0, Math.min(bytes.length, VERSION_PREFIX.length));
    if (!VERSION_PREFIX.startsWith(start)) throw headerError('it does not start with "age-encryption.org/v1"');
    return -1;
  }
  checkIntro(bytes.toString('latin1', 0, firstNewline + 1));
  // A stanza or body line never starts with '-' followed by '--', so the first
  // line that does is the footer.
  const footer = bytes.indexOf('\n---', firstNewline, 'latin1');
  if (footer < 0) return -1;
  const end = bytes.indexOf(0x0a, footer + 1);
  return end < 0 ? -1 : end + 1;
}

/** Parses a complete header: `bytes` ends just after the MAC line's newline. */
export function parseHeader(bytes: Buffer): Header {
  // latin1 maps each byte to one char, so any byte outside ASCII stays visible.
  const lines = bytes.toString('latin1').split('\n');
  if (lines.pop() !== '') throw headerError('the header does not end with a newline');
  checkIntro(`${lines[0] ?? ''}\n`);
  const stanzas: Stanza[] = [];
  let index = 1;
  let offset = INTRO.length;
  for (;;) {
    const line = lines[index];
    if (line === undefined) throw headerError('the header ends without its closing "---" line');
    if (line.startsWith(FOOTER)) {
      const mac = parseFooter(line);
      return { stanzas, mac, macInput: bytes.subarray(0, offset + FOOTER.length) };
    }
    if (stanzas.length === MAX_STANZAS) throw headerError(`it has more than ${MAX_STANZAS} recipient stanzas`);
    const read = readStanza(lines, index);
    stanzas.push(read.stanza);
    for (let i = index; i < read.next; i++) offset += (lines[i]?.length ?? 0) + 1;
    index = read.next;
  }
}

function checkIntro(firstLine: string): void {
  if (firstLine === INTRO) return;
  if (firstLine.startsWith(VERSION_PREFIX) && /^[\x21-\x7e]+\n$/.test(firstLine)) {
    throw new AgeError('unsupported', `This file uses a version of the age format that is not supported (${JSON.stringify(firstLine.trimEnd())})`);
  }
  throw headerError('it does not start with "age-encryption.org/v1"');
}

function readStanza(lines: string[], start: number): { stanza: Stanza; next: number } {
  const opening = lines[start] ?? '';
  const parts = opening.split(' ');
  const [prefix, type, ...args] = parts;
  if (prefix !== '->' || type === undefined || !parts.slice(1).every(isValidArgument)) {
    throw headerError(`line ${start + 1} is not a valid recipient stanza`);
  }
  const chunks: Buffer[] = [];
  for (let index = start + 1; ; index++) {
    const line = lines[index];
    if (line === undefined) throw headerError('the header ends inside a recipient stanza');
    const bytes = decodeRawBase64(line);
    if (bytes === null) {
      if (line.startsWith('->') || line.startsWith(FOOTER)) {
        throw headerError(`the stanza on line ${start + 1} does not end with a short body line`);
      }
      throw headerError(`line ${index + 1} is not canonical base64`);
    }
    if (bytes.length > BYTES_PER_LINE) throw headerError(`line ${index + 1} is longer than ${COLUMNS_PER_LINE} columns`);
    chunks.push(bytes);
    if (bytes.length < BYTES_PER_LINE) return { stanza: { type, args, body: Buffer.concat(chunks) }, next: index + 1 };
  }
}

function parseFooter(line: string): Buffer {
  const parts = line.split(' ');
  const mac = parts.length === 2 && parts[0] === FOOTER ? decodeRawBase64(parts[1] ?? '') : null;
  if (mac?.length !== MAC_BYTES) throw headerError('the closing "---" line does not hold a valid MAC');
  return mac;
}

function isValidArgument(text: string): boolean {
  return /^[\x21-\x7e]+$/.test(text);
}

export function encodeStanza(stanza: Stanza): string {
  const opening = [stanza.type, ...stanza.args];
  if (!opening.every(isValidArgument)) throw new Error(`Not a valid stanza: ${JSON.stringify(opening)}`);
  const body = encodeRawBase64(stanza.body);
  let text = `-> ${opening.join(' ')}\n`;
  // Full lines, then a final short line that is empty when the body fills its last line.
  for (let at = 0; at <= body.length; at += COLUMNS_PER_LINE) text += `${body.slice(at, at + COLUMNS_PER_LINE)}\n`;
  return text;
}

/** The complete header for `stanzas`, MAC'd with the file key. */
export function encodeHeader(stanzas: readonly Stanza[], fileKey: Uint8Array): Buffer {
  const macInput = Buffer.from(`${INTRO}${stanzas.map(encodeStanza).join('')}${FOOTER}`, 'latin1');
  return Buffer.concat([macInput, Buffer.from(` ${encodeRawBase64(headerMac(fileKey, macInput))}\n`, 'latin1')]);
}
