import { spawnSync } from 'node:child_process';
import { createHash, randomBytes } from 'node:crypto';
import { readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createDecryptStream, decrypt, decryptBuffer, encrypt, encryptBuffer, nobleBackend, nodeBackend } from '../../../../electron/core/age/index';
import { formatIdentityFile, parseIdentityFile } from '../../../../electron/core/age/identity-file';
import { passphraseIdentity, passphraseRecipient } from '../../../../electron/core/age/scrypt';
import { generateIdentity, parseRecipient, recipientOf, type X25519Identity } from '../../../../electron/core/age/x25519';
import { makeTempDir } from '../../../support/temp-dir';
import { AGE, ageVersion, hasScript, runAge, runAgeWithTerminal, runWith } from './fixtures/age-cli';

const version = ageVersion();
const SIZES = [0, 1, 65535, 65536, 65537, 3 * 65536];
const sha256 = (bytes: Uint8Array): string => createHash('sha256').update(bytes).digest('hex');

/**
 * `total` random bytes in 64 KiB pieces, hashed as they go. The consumer
 * reports what came out the other end (`received`); `maxLag` is the most the
 * producer was ever ahead. Holding the stream in memory anywhere on the way
 * would let the lag grow to the whole 50 MB; streaming keeps it at a few
 * buffers (pipe, chunk, Transform), whatever the garbage collector does.
 */
type Streamed = { source: AsyncGenerator<Buffer>; received: (bytes: number) => void; digest: () => string; maxLag: () => number };

function stream(total: number): Streamed {
  const hash = createHash('sha256');
  let sent = 0;
  let received = 0;
  let maxLag = 0;
  async function* source(): AsyncGenerator<Buffer> {
    while (sent < total) {
      const piece = randomBytes(Math.min(64 * 1024, total - sent));
      hash.update(piece);
      sent += piece.length;
      maxLag = Math.max(maxLag, sent - received);
      yield piece;
    }
  }
  return { source: source(), received: (bytes) => (received += bytes), digest: () => hash.digest('hex'), maxLag: () => maxLag };
}

const MAX_LAG = 8 * 1024 * 1024;

/** Reads `output` to the end as the far side of `data`, noting what arrived; returns its size and SHA-256. */
async function drain(data: Streamed, output: AsyncIterable<unknown>): Promise<{ size: number; sha256: string }> {
  const hash = createHash('sha256');
  let size = 0;
  for await (const part of output) {
    hash.update(part as Buffer);
    size += (part as Buffer).length;
    data.received((part as Buffer).length);
  }
  return { size, sha256: hash.digest('hex') };
}

