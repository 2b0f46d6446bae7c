import { randomBytes } from 'node:crypto';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { ArmorDecoder, ArmorEncoder, looksArmored } from '../../../../electron/core/age/armor';
import { decodePaddedBase64, decodeRawBase64 } from '../../../../electron/core/age/base64';
import { ByteQueue } from '../../../../electron/core/age/byte-queue';
import { encodeHeader, encodeStanza, findHeaderEnd, parseHeader, type Stanza } from '../../../../electron/core/age/header';

function armor(bytes: Buffer, pieceSize: number): string {
  const out: Buffer[] = [];
  const encoder = new ArmorEncoder();
  for (let at = 0; at < bytes.length; at += pieceSize) encoder.write(bytes.subarray(at, at + pieceSize), (b) => out.push(b));
  encoder.end((b) => out.push(b));
  return Buffer.concat(out).toString('latin1');
}

function dearmor(text: string, pieceSize = text.length || 1): Buffer {
  const out: Buffer[] = [];
  const decoder = new ArmorDecoder();
  const bytes = Buffer.from(text, 'latin1');
  for (let at = 0; at < bytes.length; at += pieceSize) decoder.write(bytes.subarray(at, at + pieceSize), (b) => out.push(b));
  decoder.end((b) => out.push(b));
  return Buffer.concat(out);
}

describe('strict base64', () => {
  it('accepts only the canonical encoding', () => {
    expect(decodeRawBase64('AAE')?.toString('hex')).toBe('0001');
    expect(decodeRawBase64('AAF')).toBeNull(); // non-zero trailing bits
    expect(decodeRawBase64('AAE=')).toBeNull();
    expect(decodeRawBase64('AA E')).toBeNull();
    expect(decodeRawBase64('A')).toBeNull();
    expect(decodePaddedBase64('AAE=')?.toString('hex')).toBe('0001');
    expect(decodePaddedBase64('AAE')).toBeNull();
    expect(decodePaddedBase64('AAF=')).toBeNull();
  });
});

describe('ASCII armor', () => {
  it('round-trips any bytes in any pieces, with 64-column lines', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 400 }), fc.integer({ min: 1, max: 70 }), fc.integer({ min: 1, max: 90 }), (bytes, inPiece, outPiece) => {
        const text = armor(Buffer.from(bytes), inPiece);
        const lines = text.split('\n');
        expect(lines[0]).toBe('-----BEGIN AGE ENCRYPTED FILE-----');
        expect(lines.at(-2)).toBe('-----END AGE ENCRYPTED FILE-----');
        expect(lines.slice(1, -3).every((line) => line.length === 64)).toBe(true);
        expect(dearmor(text, outPiece).equals(Buffer.from(bytes))).toBe(true);
      }),
    );
  });

  it('accepts CRLF and surrounding whitespace, as age does', () => {
    const text = armor(randomBytes(100), 100);
    expect(dearmor(`\n  \n${text.replace(/\n/g, '\r\n')}\n \t\n`).length).toBe(100);
    expect(dearmor(text.trimEnd()).length).toBe(100);
  });

  it('names what is wrong and where', () => {
    const text = armor(randomBytes(100), 100);
    const lines = text.split('\n');
    const cases: Array<[string, string]> = [
      [text.replace('BEGIN AGE', 'BEGIN PGP'), 'line 1: the first line is not "-----BEGIN AGE ENCRYPTED FILE-----"'],
      [[lines[0], '', ...lines.slice(1)].join('\n'), 'line 2: an empty line inside the armor'],
      [[lines[0], `${lines[1]} `, ...lines.slice(2)].join('\n'), 'line 2: a line longer than 64 columns'],
      [[lines[0], lines[1]?.slice(0, 60), ...lines.slice(2)].join('\n'), 'line 3: a short line that is not followed by "-----END AGE ENCRYPTED FILE-----"'],
      [lines.slice(0, -2).join('\n'), 'line 4: the file ends before the "-----END AGE ENCRYPTED FILE-----" line'],
      [`${text}garbage\n`, 'line 5: there is data after the "-----END AGE ENCRYPTED FILE-----" line'],
      [`${text}${' '.repeat(2000)}`, 'line 5: too much whitespace after the armor'],
      [[lines[0], `${lines[1]?.slice(0, 62)}=A`, ...lines.slice(2)].join('\n'), 'line 2: a line that is not canonical base64'],
    ];
    for (const [input, detail] of cases) {
      expect(() => dearmor(input), detail).toThrow(`The ASCII armor is malformed (${detail})`);
      expect(() => dearmor(input, 7), detail).toThrow(`The ASCII armor is malformed (${detail})`);
    }
  });

  it('recognises armor by its first non-blank bytes', () => {
    expect(looksArmored(Buffer.from('  \n-----BEGIN AGE'))).toBe(true);
    expect(looksArmored(Buffer.from('---'))).toBeUndefined();
    expect(looksArmored(Buffer.from('age-encryption.org/v1\n'))).toBe(false);
    expect(looksArmored(Buffer.from('\n\n'))).toBeUndefined();
  });
});

