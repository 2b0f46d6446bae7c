/**
 * What every sync target promises (electron/core/sync/target.ts), as one
 * suite that each target's test runs against its real storage.
 */
import { createHash, randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import type { SyncTarget } from '../../electron/core/sync/target';
import { segmentName } from '../../electron/core/sync/segment-names';

const sha256 = (bytes: Uint8Array) => createHash('sha256').update(bytes).digest('hex');

/** `fresh` gives a new, empty target for each test. */
export function describeTargetContract(kind: string, fresh: () => Promise<SyncTarget>): void {
  const device = 'a'.repeat(64);
  const other = 'b'.repeat(64);

  describe(`the ${kind} target keeps the sync target contract`, () => {
    it('writes a file once, answers "same" for the same bytes and "different" for others, and never replaces it', async () => {
      const target = await fresh();
      const name = segmentName(device, 1);
      const bytes = randomBytes(70_000);
      expect(await target.putOnce(name, bytes, sha256(bytes))).toBe('written');
      expect(await target.putOnce(name, bytes, sha256(bytes))).toBe('same');
      const copied = randomBytes(70_000);
      expect(await target.putOnce(name, copied, sha256(copied))).toBe('different');
      expect(Buffer.from((await target.get(name)) ?? []).equals(bytes)).toBe(true);
    });

    it('lists the files under a prefix in name order, from a cursor on, and only whole files under their names', async () => {
      const target = await fresh();
      for (const sequence of [3, 1, 12, 2]) {
        const bytes = Buffer.from(`segment ${sequence}`);
        await target.putOnce(segmentName(device, sequence), bytes, sha256(bytes));
      }
      const empty = Buffer.alloc(0);
      await target.putOnce(segmentName(other, 1), empty, sha256(empty));
      const listed = (await target.list(`devices/${device}/`)).filter((n) => !n.split('/').at(-1)?.startsWith('.'));
      expect(listed).toEqual([1, 2, 3, 12].map((s) => segmentName(device, s)));
      expect((await target.list(`devices/${device}/`, segmentName(device, 2))).filter((n) => !n.split('/').at(-1)?.startsWith('.'))).toEqual([3, 12].map((s) => segmentName(device, s)));
      expect(await target.list(`devices/${other}/`)).toEqual([segmentName(other, 1)]);
      expect((await target.get(segmentName(other, 1)))?.length).toBe(0);
    });

    it('has nothing under a prefix no device wrote to, and no file under a name never written', async () => {
      const target = await fresh();
      expect(await target.list(`devices/${device}/`)).toEqual([]);
      expect(await target.get(segmentName(device, 1))).toBeNull();
    });

    it('leaves no temporary file behind', async () => {
      const target = await fresh();
      const bytes = randomBytes(1000);
      await target.putOnce(segmentName(device, 7), bytes, sha256(bytes));
      await target.putOnce(segmentName(device, 7), bytes, sha256(bytes));
      expect(await target.list(`devices/${device}/`)).toEqual([segmentName(device, 7)]);
    });
  });
}
