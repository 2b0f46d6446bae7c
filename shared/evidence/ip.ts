/**
 * IP addresses in canonical text form, so that the same address typed two
 * ways is one indicator:
 * - IPv4: dotted quad in decimal without leading zeros. Zero-padded octets
 *   (`010.001.002.003`, as some logs print them) are read as decimal, never
 *   as octal; shorthand forms (`10.1`, `0x0a.0.0.1`, one big integer) are refused.
 * - IPv6: RFC 5952 — lowercase, no leading zeros, the longest run of two or
 *   more zero groups (the first on a tie) written `::`, and IPv4-mapped
 *   addresses (`::ffff:0:0/96`) with the last 32 bits in dotted form.
 * An optional CIDR suffix (`/24`, `/64`) is kept; brackets around an IPv6
 * address are dropped; zone ids (`%eth0`) are refused, they mean nothing
 * outside the host that printed them.
 */
export type IpResult = { ok: true; version: 4 | 6; value: string } | { ok: false; message: string };

const DECIMAL_OCTET = /^\d{1,3}$/;
const HEX_GROUP = /^[0-9a-fA-F]{1,4}$/;

function parseIpv4(text: string): number[] | null {
  const parts = text.split('.');
  if (parts.length !== 4) return null;
  const octets: number[] = [];
  for (const part of parts) {
    if (!DECIMAL_OCTET.test(part)) return null;
    const n = Number(part);
    if (n > 255) return null;
    octets.push(n);
  }
  return octets;
}

/** Eight 16-bit groups, or null. */
function parseIpv6(text: string): number[] | null {
  if (text.length === 0 || text.includes(':::')) return null;
  const halves = text.split('::');
  if (halves.length > 2) return null;
  const groupsOf = (half: string): number[] | null => {
    if (half === '') return [];
    const out: number[] = [];
    const parts = half.split(':');
    for (let i = 0; i < parts.length; i++) {
      const part = parts[i] ?? '';
      if (i === parts.length - 1 && part.includes('.')) {
        const v4 = parseIpv4(part);
        if (!v4) return null;
        out.push(((v4[0] ?? 0) << 8) | (v4[1] ?? 0), ((v4[2] ?? 0) << 8) | (v4[3] ?? 0));
      } else {
        if (!HEX_GROUP.test(part)) return null;
        out.push(parseInt(part, 16));
      }
    }
    return out;
  };
  const head = groupsOf(halves[0] ?? '');
  if (!head) return null;
  if (halves.length === 1) return head.length === 8 ? head : null;
  const tail = groupsOf(halves[1] ?? '');
  if (!tail) return null;
  const missing = 8 - head.length - tail.length;
  // `::` stands for at least one zero group.
  if (missing < 1) return null;
  return [...head, ...new Array<number>(missing).fill(0), ...tail];
}

function formatIpv6(groups: number[]): string {
  const isMapped = groups.slice(0, 5).every((g) => g === 0) && groups[5] === 0xffff;
  if (isMapped) {
    const a = groups[6] ?? 0;
    const b = groups[7] ?? 0;
    return `::ffff:${a >> 8}.${a & 0xff}.${b >> 8}.${b & 0xff}`;
  }
  let bestStart = -1;
  let bestLength = 0;
  for (let i = 0; i < 8; ) {
    if (groups[i] !== 0) {
      i++;
      continue;
    }
    let j = i;
    while (j < 8 && groups[j] === 0) j++;
    if (j - i > bestLength) {
      bestStart = i;
      bestLength = j - i;
    }
    i = j;
  }
  const hex = groups.map((g) => g.toString(16));
  if (bestLength < 2) return hex.join(':');
  return `${hex.slice(0, bestStart).join(':')}::${hex.slice(bestStart + bestLength).join(':')}`;
}

function splitPrefix(text: string, max: number): { address: string; prefix: string } | { error: string } {
  const slash = text.indexOf('/');
  if (slash < 0) return { address: text, prefix: '' };
  const bits = text.slice(slash + 1);
  if (!/^\d{1,3}$/.test(bits) || Number(bits) > max) return { error: `The network prefix /${bits} is not between /0 and /${max}` };
  return { address: text.slice(0, slash), prefix: `/${Number(bits)}` };
}

export function normalizeIpv4(input: string): IpResult {
  const split = splitPrefix(input.trim(), 32);
  if ('error' in split) return { ok: false, message: split.error };
  if (/:\d+$/.test(split.address) && parseIpv4(split.address.replace(/:\d+$/, ''))) {
    return { ok: false, message: `${input} has a port; enter the address without it` };
  }
  const octets = parseIpv4(split.address);
  if (!octets) return { ok: false, message: `${input} is not an IPv4 address (four numbers 0–255 separated by dots)` };
  return { ok: true, version: 4, value: `${octets.join('.')}${split.prefix}` };
}

export function normalizeIpv6(input: string): IpResult {
  let text = input.trim();
  if (text.startsWith('[')) {
    const close = text.indexOf(']');
    if (close < 0) return { ok: false, message: `${input} has an opening bracket but no closing one` };
    text = text.slice(1, close) + text.slice(close + 1);
  }
  if (text.includes('%')) return { ok: false, message: `${input} has a zone id (%…), which only means something on one host; enter the address without it` };
  const split = splitPrefix(text, 128);
  if ('error' in split) return { ok: false, message: split.error };
  const groups = parseIpv6(split.address);
  if (!groups) return { ok: false, message: `${input} is not an IPv6 address` };
  return { ok: true, version: 6, value: `${formatIpv6(groups)}${split.prefix}` };
}

/** Either version, whichever the text is. */
export function normalizeIp(input: string): IpResult {
  const text = input.trim();
  if (text.includes(':') && !/^\d{1,3}(\.\d{1,3}){3}:\d+$/.test(text)) return normalizeIpv6(text);
  return normalizeIpv4(text);
}

export function looksLikeIpv4(text: string): boolean {
  return /^\d{1,3}(\.\d{1,3}){3}(\/\d{1,2})?$/.test(text);
}
