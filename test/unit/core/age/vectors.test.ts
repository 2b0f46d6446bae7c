import { createHash } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AgeError, type AgeErrorKind } from '../../../../electron/core/age/age-error';
import { ArmorDecoder, ArmorEncoder } from '../../../../electron/core/age/armor';
import { loadSodium, nobleBackend, nodeBackend, sodiumBackend, sodiumNativeBackend, type ChaChaBackend } from '../../../../electron/core/age/chacha';
import { decrypt, type DecryptOptions } from '../../../../electron/core/age/decrypt';
import { encodeStanza, findHeaderEnd, INTRO, parseHeader } from '../../../../electron/core/age/header';
import { PAYLOAD_NONCE_BYTES, PayloadEncryptor, payloadKey } from '../../../../electron/core/age/payload';
import { passphraseIdentity } from '../../../../electron/core/age/scrypt';
import { type Identity } from '../../../../electron/core/age/unwrap';
import { parseIdentity } from '../../../../electron/core/age/x25519';
import { loadVectors, vectorsPresent, VECTORS_DIR, type AgeVector, type Expectation } from './fixtures/age-vectors';

const present = vectorsPresent();
const vectors = present ? loadVectors().filter((vector) => vector.unknownKey === null) : [];

/** The error kinds that count as each expectation of the vectors. */
const allowed: Record<Exclude<Expectation, 'success'>, AgeErrorKind[]> = {
  'header failure': ['header', 'unsupported'],
  'HMAC failure': ['hmac'],
  'no match': ['no-match'],
  'payload failure': ['payload', 'truncated'],
  'armor failure': ['armor'],
};

type Outcome = { kind: AgeErrorKind | 'success'; released: Buffer; message: string };

const sha256 = (bytes: Uint8Array): string => createHash('sha256').update(bytes).digest('hex');
const isPostQuantum = (vector: AgeVector): boolean => vector.name.startsWith('hybrid') || vector.name === 'armor_hybrid';

/** Identities a vector gives us; post-quantum ones are refused as unsupported and left out. */
function identitiesOf(vector: AgeVector): { identities: Identity[]; unsupported: number } {
  const identities: Identity[] = [];
  let unsupported = 0;
  for (const text of vector.identities) {
    try {
      identities.push(parseIdentity(text));
    } catch (error) {
      if (!(error instanceof AgeError) || error.kind !== 'unsupported') throw error;
      unsupported++;
    }
  }
  for (const passphrase of vector.passphrases) identities.push(passphraseIdentity(passphrase));
  return { identities, unsupported };
}

/** Splits `bytes` into pieces of pseudo-random sizes (deterministic). */
function pieces(bytes: Buffer, maxPiece: number): Buffer[] {
  const out: Buffer[] = [];
  let seed = bytes.length + 17;
  for (let at = 0; at < bytes.length; ) {
    seed = (seed * 1103515245 + 12345) % 2147483648;
    const size = 1 + (seed % maxPiece);
    out.push(bytes.subarray(at, at + size));
    at += size;
  }
  return out;
}

async function run(vector: AgeVector, options: DecryptOptions, input: Iterable<Buffer>): Promise<Outcome> {
  const released: Buffer[] = [];
  try {
    for await (const part of decrypt(input, options)) released.push(part);
    return { kind: 'success', released: Buffer.concat(released), message: '' };
  } catch (error) {
    if (!(error instanceof AgeError)) throw new Error(`${vector.name}: not an AgeError: ${String(error)}`, { cause: error });
    return { kind: error.kind, released: Buffer.concat(released), message: error.message };
  }
}

function check(vector: AgeVector, outcome: Outcome): void {
  const label = `${vector.name} (${vector.expect}) → ${outcome.kind}: ${outcome.message}`;
  if (vector.expect === 'success') {
    expect(outcome.kind, label).toBe('success');
  } else {
    expect(allowed[vector.expect], label).toContain(outcome.kind);
  }
  // All plaintext released, even before a failure, must match the vector's hash.
  if (vector.payload !== null) expect(sha256(outcome.released), `${label}: released plaintext`).toBe(vector.payload);
  else expect(outcome.released.length, `${label}: released plaintext`).toBe(0);
}

const tally = new Map<string, { pass: number; unsupported: number; names: string[] }>();
function count(backend: string, vector: AgeVector, unsupported: boolean): void {
  const key = `${backend}/${vector.expect}`;
  const entry = tally.get(key) ?? { pass: 0, unsupported: 0, names: [] };
  if (unsupported) {
    entry.unsupported++;
    entry.names.push(vector.name);
  } else entry.pass++;
  tally.set(key, entry);
}

afterAll(() => {
  if (tally.size === 0) return;
  const lines = [...tally.entries()].sort().map(([key, { pass, unsupported }]) => `  ${key}: ${pass} as expected, ${unsupported} unsupported (post-quantum)`);
  console.info(`C2SP CCTV age vectors:\n${lines.join('\n')}`);
});