describe('age header', () => {
  const stanzas: Stanza[] = [
    { type: 'X25519', args: ['abc'], body: randomBytes(32) },
    { type: 'grease-!', args: [], body: randomBytes(48) },
    { type: 'long', args: ['a', 'b'], body: randomBytes(100) },
    { type: 'empty', args: [], body: Buffer.alloc(0) },
  ];

  it('encodes stanzas with a final short (possibly empty) line and parses them back', () => {
    expect(encodeStanza({ type: 't', args: [], body: Buffer.alloc(48, 1) })).toBe(`-> t\n${'AQEB'.repeat(16)}\n\n`);
    const fileKey = randomBytes(16);
    const bytes = Buffer.concat([encodeHeader(stanzas, fileKey), Buffer.from('payload')]);
    const end = findHeaderEnd(bytes);
    expect(bytes.subarray(end).toString()).toBe('payload');
    const header = parseHeader(bytes.subarray(0, end));
    expect(header.stanzas).toEqual(stanzas);
    expect(Buffer.concat([header.macInput, Buffer.from(' ')]).equals(bytes.subarray(0, header.macInput.length + 1))).toBe(true);
  });

  it('refuses what age refuses: CR, padding, long lines, missing short line, bad MAC line', () => {
    const good = encodeHeader(stanzas.slice(0, 1), randomBytes(16)).toString('latin1');
    const lines = good.split('\n');
    const bad = [
      good.replace('\n', '\r\n'),
      good.replace('-> X25519 abc', '-> X25519  abc'),
      good.replace('-> X25519 abc', '->X25519 abc'),
      good.replace('-> X25519 abc', '-> X25519 ab\u00e9'),
      [lines[0], lines[1], `${lines[2]}=`, ...lines.slice(3)].join('\n'),
      good.replace(/--- (.*)\n$/, '--- $1 \n'),
      good.replace(/--- (.*)\n$/, '---$1\n'),
      good.replace(/--- (.*)\n$/, '--- \n'),
    ];
    for (const text of bad) {
      const bytes = Buffer.from(text, 'latin1');
      expect(() => parseHeader(bytes.subarray(0, findHeaderEnd(bytes))), JSON.stringify(text)).toThrow(/^This is not a valid age file/);
    }
  });

  it('says when the age version is not v1', () => {
    expect(() => findHeaderEnd(Buffer.from('age-encryption.org/v2\n'))).toThrow('This file uses a version of the age format that is not supported ("age-encryption.org/v2")');
    expect(() => findHeaderEnd(Buffer.from('%PDF-1.7'))).toThrow('This is not a valid age file: it does not start with "age-encryption.org/v1"');
    expect(findHeaderEnd(Buffer.from('age-encr'))).toBe(-1);
  });
});

describe('ByteQueue', () => {
  it('hands out exact slices of whatever pieces went in', () => {
    fc.assert(
      fc.property(fc.array(fc.uint8Array({ maxLength: 50 }), { maxLength: 20 }), fc.array(fc.nat(60), { maxLength: 30 }), (pieces, takes) => {
        const queue = new ByteQueue();
        for (const piece of pieces) queue.push(piece);
        const all = Buffer.concat(pieces);
        let at = 0;
        for (const want of takes) {
          const n = Math.min(want, queue.length);
          expect(queue.peek(Math.min(n, 3)).equals(all.subarray(at, at + Math.min(n, 3)))).toBe(true);
          expect(queue.take(n).equals(all.subarray(at, at + n))).toBe(true);
          at += n;
          expect(queue.length).toBe(all.length - at);
        }
      }),
    );
  });
});