describe.skipIf(version === null)(`interop with ${AGE} ${version ?? '(absent)'}`, () => {
  let dir = '';
  let cleanup: () => Promise<void> = async () => undefined;
  let identity: X25519Identity;
  let identityFile = '';
  beforeAll(async () => {
    ({ dir, cleanup } = await makeTempDir('outpost-age-interop-'));
    identity = generateIdentity();
    identityFile = path.join(dir, 'key.txt');
    await writeFile(identityFile, formatIdentityFile(identity));
  });
  afterAll(() => cleanup());

  it.each(SIZES)('age -d opens what we encrypt (%i bytes, binary and armored)', async (size) => {
    const plaintext = randomBytes(size);
    for (const armor of [false, true]) {
      const file = await encryptBuffer(plaintext, { recipients: [recipientOf(identity)], armor });
      const result = await runAge(['-d', '-i', identityFile], file);
      expect(result.stderr).toBe('');
      expect(result.code).toBe(0);
      expect(result.stdout.equals(plaintext)).toBe(true);
    }
  });

  it.each(SIZES)('we open what age -r encrypts (%i bytes, binary and armored)', async (size) => {
    const plaintext = randomBytes(size);
    for (const args of [['-r', identity.recipient], ['-a', '-r', identity.recipient]]) {
      const result = await runAge(['-e', ...args], plaintext);
      expect(result.code).toBe(0);
      const opened = await decryptBuffer(result.stdout, { identities: [identity] });
      expect(opened.equals(plaintext)).toBe(true);
    }
  });

  it('encrypts to several recipients, each of which age can use', async () => {
    const other = generateIdentity();
    const otherFile = path.join(dir, 'other.txt');
    await writeFile(otherFile, formatIdentityFile(other));
    const plaintext = randomBytes(100_000);
    const file = await encryptBuffer(plaintext, { recipients: [recipientOf(identity), parseRecipient(other.recipient)] });
    for (const key of [identityFile, otherFile]) expect((await runAge(['-d', '-i', key], file)).stdout.equals(plaintext)).toBe(true);
  });

  it('reads identity files written by age-keygen, and writes ones age-keygen reads', async () => {
    const keygen = path.join(path.dirname(AGE), 'age-keygen');
    const generated = path.join(dir, 'generated.txt');
    expect(spawnSync(keygen, ['-o', generated]).status).toBe(0);
    const text = await readFile(generated, 'utf8');
    const [parsed] = parseIdentityFile(text);
    expect(text).toContain(`# public key: ${parsed?.recipient}`);
    expect(spawnSync(keygen, ['-y', identityFile], { encoding: 'utf8' }).stdout.trim()).toBe(identity.recipient);
    const file = (await runAge(['-e', '-r', parsed?.recipient ?? '', '-a'], Buffer.from('hello'))).stdout;
    expect((await decryptBuffer(file, { identities: parseIdentityFile(text) })).toString()).toBe('hello');
  });

  describe.skipIf(!hasScript())('passphrases (age reads them from a terminal: driven through util-linux script)', () => {
    const passphrase = 'correct horse battery staple';

    it('age -d opens a file we encrypt with a passphrase', async () => {
      const plaintext = randomBytes(70_000);
      const input = path.join(dir, 'pass-ours.age');
      const output = path.join(dir, 'pass-ours.out');
      await writeFile(input, await encryptBuffer(plaintext, { recipients: [passphraseRecipient(passphrase, { workFactor: 12 })] }));
      const result = await runAgeWithTerminal(['-d', '-o', output, input], [passphrase]);
      expect(result.code).toBe(0);
      expect((await readFile(output)).equals(plaintext)).toBe(true);
    });

    it('we open a file age -p encrypts, and a wrong passphrase is said in words', async () => {
      const plaintext = randomBytes(70_000);
      const input = path.join(dir, 'pass-theirs.txt');
      const output = path.join(dir, 'pass-theirs.age');
      await writeFile(input, plaintext);
      const result = await runAgeWithTerminal(['-e', '-p', '-o', output, input], [passphrase, passphrase]);
      expect(result.code).toBe(0);
      const file = await readFile(output);
      expect((await decryptBuffer(file, { identities: [passphraseIdentity(passphrase)] })).equals(plaintext)).toBe(true);
      await expect(decryptBuffer(file, { identities: [passphraseIdentity('not it')] })).rejects.toMatchObject({ kind: 'no-match', message: 'The passphrase is wrong' });
    });
  });

  it('streams 50 MB to age -d without holding it in memory', async () => {
    const data = stream(50 * 1024 * 1024);
    let out = { size: 0, sha256: '' };
    const { code } = await runWith(['-d', '-i', identityFile], encrypt(data.source, { recipients: [recipientOf(identity)] }), async (stdout) => {
      out = await drain(data, stdout);
    });
    expect(code).toBe(0);
    expect(out.size).toBe(50 * 1024 * 1024);
    expect(out.sha256).toBe(data.digest());
    expect(data.maxLag()).toBeLessThan(MAX_LAG);
  }, 60_000);

  it('streams 50 MB from age -r through our decrypting Transform without holding it in memory', async () => {
    const data = stream(50 * 1024 * 1024);
    let out = { size: 0, sha256: '' };
    const { code } = await runWith(['-e', '-r', identity.recipient], data.source, async (stdout) => {
      out = await drain(data, stdout.pipe(createDecryptStream({ identities: [identity] })));
    });
    expect(code).toBe(0);
    expect(out.size).toBe(50 * 1024 * 1024);
    expect(out.sha256).toBe(data.digest());
    expect(data.maxLag()).toBeLessThan(MAX_LAG);
  }, 60_000);

  it('age -d opens what node:crypto\'s cipher and the noble fallback seal; we open what age seals with either', async () => {
    const plaintext = randomBytes(9 * 1024 * 1024 + 4321);
    const sealed = (await runAge(['-e', '-r', identity.recipient], plaintext)).stdout;
    for (const backend of [nodeBackend, nobleBackend]) {
      const file = await encryptBuffer(plaintext, { recipients: [recipientOf(identity)], backend });
      const result = await runAge(['-d', '-i', identityFile], file);
      expect(result.code, backend.name).toBe(0);
      expect(sha256(result.stdout), backend.name).toBe(sha256(plaintext));
      expect(sha256(await decryptBuffer(sealed, { identities: [identity], backend })), backend.name).toBe(sha256(plaintext));
    }
  }, 60_000);

  it('the async generator gives the same bytes as age for a multi-chunk file', async () => {
    const plaintext = randomBytes(5 * 65536 + 123);
    const file = (await runAge(['-e', '-r', identity.recipient], plaintext)).stdout;
    const parts: Buffer[] = [];
    for await (const part of decrypt([file.subarray(0, 1000), file.subarray(1000)], { identities: [identity] })) parts.push(part);
    expect(sha256(Buffer.concat(parts))).toBe(sha256(plaintext));
  });
});

if (version === null) {
  describe('interop with age', () => {
    it.skip(`skipped: ${AGE} is absent (apt-get install age)`, () => undefined);
  });
}
