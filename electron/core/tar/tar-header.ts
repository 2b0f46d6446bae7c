/**
 * The bytes tar puts around a regular file, as tar-stream's packer writes
 * them (so archives are the same as before this writer framed them itself):
 *
 *   header  512 bytes, POSIX ustar: name (≤ 100 bytes, with a ≤ 155-byte
 *           prefix split at a '/'), mode, uid/gid 0, size (11 octal digits;
 *           GNU base-256 from 8 GiB), mtime, checksum, type '0', "ustar\0"
 *           "00", empty user and group names.
 *           A name that fits neither way, or is not ASCII, is written as a
 *           pax extended header ('x', named "PaxHeader") holding
 *           "path=<name>", its content padded to 512, then the ustar header.
 *   content the file's bytes, then zeros up to a multiple of 512.
 *   end     two zero blocks after the last entry.
 */
const BLOCK = 512;
const ZEROS = Buffer.alloc(2 * BLOCK);

export const END_OF_ARCHIVE: Buffer = ZEROS;

type HeaderFields = { name: string; size: number; mode: number; mtime: Date; type: 'file' | 'pax' };

/** The header block(s) of one regular file. */
export function fileHeader(entry: { name: string; size: number; mode: number; mtime: Date }): Buffer {
  const ustar = ustarHeader({ ...entry, type: 'file' });
  if (ustar) return ustar;
  const pax = paxRecord('path', entry.name);
  const common = { name: 'PaxHeader', mode: entry.mode, mtime: entry.mtime };
  return Buffer.concat([ustarHeader({ ...common, size: pax.length, type: 'pax' }) as Buffer, pax, padding(pax.length), ustarHeader({ ...common, size: entry.size, type: 'file' }) as Buffer]);
}

/** The zeros that follow `size` bytes of content (possibly none). */
export function padding(size: number): Buffer {
  const rest = size % BLOCK;
  return ZEROS.subarray(0, rest === 0 ? 0 : BLOCK - rest);
}

function ustarHeader(fields: HeaderFields): Buffer | null {
  const split = splitName(fields.name);
  if (!split) return null;
  const block = Buffer.alloc(BLOCK);
  block.write(split.name, 0, 'ascii');
  block.write(octal(fields.mode & 0o7777, 6), 100, 'ascii');
  block.write(octal(0, 6), 108, 'ascii');
  block.write(octal(0, 6), 116, 'ascii');
  writeSize(block, fields.size);
  block.write(octal(Math.floor(fields.mtime.getTime() / 1000), 11), 136, 'ascii');
  block[156] = fields.type === 'file' ? 0x30 : 0x78; // '0', 'x'
  block.write('ustar\u000000', 257, 'ascii');
  block.write(octal(0, 6), 329, 'ascii');
  block.write(octal(0, 6), 337, 'ascii');
  if (split.prefix) block.write(split.prefix, 345, 'ascii');
  block.write(octal(checksum(block), 6), 148, 'ascii');
  return block;
}

/** Name and prefix fields for `name`, or null when it needs a pax header. */
function splitName(full: string): { name: string; prefix: string } | null {
  if (Buffer.byteLength(full) !== full.length) return null;
  let name = full;
  let prefix = '';
  while (name.length > 100) {
    const slash = name.indexOf('/');
    if (slash === -1) return null;
    prefix += (prefix ? '/' : '') + name.slice(0, slash);
    name = name.slice(slash + 1);
  }
  return prefix.length > 155 ? null : { name, prefix };
}

/** `digits` octal digits and a space; all sevens when the value does not fit (as tar-stream). */
function octal(value: number, digits: number): string {
  const text = value.toString(8);
  return (text.length > digits ? '7'.repeat(digits) : text.padStart(digits, '0')) + ' ';
}

function writeSize(block: Buffer, size: number): void {
  if (size.toString(8).length <= 11) {
    block.write(octal(size, 11), 124, 'ascii');
    return;
  }
  // GNU base-256: a 0x80 marker, then the size big-endian in the 11 bytes left.
  block[124] = 0x80;
  for (let i = 11, rest = size; i > 0; i--, rest = Math.floor(rest / 256)) block[124 + i] = rest % 256;
}

function checksum(block: Buffer): number {
  let sum = 8 * 0x20; // the checksum field itself counts as spaces
  for (let i = 0; i < 148; i++) sum += block[i] as number;
  for (let i = 156; i < BLOCK; i++) sum += block[i] as number;
  return sum;
}

/** One pax record: "<length> <key>=<value>\n", the length counting its own digits. */
function paxRecord(key: string, value: string): Buffer {
  const body = ` ${key}=${value}\n`;
  const bytes = Buffer.byteLength(body);
  let digits = String(bytes).length;
  if (bytes + digits >= 10 ** digits) digits++;
  return Buffer.from(`${bytes + digits}${body}`, 'utf8');
}
