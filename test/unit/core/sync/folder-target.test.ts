import { createHash } from 'node:crypto';
import { mkdir, readdir, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { FolderTarget } from '../../../../electron/core/sync/folder-target';
import { parseSegmentName, segmentName } from '../../../../electron/core/sync/segment-names';
import { TargetError } from '../../../../electron/core/sync/target';
import { describeTargetContract } from '../../../support/sync-target-contract';
import { makeTempDir } from '../../../support/temp-dir';

const sha256 = (bytes: Uint8Array) => createHash('sha256').update(bytes).digest('hex');
const device = 'c'.repeat(64);

const cleanups: Array<() => Promise<void>> = [];
afterAll(async () => {
  await Promise.all(cleanups.map((c) => c()));
});

async function folder(): Promise<{ dir: string; target: FolderTarget }> {
  const { dir, cleanup } = await makeTempDir('outpost-folder-target-');
  cleanups.push(cleanup);
  return { dir, target: new FolderTarget(dir) };
}

describeTargetContract('folder', async () => (await folder()).target);

describe('a folder target', () => {
  it('is unreachable when its folder is not there (a drive not connected), and creates nothing', async () => {
    const { dir } = await folder();
    const missing = path.join(dir, 'usb-stick');
    const target = new FolderTarget(missing);
    const bytes = Buffer.from('x');
    for (const call of [() => target.putOnce(segmentName(device, 1), bytes, sha256(bytes)), () => target.list(`devices/${device}/`), () => target.get(segmentName(device, 1))]) {
      const failure = await call().catch((error: unknown) => error);
      expect(failure).toBeInstanceOf(TargetError);
      expect((failure as TargetError).kind).toBe('unreachable');
      expect((failure as TargetError).message).toContain('is the drive connected');
    }
    expect(await readdir(dir)).toEqual([]);
  });

  it('shows the files others left (a conflict copy, a partial download) in listings, which segment names then ignore', async () => {
    const { dir, target } = await folder();
    const bytes = Buffer.from('segment one');
    await target.putOnce(segmentName(device, 1), bytes, sha256(bytes));
    const deviceDir = path.join(dir, 'devices', device);
    await writeFile(path.join(deviceDir, '0000000000000001.sync-conflict-20261203-101500-ABCDEFG.bundle'), 'other');
    await writeFile(path.join(deviceDir, '.0000000000000002.bundle.9f3a.tmp'), 'half');
    await mkdir(path.join(deviceDir, '0000000000000003.bundle'));
    const listed = await target.list(`devices/${device}/`);
    expect(listed).toHaveLength(3);
    expect(listed.map(parseSegmentName).filter((s) => s !== null)).toEqual([{ deviceId: device, sequence: 1 }]);
  });

  it('refuses names that would leave the folder', async () => {
    const { target } = await folder();
    const bytes = Buffer.from('x');
    for (const name of ['../escape', '/etc/passwd', 'devices/./x', 'devices/../../x']) {
      await expect(target.putOnce(name, bytes, sha256(bytes))).rejects.toMatchObject({ kind: 'broken' });
    }
  });

  it('answers "different" and keeps the first file when another writer took the name meanwhile', async () => {
    const { dir, target } = await folder();
    const name = segmentName(device, 5);
    await mkdir(path.join(dir, 'devices', device), { recursive: true });
    await writeFile(path.join(dir, name), 'written by a copy of this vault');
    const mine = Buffer.from('mine');
    expect(await target.putOnce(name, mine, sha256(mine))).toBe('different');
    expect(Buffer.from((await target.get(name)) ?? []).toString()).toBe('written by a copy of this vault');
    await rm(path.join(dir, name));
  });
});

describe('segment names', () => {
  it('stand for exactly one device and sequence, and nothing else is one', () => {
    expect(segmentName(device, 1)).toBe(`devices/${device}/0000000000000001.bundle`);
    expect(parseSegmentName(segmentName(device, 123_456_789))).toEqual({ deviceId: device, sequence: 123_456_789 });
    for (const name of [
      `devices/${device}/0000000000000001.bundle.tmp`,
      `devices/${device}/000000000000001.bundle`,
      `devices/${device}/0000000000000000.bundle`,
      `devices/${device.toUpperCase()}/0000000000000001.bundle`,
      `devices/${device}/0000000000000001.sync-conflict-20261203-101500-ABCDEFG.bundle`,
      `devices/${device}/.davfs.tmp0000000000000001.bundle`,
      `x/devices/${device}/0000000000000001.bundle`,
      `devices/${device}/9999999999999999.bundle`,
    ]) {
      expect(parseSegmentName(name), name).toBeNull();
    }
    expect(() => segmentName('not-a-device', 1)).toThrow();
    expect(() => segmentName(device, 0)).toThrow();
  });
});
