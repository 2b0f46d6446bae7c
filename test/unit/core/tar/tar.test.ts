import { spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { createReadStream, createWriteStream } from 'node:fs';
import { extract as createExtract, pack as createPack, type Header } from 'tar-stream';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { AgeError } from '../../../../electron/core/age/age-error';
import { createEncryptStream, decrypt, formatIdentityFile, generateIdentity, recipientOf } from '../../../../electron/core/age/index';
import { createTarWriter, readTar, TarError, type TarReadOptions, type TarSink } from '../../../../electron/core/tar/index';
import { fileHeader } from '../../../../electron/core/tar/tar-header';
import { makeTempDir } from '../../../support/temp-dir';

const hasGnuTar = spawnSync('tar', ['--version'], { encoding: 'utf8' }).stdout?.includes('GNU tar') ?? false;
const hasAge = spawnSync('/usr/bin/age', ['--version']).status === 0;
const limits: TarReadOptions = { maxEntryBytes: 10 * 1024 * 1024 };

async function collect(stream: AsyncIterable<Uint8Array>): Promise<Buffer> {
  const parts: Buffer[] = [];
  for await (const part of stream) parts.push(Buffer.from(part));
  return Buffer.concat(parts);
}

/** Every entry as name → content, read fully. */
async function readAll(archive: Uint8Array | AsyncIterable<Uint8Array>, options: TarReadOptions = limits): Promise<Map<string, Buffer>> {
  const out = new Map<string, Buffer>();
  for await (const entry of readTar(archive instanceof Uint8Array ? [archive] : archive, options)) {
    const content = await collect(entry.stream);
    expect(content.length, entry.name).toBe(entry.size);
    out.set(entry.name, content);
  }
  return out;
}

/** An archive written with tar-stream's own packer, which (unlike ours) writes anything. */
async function rawArchive(entries: Array<Partial<Header> & { name: string; content?: Buffer }>): Promise<Buffer> {
  const pack = createPack();
  const done = collect(pack as unknown as AsyncIterable<Uint8Array>);
  for (const { content, ...header } of entries) {
    await new Promise<void>((resolve, reject) => {
      pack.entry({ ...header, size: content?.length ?? header.size ?? 0 }, content ?? Buffer.alloc(0), (error) => (error ? reject(error) : resolve()));
    });
  }
  pack.finalize();
  return done;
}

/** Sets the size field of the first header of `archive` and fixes its checksum. */
function withDeclaredSize(archive: Buffer, size: number): Buffer {
  const out = Buffer.from(archive);
  out.write(size.toString(8).padStart(11, '0') + '\0', 124, 'latin1');
  out.fill(0x20, 148, 156);
  let sum = 0;
  for (let i = 0; i < 512; i++) sum += out[i] as number;
  out.write(sum.toString(8).padStart(6, '0') + '\0 ', 148, 'latin1');
  return out;
}

async function failure(archive: Buffer | AsyncIterable<Uint8Array>, options: TarReadOptions = limits): Promise<unknown> {
  try {
    await readAll(archive, options);
  } catch (error) {
    return error;
  }
  return null;
}

describe('tar writer and reader', () => {
  let dir = '';
  let cleanup: () => Promise<void> = async () => undefined;
  beforeEach(async () => ({ dir, cleanup } = await makeTempDir('outpost-tar-')));
  afterEach(() => cleanup());

  const files: Array<[string, Buffer]> = [
    ['manifest.json', Buffer.from('{"parts":[]}')],
    ['empty', Buffer.alloc(0)],
    ['events/device-1.jsonl', randomBytes(70_000)],
    [`blobs/${'f'.repeat(64)}/${'long-name-'.repeat(12)}.bin`, randomBytes(1_048_576 + 3)],
    ['ünïcödé name.txt', Buffer.from('text')],
  ];

  async function writeArchive(): Promise<Buffer> {
    const writer = createTarWriter();
    const output = collect(writer.output);
    for (const [name, content] of files) {
      // Alternate a Buffer and a stream of small pieces.
      const source = name.startsWith('events') ? Readable.from(Array.from({ length: 70 }, (_, i) => content.subarray(i * 1000, (i + 1) * 1000))) : content;
      await writer.add({ name, size: content.length, mtime: new Date('2024-05-01T00:00:00Z') }, source);
    }
    await writer.finish();
    return output;
  }

  it('round-trips regular files of any size and name, in order', async () => {
    const archive = await writeArchive();
    const read = await readAll(archive);
    expect([...read.keys()]).toEqual(files.map(([name]) => name));
    for (const [name, content] of files) expect(read.get(name)?.equals(content), name).toBe(true);
    // The same archive arriving in 1 KiB pieces.
    const pieces = Array.from({ length: Math.ceil(archive.length / 1024) }, (_, i) => archive.subarray(i * 1024, (i + 1) * 1024));
    expect((await readAll(Readable.from(pieces))).size).toBe(files.length);
  });

  it('skips what the caller leaves unread', async () => {
    const archive = await writeArchive();
    const names: string[] = [];
    for await (const entry of readTar([archive], limits)) names.push(entry.name);
    expect(names).toEqual(files.map(([name]) => name));
  });

  it('streams through age both ways: tar → encrypt → file → decrypt → tar entries', async () => {
    const identity = generateIdentity();
    const file = path.join(dir, 'bundle.age');
    const writer = createTarWriter();
    const written = pipeline(writer.output, createEncryptStream({ recipients: [recipientOf(identity)] }), createWriteStream(file));
    for (const [name, content] of files) await writer.add({ name, size: content.length }, content);
    await writer.finish();
    await written;
    const read = await readAll(decrypt(createReadStream(file), { identities: [identity] }));
    for (const [name, content] of files) expect(read.get(name)?.equals(content), name).toBe(true);

    if (!(hasAge && hasGnuTar)) return;
    // What a coordinator does with standard tools: age -d, then tar -x.
    const key = path.join(dir, 'key.txt');
    await writeFile(key, formatIdentityFile(identity));
    const out = path.join(dir, 'extracted');
    await mkdir(out);
    const result = spawnSync('sh', ['-c', `age -d -i "${key}" "${file}" | tar -x -C "${out}"`], { encoding: 'utf8' });
    expect(result.status, result.stderr).toBe(0);
    for (const [name, content] of files) expect((await readFile(path.join(out, name))).equals(content), name).toBe(true);
  });

  it.skipIf(!hasGnuTar)('GNU tar extracts what we write', async () => {
    const file = path.join(dir, 'ours.tar');
    await writeFile(file, await writeArchive());
    const out = path.join(dir, 'out');
    await mkdir(out);
    const result = spawnSync('tar', ['-xf', file, '-C', out], { encoding: 'utf8' });
    expect(result.stderr).toBe('');
    expect(result.status).toBe(0);
    for (const [name, content] of files) expect((await readFile(path.join(out, name))).equals(content), name).toBe(true);
  });

  it.skipIf(!hasGnuTar)('reads what GNU tar writes, in its gnu, posix (pax) and ustar formats', async () => {
    const src = path.join(dir, 'src');
    for (const [name, content] of files) {
      await mkdir(path.dirname(path.join(src, name)), { recursive: true });
      await writeFile(path.join(src, name), content);
    }
    for (const format of ['gnu', 'posix', 'ustar']) {
      // ustar cannot hold the 135-character name.
      const chosen = format === 'ustar' ? files.filter(([name]) => name.length < 100) : files;
      const lists = format === 'ustar' ? [chosen.map(([name]) => name)] : [['.'], chosen.map(([name]) => name)];
      for (const args of lists) {
        const file = path.join(dir, `${format}.tar`);
        const result = spawnSync('tar', [`--format=${format}`, '-cf', file, '-C', src, ...args], { encoding: 'utf8' });
        expect(result.status, result.stderr).toBe(0);
        const read = await readAll(await readFile(file), { ...limits, directories: 'skip' });
        for (const [name, content] of chosen) expect(read.get(name)?.equals(content), `${format} ${name}`).toBe(true);
      }
    }
  });
});

describe('hostile tar archives', () => {
  const expectRefusal = async (archive: Buffer, kind: TarError['kind'], message: string | RegExp, options?: TarReadOptions): Promise<void> => {
    const error = await failure(archive, options);
    expect(error).toBeInstanceOf(TarError);
    expect((error as TarError).kind).toBe(kind);
    expect((error as TarError).message).toMatch(message);
  };

  it('refuses absolute paths, "..", backslashes and control characters', async () => {
    await expectRefusal(await rawArchive([{ name: '/etc/passwd', content: Buffer.from('x') }]), 'path', 'The archive entry "/etc/passwd" is refused: its path is absolute');
    await expectRefusal(await rawArchive([{ name: '../x', content: Buffer.from('x') }]), 'path', 'The archive entry "../x" is refused: its path climbs out of the folder ("..")');
    await expectRefusal(await rawArchive([{ name: 'a/../../x', content: Buffer.from('x') }]), 'path', /climbs out of the folder/);
    await expectRefusal(await rawArchive([{ name: 'a\\..\\x', content: Buffer.from('x') }]), 'path', /contains a backslash/);
    await expectRefusal(await rawArchive([{ name: 'a\nb', content: Buffer.from('x') }]), 'path', /control characters/);
    await expectRefusal(await rawArchive([{ name: 'C:/x', content: Buffer.from('x') }]), 'path', /drive letter/);
    await expectRefusal(await rawArchive([{ name: 'a//b', content: Buffer.from('x') }]), 'path', /canonical form/);
  });

  it('refuses links, devices, FIFOs and unwanted folders', async () => {
    await expectRefusal(await rawArchive([{ name: 'link', type: 'symlink', linkname: '/etc/passwd' }]), 'type', 'The archive entry "link" is refused: it is a symbolic link');
    await expectRefusal(await rawArchive([{ name: 'manifest', content: Buffer.from('x') }, { name: 'hard', type: 'link', linkname: 'manifest' }]), 'type', 'The archive entry "hard" is refused: it is a hard link');
    await expectRefusal(await rawArchive([{ name: 'null', type: 'character-device', devmajor: 1, devminor: 3 }]), 'type', 'The archive entry "null" is refused: it is a character device');
    await expectRefusal(await rawArchive([{ name: 'sda', type: 'block-device', devmajor: 8, devminor: 0 }]), 'type', /it is a block device/);
    await expectRefusal(await rawArchive([{ name: 'pipe', type: 'fifo' }]), 'type', /it is a FIFO/);
    await expectRefusal(await rawArchive([{ name: 'dir/', type: 'directory' }]), 'type', /folders are not expected/);
    expect((await readAll(await rawArchive([{ name: 'dir/', type: 'directory' }]), { ...limits, directories: 'skip' })).size).toBe(0);
  });

  it('refuses declared sizes over the limit, and sizes far beyond the real content', async () => {
    const archive = await rawArchive([{ name: 'big', content: randomBytes(2000) }]);
    await expectRefusal(archive, 'size', 'The archive entry "big" is refused: it declares 2000 bytes, more than the limit of 1000', { maxEntryBytes: 1000 });
    await expectRefusal(withDeclaredSize(archive, 5_000_000), 'truncated', 'The archive is truncated (in or after the entry "big")');
    await expectRefusal(withDeclaredSize(archive, 8 ** 11 - 1), 'size', /declares 8589934591 bytes/);
    const two = await rawArchive([{ name: 'a', content: randomBytes(600) }, { name: 'b', content: randomBytes(600) }]);
    await expectRefusal(two, 'size', /declares more than 1000 bytes in all \(at "b"\)/, { ...limits, maxTotalBytes: 1000 });
  });

  it('refuses duplicate names and a name that is both a file and a folder', async () => {
    await expectRefusal(await rawArchive([{ name: 'a', content: Buffer.from('1') }, { name: 'a', content: Buffer.from('2') }]), 'duplicate', 'The archive entry "a" is refused: it appears twice in the archive');
    await expectRefusal(await rawArchive([{ name: 'a', content: Buffer.from('1') }, { name: './a', content: Buffer.from('2') }]), 'duplicate', /appears twice/);
    await expectRefusal(await rawArchive([{ name: 'a', content: Buffer.from('1') }, { name: 'a/b', content: Buffer.from('2') }]), 'duplicate', 'The archive entry "a/b" is refused: it is inside "a", which is a file');
    await expectRefusal(await rawArchive([{ name: 'a/b', content: Buffer.from('1') }, { name: 'a', content: Buffer.from('2') }]), 'duplicate', /is both a file and a folder/);
  });

  it('refuses damaged headers, truncation and a missing end marker', async () => {
    const archive = await rawArchive([{ name: 'a', content: randomBytes(3000) }, { name: 'b', content: randomBytes(10) }]);
    const damaged = Buffer.from(archive);
    damaged.writeUInt8((damaged[3] ?? 0) ^ 0x20, 3);
    await expectRefusal(damaged, 'format', /a header does not check out/);
    await expectRefusal(archive.subarray(0, 2000), 'truncated', /The archive is truncated/);
    await expectRefusal(archive.subarray(0, 512 * 9), 'truncated', 'The archive is truncated (its end-of-archive marker is missing)');
    await expectRefusal(randomBytes(4096), 'format', /damaged or not a tar archive/);
  });

  it('passes the source\'s own error through unchanged (a decryption failure stays an AgeError)', async () => {
    const archive = await rawArchive([{ name: 'a', content: randomBytes(100_000) }]);
    async function* source(): AsyncGenerator<Buffer> {
      yield archive.subarray(0, 50_000);
      throw new AgeError('payload', 'The file was altered or truncated (chunk 2 does not authenticate)');
    }
    const error = await failure(source());
    expect(error).toBeInstanceOf(AgeError);
    expect(error).toMatchObject({ kind: 'payload' });
  });
});

describe('tar writer refusals', () => {
  it('refuses names it would refuse to read, and content that does not match its size', async () => {
    const writer = createTarWriter();
    await expect(writer.add({ name: '../x', size: 1 }, Buffer.from('x'))).rejects.toMatchObject({ kind: 'path' });
    await expect(writer.add({ name: './x', size: 1 }, Buffer.from('x'))).rejects.toMatchObject({ kind: 'path' });
    await expect(writer.add({ name: 'x', size: -1 }, Buffer.from('x'))).rejects.toMatchObject({ kind: 'size' });
    await writer.add({ name: 'x', size: 1 }, Buffer.from('x'));
    await expect(writer.add({ name: 'x', size: 1 }, Buffer.from('x'))).rejects.toMatchObject({ kind: 'duplicate' });

    for (const [declared, content, how] of [
      [5, Buffer.from('toolong'), 'longer'],
      [50, Buffer.from('short'), 'shorter'],
    ] as const) {
      const sized = createTarWriter();
      const output = collect(sized.output).catch((error: unknown) => error);
      await expect(sized.add({ name: 'f', size: declared }, content)).rejects.toThrow(`The content of "f" is ${how} than its declared ${declared} bytes`);
      // The half-written archive ends in the same error, never as a valid tar.
      expect(await output).toBeInstanceOf(TarError);
      await expect(sized.finish()).rejects.toBeInstanceOf(TarError);
    }
  });
});

describe('tar framing', () => {
  const mtime = new Date('2024-05-01T12:34:56Z');

  it('frames entries byte for byte as tar-stream packs them: ustar, a split prefix, pax for the rest', async () => {
    const names = ['a', 'x'.repeat(100), `${'d'.repeat(60)}/${'f'.repeat(90)}`, 'y'.repeat(101), `${'p/'.repeat(80)}z`, 'ünïcödé.txt', `blobs/${'e'.repeat(64)}`];
    for (const name of names) {
      for (const size of [0, 1, 511, 512, 513, 70_000]) {
        const content = randomBytes(size);
        const writer = createTarWriter();
        const ours = collect(writer.output);
        await writer.add({ name, size, mtime, mode: 0o640 }, content);
        await writer.finish();
        const theirs = await rawArchive([{ name, mtime, mode: 0o640, type: 'file', content }]);
        expect((await ours).equals(theirs), `${name.slice(0, 20)}…, ${size} bytes`).toBe(true);
      }
    }
  });

  it('writes sizes of 8 GiB and more in GNU base-256, which readers decode', async () => {
    for (const size of [8 * 1024 ** 3 - 1, 8 * 1024 ** 3, 5 * 1024 ** 4 + 3]) {
      const header = fileHeader({ name: 'big.img', size, mode: 0o644, mtime });
      expect(header[124] === 0x80, `${size}`).toBe(size >= 8 * 1024 ** 3);
      const extract = createExtract();
      const declared = new Promise<number>((resolve) => extract.on('entry', (entry) => resolve(entry.size ?? -1)));
      extract.write(header);
      expect(await declared).toBe(size);
      extract.destroy();
    }
  });
});

describe('tar writer with a sink', () => {
  it('writes the same archive into a sink that makes it wait, with content from bytes, pieces or a producer', async () => {
    const content = randomBytes(300_000);
    const received: Buffer[] = [];
    let waits = 0;
    const sink: TarSink = (bytes) => {
      received.push(Buffer.from(bytes));
      if (received.length % 3 !== 0) return;
      waits++;
      return new Promise((resolve) => setTimeout(resolve, 1));
    };
    const writer = createTarWriter(sink);
    await writer.add({ name: 'bytes', size: content.length }, content);
    await writer.add({ name: 'pieces', size: content.length }, Readable.from(Array.from({ length: 30 }, (_, i) => content.subarray(i * 10_000, (i + 1) * 10_000))));
    await writer.add({ name: 'producer', size: content.length }, async (write) => {
      for (let at = 0; at < content.length; at += 65_536) await write(content.subarray(at, at + 65_536));
    });
    await writer.finish();
    expect(waits).toBeGreaterThan(0);
    const read = await readAll(Buffer.concat(received));
    expect([...read.keys()]).toEqual(['bytes', 'pieces', 'producer']);
    for (const bytes of read.values()) expect(bytes.equals(content)).toBe(true);
  });

  it('fails the entry and every later one when a producer writes more than declared, or the sink fails', async () => {
    const writer = createTarWriter(() => undefined);
    await expect(writer.add({ name: 'f', size: 4 }, async (write) => void (await write(Buffer.from('12345'))))).rejects.toMatchObject({ kind: 'size' });
    await expect(writer.add({ name: 'g', size: 1 }, Buffer.from('x'))).rejects.toMatchObject({ kind: 'size' });
    await expect(writer.finish()).rejects.toMatchObject({ kind: 'size' });

    const failing = createTarWriter(() => Promise.reject(new Error('disk full')));
    await expect(failing.add({ name: 'f', size: 1 }, Buffer.from('x'))).rejects.toThrow('disk full');
    await expect(failing.finish()).rejects.toThrow('disk full');
  });

  it('stops a producer waiting on the sink when the archive is aborted', async () => {
    let release: () => void = () => undefined;
    const writer = createTarWriter(() => new Promise<void>((resolve) => (release = resolve)));
    const adding = writer.add({ name: 'f', size: 10 }, async (write) => {
      await write(Buffer.alloc(5));
      await write(Buffer.alloc(5));
    });
    await new Promise((resolve) => setTimeout(resolve, 5));
    writer.abort(new Error('cancelled'));
    release();
    await expect(adding).rejects.toThrow('cancelled');
  });
});