describe.skipIf(!present)(`C2SP CCTV age vectors (${VECTORS_DIR})`, () => {
  beforeAll(() => loadSodium());

  it('are all there', () => {
    expect(vectors.length).toBeGreaterThanOrEqual(140);
  });

  describe.each<[string, ChaChaBackend]>([
    ['node', nodeBackend],
    ['noble', nobleBackend],
    ['sodium', sodiumBackend],
    ['sodium-native', sodiumNativeBackend() as ChaChaBackend],
  ])('with the %s ChaCha20-Poly1305 backend', (backendName, backend) => {
    it.each(vectors.map((vector) => [vector.name, vector] as const))('%s', async (_name, vector) => {
      const { identities, unsupported } = identitiesOf(vector);
      if (identities.length === 0 && unsupported > 0) {
        // Only post-quantum identities: answered "unsupported", counted apart.
        expect(isPostQuantum(vector), `${vector.name} has no usable identity`).toBe(true);
        count(backendName, vector, true);
        return;
      }
      const options: DecryptOptions = { identities, armor: vector.armored, backend };
      const whole = await run(vector, options, [vector.file]);
      if (whole.kind === 'unsupported' && isPostQuantum(vector)) {
        count(backendName, vector, true);
        return;
      }
      check(vector, whole);
      // The same bytes in small pieces, and with the armor recognised by itself.
      const maxPiece = vector.file.length > 100_000 ? 70_000 : 97;
      check(vector, await run(vector, options, pieces(vector.file, maxPiece)));
      const auto = await run(vector, { ...options, armor: 'auto' }, [vector.file]);
      // Armor that does not even start like armor is, to auto-detection, not age at all.
      if (vector.expect === 'armor failure' && auto.kind === 'header') expect(auto.message).toMatch(/does not start with/);
      else check(vector, auto);
      count(backendName, vector, false);
    });
  });
});

describe.skipIf(!present)('round trips on the C2SP CCTV vectors', () => {
  const binaryOf = (vector: AgeVector): Buffer => {
    if (!vector.armored) return vector.file;
    const out: Buffer[] = [];
    const decoder = new ArmorDecoder();
    decoder.write(vector.file, (bytes) => out.push(bytes));
    decoder.end((bytes) => out.push(bytes));
    return Buffer.concat(out);
  };

  it('re-encodes every parseable header byte for byte', () => {
    let checked = 0;
    for (const vector of vectors) {
      if (vector.expect === 'header failure' || vector.expect === 'armor failure') continue;
      const binary = binaryOf(vector);
      const end = findHeaderEnd(binary);
      const header = parseHeader(binary.subarray(0, end));
      const encoded = Buffer.from(`${INTRO}${header.stanzas.map(encodeStanza).join('')}---`, 'latin1');
      expect(encoded.equals(header.macInput), vector.name).toBe(true);
      checked++;
    }
    expect(checked).toBeGreaterThan(50);
  });

  it('re-armors every armored success vector to its canonical form', () => {
    for (const vector of vectors.filter((v) => v.armored && v.expect === 'success')) {
      const out: Buffer[] = [];
      const encoder = new ArmorEncoder();
      encoder.write(binaryOf(vector), (bytes) => out.push(bytes));
      encoder.end((bytes) => out.push(bytes));
      const canonical = vector.file.toString('latin1').replace(/\r\n/g, '\n').trim() + '\n';
      expect(Buffer.concat(out).toString('latin1'), vector.name).toBe(canonical);
    }
  });

  it('re-encrypts the STREAM payload of every success vector from its file key', async () => {
    let checked = 0;
    for (const vector of vectors.filter((v) => v.expect === 'success' && v.fileKey !== null && !isPostQuantum(v))) {
      const { identities } = identitiesOf(vector);
      const plaintext: Buffer[] = [];
      for await (const part of decrypt([vector.file], { identities, armor: vector.armored })) plaintext.push(part);
      const binary = binaryOf(vector);
      const payloadStart = findHeaderEnd(binary);
      const nonce = binary.subarray(payloadStart, payloadStart + PAYLOAD_NONCE_BYTES);
      const out: Buffer[] = [];
      const encryptor = new PayloadEncryptor(payloadKey(Buffer.from(vector.fileKey ?? '', 'hex'), nonce), nodeBackend);
      encryptor.write(Buffer.concat(plaintext), (bytes) => out.push(bytes));
      encryptor.end((bytes) => out.push(bytes));
      expect(Buffer.concat(out).equals(binary.subarray(payloadStart + PAYLOAD_NONCE_BYTES)), vector.name).toBe(true);
      checked++;
    }
    expect(checked).toBeGreaterThan(10);
  });
});

if (!present) {
  describe('C2SP CCTV age vectors', () => {
    it.skip(`skipped: ${VECTORS_DIR} is absent (the vectors live in ../shared/fixtures, never in this repository)`, () => undefined);
  });
}
