/**
 * The names of a sync target's files. Each device writes only under its own
 * prefix, `devices/<device id>/`, segments numbered so that name order is
 * write order: `devices/<device id>/<16-digit sequence>.bundle`. Anything
 * else a target shows — temporary names (`.tmp`, `.part`, `.davfs.tmp*`),
 * Syncthing's `*.sync-conflict-*` copies, a user's own files — matches no
 * pattern and is ignored, never an error.
 */
const DEVICE_ID = /^[0-9a-f]{64}$/;
const SEGMENT = /^devices\/([0-9a-f]{64})\/([0-9]{16})\.bundle$/;
const SEQUENCE_DIGITS = 16;
/** The largest sequence number the 16 digits hold exactly as a JavaScript number. */
export const MAX_SEQUENCE = Number.MAX_SAFE_INTEGER;

export function devicePrefix(deviceId: string): string {
  if (!DEVICE_ID.test(deviceId)) throw new Error(`Not a device id: ${deviceId.slice(0, 80)}`);
  return `devices/${deviceId}/`;
}

export function segmentName(deviceId: string, sequence: number): string {
  if (!Number.isSafeInteger(sequence) || sequence < 1) throw new Error(`Not a segment sequence number: ${sequence}`);
  return `${devicePrefix(deviceId)}${String(sequence).padStart(SEQUENCE_DIGITS, '0')}.bundle`;
}

/** The device and sequence a name stands for, or null for any name that is not exactly a segment's. */
export function parseSegmentName(name: string): { deviceId: string; sequence: number } | null {
  const match = SEGMENT.exec(name);
  if (!match) return null;
  const sequence = Number(match[2]);
  if (!Number.isSafeInteger(sequence) || sequence < 1) return null;
  return { deviceId: match[1] as string, sequence };
}
