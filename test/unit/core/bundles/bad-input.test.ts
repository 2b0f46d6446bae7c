import { readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { BundleJobView } from '../../../../shared/api/bundle-schemas';
import { decryptBuffer, encryptBuffer, formatIdentityFile, generateIdentity, passphraseRecipient, type X25519Identity } from '../../../../electron/core/age';
import { sha256Hex } from '../../../../electron/core/vault/event-factory';
import { eventHashInput } from '../../../../shared/events/event';
import { makeTempDir, snapshotDir } from '../../../support/temp-dir';
import { exportFile, finish, openDesk, seedCase, type Desk } from './bundle-fixture';
import { sha, tarOf, untar, type Entry } from './bundle-forge';

describe('bad bundles are rejected whole, with a reason, and the vault stays byte-for-byte unchanged', () => {
  let dir: string;
  let cleanup: () => Promise<void>;
  let field: Desk;
  let coordinator: Desk;
  let identity: X25519Identity;
  let idFile: string;
  let good: Buffer;
  let entries: Entry[];
  let caseId: string;
  let n = 0;

  beforeAll(async () => {
    ({ dir, cleanup } = await makeTempDir());
    field = await openDesk(path.join(dir, 'field'));
    coordinator = await openDesk(path.join(dir, 'coordinator'));
    identity = generateIdentity();
    idFile = path.join(dir, 'id.txt');
    await writeFile(idFile, formatIdentityFile(identity));
    caseId = await seedCase(field, 'Tamper target', dir, 150_000);
    // A second file and more notes, so chains have a middle.
    for (let i = 0; i < 3; i++) await field.call('note.add', { caseId, text: `note ${i}` });
    const file = path.join(dir, 'good.outpost');
    await exportFile(field, [caseId], file, { recipients: [identity.recipient] });
    good = await readFile(file);
    entries = untar(await decryptBuffer(good, { identities: [identity] }));
  }, 60_000);
  afterAll(async () => {
    await field.core.close();
    await coordinator.core.close();
    await cleanup();
  });

  const sign = (manifest: Buffer) => Buffer.from(field.core.vault.unlocked().device.sign(manifest) + '\n');

  /** Rebuilds the bundle from edited entries; with `resign`, the manifest, sums and signature are made to fit (an insider with the exporter's key). */
  async function rebuild(edit: (list: Entry[]) => Entry[], resign = true): Promise<Buffer> {
    let list = edit(entries.map((e) => ({ ...e, body: Buffer.from(e.body) })));
    if (resign) {
      const manifestEntry = list.find((e) => e.name === 'MANIFEST.json');
      if (manifestEntry) {
        const manifest = JSON.parse(manifestEntry.body.toString()) as { parts: Array<{ path: string; size: number; sha256: string }>; cases: Array<{ path: string; events: number }> };
        for (const part of manifest.parts) {
          const e = list.find((x) => x.name === part.path);
          if (e) Object.assign(part, { size: e.body.length, sha256: sha(e.body) });
        }
        for (const c of manifest.cases) {
          const e = list.find((x) => x.name === c.path);
          if (e) c.events = e.body.toString().split('\n').filter(Boolean).length;
        }
        manifestEntry.body = Buffer.from(JSON.stringify(manifest, null, 2) + '\n');
        list = list.map((e) => (e.name === 'MANIFEST.sig' ? { ...e, body: sign(manifestEntry.body) } : e));
        const sums = [`${sha(manifestEntry.body)}  MANIFEST.json`, ...manifest.parts.map((p) => `${p.sha256}  ${p.path}`)].join('\n') + '\n';
        list = list.map((e) => (e.name === 'SHA256SUMS' ? { ...e, body: Buffer.from(sums) } : e));
      }
    }
    return encryptBuffer(await tarOf(list), { recipients: [identity] });
  }

  async function expectRejected(bytes: Buffer, reason: RegExp, open: { identityFile?: string; passphrase?: string } = {}): Promise<void> {
    const file = path.join(dir, `bad-${n++}.outpost`);
    await writeFile(file, bytes);
    await coordinator.call('vault.lock', {});
    const before = await snapshotDir(coordinator.dir);
    await coordinator.call('vault.unlock', { passphrase: 'correct horse battery staple' });
    const input = { path: file, ...(Object.keys(open).length > 0 ? open : { identityFile: idFile }) };
    const verify = await finish(coordinator, await coordinator.call('bundle.verify', input));
    expect(verify.state).toBe('failed');
    expect(verify.error?.message).toMatch(reason);
    const job = await finish(coordinator, await coordinator.call('bundle.import', input));
    expect(job.state).toBe('failed');
    expect(job.error?.code).toMatch(/damaged|bad_request/);
    expect(job.error?.message).toMatch(reason);
    await coordinator.call('vault.lock', {});
    expect(await snapshotDir(coordinator.dir)).toEqual(before);
    await coordinator.call('vault.unlock', { passphrase: 'correct horse battery staple' });
  }

  const chainFile = () => `cases/${caseId}.jsonl`;
  const editLines = (edit: (lines: string[]) => string[]) => (list: Entry[]) =>
    list.map((e) => (e.name === chainFile() ? { ...e, body: Buffer.from(edit(e.body.toString().trimEnd().split('\n')).join('\n') + '\n') } : e));

  it('the untouched bundle verifies (control)', async () => {
    const file = path.join(dir, 'control.outpost');
    await writeFile(file, good);
    const view = await finish(coordinator, await coordinator.call('bundle.verify', { path: file, identityFile: idFile }));
    expect(view.state).toBe('done');
  });

  it.each([0, 40, 120, 200, 1000, 5000, -100, -1])('a byte flipped at offset %i', async (offset) => {
    const bytes = Buffer.from(good);
    const at = offset < 0 ? bytes.length + offset : offset;
    bytes[at] = (bytes[at] ?? 0) ^ 0x01;
    await expectRejected(bytes, /rejected: (the file is not an intact age file|the file was altered|none of your keys opens it\. Either it was encrypted for other recipients, or its header was damaged)|cannot be opened/);
  });

  it('truncation', async () => {
    await expectRejected(good.subarray(0, good.length - 70_000), /truncated|cut off/);
    await expectRejected(good.subarray(0, good.length - (good.length % 65_552)), /truncated|cut off/);
    await expectRejected(good.subarray(0, 300), /truncated|cut off|not an intact age file/);
  });

  it('a manifest entry missing, or an extra one', async () => {
    const blob = entries.find((e) => e.name.startsWith('blobs/'))?.name ?? '';
    await expectRejected(await rebuild((l) => l.filter((e) => e.name !== blob), false), new RegExp(`${blob} is listed in the manifest but missing`));
    await expectRejected(await rebuild((l) => [...l.slice(0, -1), { name: `blobs/${'0'.repeat(64)}`, body: Buffer.from('x') }, ...l.slice(-1)], false), /does not list \(an extra entry\)/);
  });

  it('an event removed from the middle of a chain (re-signed by the exporter)', async () => {
    await expectRejected(await rebuild(editLines((lines) => lines.filter((_, i) => i !== 3))), /chains .* broken: .*neither in the bundle nor here \(an event was removed\)/);
  });

  it('events reordered', async () => {
    await expectRejected(await rebuild(editLines((lines) => [lines[0] ?? '', lines[2] ?? '', lines[1] ?? '', ...lines.slice(3)])), /out of order/);
  });

  /** The chain's last event with its timestamp replaced, hash and signature remade with the exporter's key (an insider, or a device with a broken clock). */
  const lastEventDated = (hlc: string) =>
    editLines((lines) =>
      lines.map((line, i) => {
        if (i !== lines.length - 1) return line;
        const { hash: _hash, sig: _sig, ...fields } = JSON.parse(line) as Parameters<typeof eventHashInput>[0] & { hash: string; sig: string };
        const hash = sha256Hex(eventHashInput({ ...fields, hlc }));
        return JSON.stringify({ ...fields, hlc, hash, sig: field.core.vault.unlocked().device.sign(Buffer.from(hash, 'hex')) });
      }),
    );

  it('a negative or oversized clock counter, and a far-future time (re-signed by the exporter)', async () => {
    await expectRejected(await rebuild(lastEventDated('001732384923000--99999')), /hlc: Not a hybrid logical clock timestamp/);
    await expectRejected(await rebuild(lastEventDated('001732384923000-1000000')), /hlc: Not a hybrid logical clock timestamp/);
    await expectRejected(await rebuild(lastEventDated('999999999999999-000000')), /event [0-9a-f-]{36} of case [0-9a-f-]{36} is dated \+?0*33658-.*more than 24 hours ahead/);
  });

  // An event signed by another key: see chain-heads.test.ts (version 1 bundles check each event's signature, version 2 its chain head).
  it('a manifest signed by another key', async () => {
    const other = await openDesk(path.join(dir, 'other'));
    try {
      const foreign = (m: Buffer) => Buffer.from(other.core.vault.unlocked().device.sign(m) + '\n');
      const bytes = await rebuild((l) => {
        const m = l.find((e) => e.name === 'MANIFEST.json')?.body ?? Buffer.alloc(0);
        return l.map((e) => (e.name === 'MANIFEST.sig' ? { ...e, body: foreign(m) } : e));
      }, false);
      await expectRejected(bytes, /manifest signature does not verify/);
    } finally {
      await other.core.close();
    }
  });

  it('a blob swapped for another', async () => {
    const swap = (l: Entry[]) => l.map((e) => (e.name.startsWith('blobs/') ? { ...e, body: Buffer.alloc(e.body.length, 7) } : e));
    await expectRejected(await rebuild(swap, false), /does not match its SHA-256 in the manifest \(altered or swapped\)/);
    // Re-signed: the manifest then names a blob no event refers to, and the event's file is missing.
    const renamed = (l: Entry[]) => {
      const out = swap(l);
      const blob = out.find((e) => e.name.startsWith('blobs/')) as Entry;
      const m = out.find((e) => e.name === 'MANIFEST.json') as Entry;
      const newName = `blobs/${sha(blob.body)}`;
      m.body = Buffer.from(m.body.toString().replaceAll(blob.name, newName));
      blob.name = newName;
      return out;
    };
    await expectRejected(await rebuild(renamed), /evidence file .* is missing from the bundle/);
  });

  it.each([
    ['an absolute path', { name: '/etc/passwd', body: Buffer.from('x') }, /refused|never has/],
    ['a .. path', { name: 'cases/../../evil', body: Buffer.from('x') }, /refused|never has/],
    ['a symbolic link', { name: 'blobs/link', body: Buffer.alloc(0), type: 'symlink', linkname: '/etc/passwd' }, /refused/],
    ['a device file', { name: 'blobs/dev', body: Buffer.alloc(0), type: 'character-device' }, /refused/],
  ] as Array<[string, Entry, RegExp]>)('an archive entry with %s', async (_label, entry, reason) => {
    await expectRejected(await rebuild((l) => [...l.slice(0, 3), entry, ...l.slice(3)], false), reason);
  });

  it('declared sizes far beyond the real ones', async () => {
    const bytes = await rebuild((l) => l.map((e) => (e.name.startsWith('blobs/') ? { ...e, size: e.body.length } : e)), false);
    // Patch the tar header's size field of the blob to 8 GiB-ish.
    const tar = await decryptBuffer(bytes, { identities: [identity] });
    let at = 0;
    while (at < tar.length) {
      const name = tar.subarray(at, at + 100).toString('utf8').replace(/\0.*$/s, '');
      const size = parseInt(tar.subarray(at + 124, at + 136).toString('ascii').replace(/\0.*$/s, '').trim(), 8);
      if (name.startsWith('blobs/')) {
        tar.write('77777777777\0', at + 124, 'ascii');
        let sum = 0;
        tar.fill(0x20, at + 148, at + 156);
        for (let i = 0; i < 512; i++) sum += tar[at + i] ?? 0;
        tar.write(sum.toString(8).padStart(6, '0') + '\0 ', at + 148, 'ascii');
        break;
      }
      at += 512 + Math.ceil(size / 512) * 512;
    }
    await expectRejected(await encryptBuffer(tar, { recipients: [identity] }), /bytes in the archive, but the manifest says/);
  });

  it('a bundle encrypted to someone else, and the wrong passphrase', async () => {
    const someoneElse = generateIdentity();
    const plain = await decryptBuffer(good, { identities: [identity] });
    await expectRejected(await encryptBuffer(plain, { recipients: [someoneElse] }), /none of your keys opens it\. Either it was encrypted for other recipients, or its header was damaged/);
    const withPassphrase = await encryptBuffer(plain, { recipients: [passphraseRecipient('right', { workFactor: 10 })] });
    await expectRejected(withPassphrase, /^The bundle passphrase is wrong$/, { passphrase: 'wrong' });
    // Opened with keys only, a passphrase bundle says that it needs the passphrase, not that it was made for someone else.
    await expectRejected(withPassphrase, /^This bundle is protected by a passphrase, not encrypted to your keys: enter the bundle passphrase/);
  });

  it('a missing file, and a folder, each said plainly', async () => {
    const reasonFor = async (file: string) => {
      const started = await coordinator.core.dispatch('bundle.verify', { path: file, identityFile: idFile });
      if (!started.ok) return started.error.message;
      return (await finish(coordinator, started.value as BundleJobView)).error?.message ?? '';
    };
    const missing = path.join(dir, 'no-such.outpost');
    expect(await reasonFor(missing)).toBe(`There is no file ${missing}: check the name and the folder`);
    expect(await reasonFor(dir)).toBe(`${dir} is a folder, not a bundle file`);
  });
});
