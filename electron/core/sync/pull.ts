/**
 * Reading one device's segments from a target: the names after its cursor,
 * strictly in sequence, each applied through the bundle import path (the
 * same checks as a bundle carried by hand: age, signatures, chain heads,
 * the roster). A segment counts only once it checks out: one that is not
 * there yet (not listed, not readable, a gap before it, cut short, not
 * authentic) stops this device's reading at the segment before it, with the
 * reason, and the next run tries again; it never stops the other devices.
 * One sealed for others only (before this device joined) is passed over.
 */
import { randomBytes } from 'node:crypto';
import { rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import type { BundleImportReport } from '../../../shared/api/bundle-schemas';
import { BundleNotForUs, BundleRejected } from '../bundles/rejection';
import { devicePrefix, parseSegmentName } from './segment-names';
import type { SyncTarget } from './target';

export type ApplySegment = (file: string) => Promise<BundleImportReport>;

export type DevicePull = {
  device: string;
  /** The last segment applied (the new cursor), or the old cursor when none was. */
  cursor: string | undefined;
  reports: BundleImportReport[];
  /** Why reading stopped before the end of what the target lists, or null when it read everything. */
  waiting: string | null;
  /** Segments passed over because they were sealed for others (before this device joined the team). */
  notForUs: number;
};

export async function pullDevice(target: SyncTarget, device: string, cursor: string | undefined, workDir: string, apply: ApplySegment): Promise<DevicePull> {
  const pull: DevicePull = { device, cursor, reports: [], waiting: null, notForUs: 0 };
  let expected = cursor === undefined ? 1 : (parseSegmentName(cursor)?.sequence ?? 0) + 1;
  const names = (await target.list(devicePrefix(device), cursor))
    .map((name) => ({ name, segment: parseSegmentName(name) }))
    .filter((n) => n.segment !== null && n.segment.deviceId === device)
    .sort((a, b) => (a.segment?.sequence ?? 0) - (b.segment?.sequence ?? 0));
  for (const { name, segment } of names) {
    const sequence = segment?.sequence ?? 0;
    if (sequence < expected) continue;
    if (sequence > expected) {
      pull.waiting = `segment ${expected} of this device is not there yet (segment ${sequence} is)`;
      break;
    }
    const bytes = await target.get(name);
    if (bytes === null) {
      pull.waiting = `${name} is listed but cannot be read yet`;
      break;
    }
    const file = path.join(workDir, `.sync-incoming-${randomBytes(6).toString('hex')}.bundle`);
    try {
      await writeFile(file, bytes, { flag: 'wx', mode: 0o600 });
      pull.reports.push(await apply(file));
    } catch (error) {
      // Whole, but sealed for the team as it was before this device joined: it never opens here, so it
      // is passed over (what it held is sealed again for the new team in the sender's next segment).
      if (error instanceof BundleNotForUs) pull.notForUs += 1;
      else {
        // Cut short, altered, from a device the roster refuses…: not there yet, for this device only.
        if (!(error instanceof BundleRejected)) throw error;
        pull.waiting = `${name} was refused: ${error.message}`;
        break;
      }
    } finally {
      await rm(file, { force: true });
    }
    pull.cursor = name;
    expected = sequence + 1;
  }
  return pull;
}
