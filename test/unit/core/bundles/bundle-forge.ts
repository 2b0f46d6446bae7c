/**
 * Test support for forged bundles: a bundle's tar entries taken apart and
 * put together again, so tests can alter them as an attacker would.
 */
import { createHash } from 'node:crypto';
import { pack } from 'tar-stream';

export type Entry = { name: string; body: Buffer; type?: 'file' | 'symlink' | 'character-device'; size?: number; linkname?: string };

export async function tarOf(entries: Entry[]): Promise<Buffer> {
  const p = pack();
  const chunks: Buffer[] = [];
  p.on('data', (c: unknown) => void chunks.push(c as Buffer));
  const ended = new Promise<void>((resolve) => p.on('end', () => resolve()));
  for (const e of entries) {
    if (e.type && e.type !== 'file') p.entry({ name: e.name, type: e.type, ...(e.linkname ? { linkname: e.linkname } : {}), size: 0 });
    else p.entry({ name: e.name, size: e.size ?? e.body.length }, e.body);
  }
  p.finalize();
  await ended;
  return Buffer.concat(chunks);
}

export function untar(tar: Buffer): Entry[] {
  const out: Entry[] = [];
  for (let at = 0; at + 512 <= tar.length; ) {
    const header = tar.subarray(at, at + 512);
    if (header.every((b) => b === 0)) break;
    const name = header.subarray(0, 100).toString('utf8').replace(/\0.*$/s, '');
    const size = parseInt(header.subarray(124, 136).toString('ascii').replace(/\0.*$/s, '').trim(), 8);
    out.push({ name, body: Buffer.from(tar.subarray(at + 512, at + 512 + size)) });
    at += 512 + Math.ceil(size / 512) * 512;
  }
  return out;
}

export const sha = (b: Buffer) => createHash('sha256').update(b).digest('hex');
