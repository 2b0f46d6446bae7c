import { randomBytes } from 'node:crypto';
import { renameSync } from 'node:fs';
import { mkdir, readdir, readFile, rename, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { FolderTarget } from '../../../../electron/core/sync/folder-target';
import { DeviceIdClash, Outbox, PushStopped } from '../../../../electron/core/sync/outbox';
import { segmentName } from '../../../../electron/core/sync/segment-names';
import { makeTempDir } from '../../../support/temp-dir';

const device = 'd'.repeat(64);

describe('the outbox', () => {
  let dir = '';
  let cleanup: () => Promise<void> = () => Promise.resolve();
  let vault = '';
  let drive = '';
  beforeEach(async () => {
    ({ dir, cleanup } = await makeTempDir('outpost-outbox-'));
    vault = path.join(dir, 'vault');
    drive = path.join(dir, 'drive');
    await mkdir(vault);
    await mkdir(drive);
  });
  afterEach(() => cleanup());

  async function sealed(outbox: Outbox, count: number): Promise<Buffer[]> {
    const contents: Buffer[] = [];
    for (let i = 0; i < count; i++) {
      const bytes = randomBytes(1000 + i);
      contents.push(bytes);
      await outbox.add((temp) => writeFile(temp, bytes));
    }
    return contents;
  }

  it('numbers segments in the order they are sealed, and a failed sealing leaves nothing', async () => {
    const outbox = new Outbox(vault);
    expect(await outbox.sequences()).toEqual([]);
    await sealed(outbox, 3);
    await expect(
      outbox.add(async (temp) => {
        await writeFile(temp, 'half a segment');
        throw new Error('the export was cancelled');
      }),
    ).rejects.toThrow('the export was cancelled');
    expect(await outbox.sequences()).toEqual([1, 2, 3]);
    expect(await readdir(outbox.dir)).toEqual(['0000000000000001.bundle', '0000000000000002.bundle', '0000000000000003.bundle']);
    expect((await outbox.add((temp) => writeFile(temp, 'next'))).sequence).toBe(4);
  });

  it('sends the segments after the cursor, in order, under the device’s names; sending again changes nothing', async () => {
    const outbox = new Outbox(vault);
    const contents = await sealed(outbox, 3);
    const target = new FolderTarget(drive);
    const sent: number[] = [];
    expect(await outbox.push(target, device, 0, (s) => sent.push(s))).toBe(3);
    expect(sent).toEqual([1, 2, 3]);
    for (const [i, bytes] of contents.entries()) expect((await readFile(path.join(drive, segmentName(device, i + 1)))).equals(bytes)).toBe(true);
    // A retry from an older cursor (the cursor was not saved) sends the same bytes: the target answers "same".
    expect(await outbox.push(target, device, 1)).toBe(3);
    expect(await target.list(`devices/${device}/`)).toEqual([1, 2, 3].map((s) => segmentName(device, s)));
    expect(await outbox.push(target, device, 3)).toBe(3);
  });

  it('stops where the drive went away, keeps how far it got, and goes on from there when it is back', async () => {
    const outbox = new Outbox(vault);
    await sealed(outbox, 4);
    const target = new FolderTarget(drive);
    const unplugged = path.join(dir, 'unplugged');
    const stopped = await outbox
      .push(target, device, 0, (s) => {
        // Unplugged right after the second segment, before the third is sent.
        if (s === 2) renameSync(drive, unplugged);
      })
      .catch((error: unknown) => error);
    expect(stopped).toBeInstanceOf(PushStopped);
    expect((stopped as PushStopped).unreachable).toBe(true);
    expect((stopped as PushStopped).cursor).toBe(2);
    await rename(unplugged, drive);
    expect(await target.list(`devices/${device}/`)).toEqual([1, 2].map((s) => segmentName(device, s)));
    expect(await outbox.push(target, device, 2)).toBe(4);
    expect(await target.list(`devices/${device}/`)).toEqual([1, 2, 3, 4].map((s) => segmentName(device, s)));
  });

  it('stops, and says so plainly, when another copy of this vault wrote a different segment under this device', async () => {
    const outbox = new Outbox(vault);
    await sealed(outbox, 2);
    const target = new FolderTarget(drive);
    await mkdir(path.join(drive, 'devices', device), { recursive: true });
    await writeFile(path.join(drive, segmentName(device, 2)), 'written by a copy of this vault');
    const stopped = (await outbox.push(target, device, 0).catch((error: unknown) => error)) as PushStopped;
    expect(stopped).toBeInstanceOf(PushStopped);
    expect(stopped.cursor).toBe(1);
    expect(stopped.cause).toBeInstanceOf(DeviceIdClash);
    expect(stopped.message).toMatch(/another copy of this vault writes as the same device/);
    expect(await readFile(path.join(drive, segmentName(device, 2)), 'utf8')).toBe('written by a copy of this vault');
  });
});
