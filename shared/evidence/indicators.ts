/**
 * Indicators of compromise: the types responders record, and one
 * normalization per type so that the same indicator typed, pasted or
 * defanged differently is stored as one value. Normalizing a normalized
 * value gives it back unchanged (the event schema relies on that).
 *
 * - ipv4 / ipv6: see ./ip; domain: see ./domain; url, email: see ./network
 *   (those four are refanged first, see ./refang);
 * - md5 / sha1 / sha256 / sha512: hex, lowercased, whitespace and an
 *   `sha256:`-style prefix dropped; the length must match the type
 *   (`hash` picks the type from the length: 32, 40, 64, 128);
 * - file-name: a name or a path, kept as typed (trimmed);
 * - registry-key: the hive written out in full (`HKLM` →
 *   `HKEY_LOCAL_MACHINE`, also from PowerShell's `HKLM:\` and
 *   `Registry::`), doubled backslashes collapsed, no trailing backslash;
 * - user-agent: kept as typed (trimmed).
 */
import { normalizeDomain } from './domain';
import { normalizeIp, normalizeIpv4, normalizeIpv6, looksLikeIpv4 } from './ip';
import { normalizeEmail, normalizeUrl, type TextResult } from './network';
import { hasControlCharacter, refang } from './refang';

export const indicatorTypes = ['ipv4', 'ipv6', 'domain', 'url', 'md5', 'sha1', 'sha256', 'sha512', 'email', 'file-name', 'registry-key', 'user-agent'] as const;
export type IndicatorType = (typeof indicatorTypes)[number];

/** What a person may ask for: a precise type, or `ip` / `hash` / `auto` to let the value decide. */
export const indicatorTypeInputs = [...indicatorTypes, 'ip', 'hash', 'auto'] as const;
export type IndicatorTypeInput = (typeof indicatorTypeInputs)[number];

export const indicatorTypeLabels: Record<IndicatorType, string> = {
  ipv4: 'IPv4 address',
  ipv6: 'IPv6 address',
  domain: 'Domain',
  url: 'URL',
  md5: 'MD5 hash',
  sha1: 'SHA-1 hash',
  sha256: 'SHA-256 hash',
  sha512: 'SHA-512 hash',
  email: 'E-mail address',
  'file-name': 'File name',
  'registry-key': 'Registry key',
  'user-agent': 'User agent',
};

export type NormalizedIndicator = { ok: true; type: IndicatorType; value: string } | { ok: false; message: string };

const HASH_LENGTHS: Record<number, IndicatorType> = { 32: 'md5', 40: 'sha1', 64: 'sha256', 128: 'sha512' };
const HASH_NAMES: Record<string, string> = { md5: 'An MD5', sha1: 'A SHA-1', sha256: 'A SHA-256', sha512: 'A SHA-512' };
const HIVES: Record<string, string> = {
  HKLM: 'HKEY_LOCAL_MACHINE',
  HKCU: 'HKEY_CURRENT_USER',
  HKCR: 'HKEY_CLASSES_ROOT',
  HKU: 'HKEY_USERS',
  HKCC: 'HKEY_CURRENT_CONFIG',
  HKPD: 'HKEY_PERFORMANCE_DATA',
};
const FULL_HIVES = new Set(Object.values(HIVES));
// Endings that are far more often file names than top-level domains (so not .com, .sh, .py…).
const FILE_EXTENSIONS = /\.(exe|dll|sys|scr|bat|cmd|ps1|psm1|vbs|vbe|js|jse|hta|lnk|msi|jar|pdf|docx?|docm|xlsx?|xlsm|pptx?|rtf|zip|rar|7z|iso|img|tmp|dat|bin|txt|log|png|jpe?g|gif|elf)$/i;

function hashValue(input: string): string {
  return input.replace(/\s+/g, '').replace(/^(md5|sha-?1|sha-?256|sha-?512)[:=]/i, '').toLowerCase();
}

function normalizeHash(type: IndicatorType | 'hash', input: string): NormalizedIndicator {
  const value = hashValue(input);
  if (!/^[0-9a-f]+$/.test(value)) return { ok: false, message: `${input} is not a hash (only hex digits 0-9, a-f)` };
  const byLength = HASH_LENGTHS[value.length];
  if (type === 'hash') {
    return byLength ? { ok: true, type: byLength, value } : { ok: false, message: `${input} has ${value.length} hex digits; a hash has 32 (MD5), 40 (SHA-1), 64 (SHA-256) or 128 (SHA-512)` };
  }
  if (byLength !== type) return { ok: false, message: `${input} has ${value.length} hex digits; ${HASH_NAMES[type] ?? 'This'} hash has ${Object.entries(HASH_LENGTHS).find(([, t]) => t === type)?.[0] ?? '?'}` };
  return { ok: true, type, value };
}

function normalizeRegistryKey(input: string): TextResult {
  let text = input.trim().replace(/^(?:Microsoft\.PowerShell\.Core\\)?Registry::/i, '').replace(/\\{2,}/g, '\\');
  const slash = text.indexOf('\\');
  const hivePart = (slash < 0 ? text : text.slice(0, slash)).replace(/:$/, '').toUpperCase();
  const hive = HIVES[hivePart] ?? (FULL_HIVES.has(hivePart) ? hivePart : null);
  if (!hive) return { ok: false, message: `${input} does not start with a registry hive (HKLM, HKCU, HKCR, HKU, HKCC or HKEY_…)` };
  text = slash < 0 ? '' : text.slice(slash + 1).replace(/\\+$/, '');
  return { ok: true, value: text ? `${hive}\\${text}` : hive };
}

function plainText(label: string, input: string, max: number): TextResult {
  const value = input.trim();
  if (value === '') return { ok: false, message: `Enter a ${label}` };
  if (value.length > max) return { ok: false, message: `A ${label} can have at most ${max} characters` };
  if (hasControlCharacter(value)) return { ok: false, message: `The ${label} holds a control character (a tab or line break?)` };
  return { ok: true, value };
}

function withType(type: IndicatorType, result: TextResult): NormalizedIndicator {
  return result.ok ? { ok: true, type, value: result.value } : result;
}

/** A best guess at the type of an indicator; file names win over domains for common file extensions. */
export function detectIndicatorType(input: string): IndicatorType {
  const text = refang(input);
  if (/^[a-z][a-z0-9+.-]*:\/\//i.test(text)) return 'url';
  const hash = hashValue(input.trim());
  if (/^[0-9a-f]+$/.test(hash) && HASH_LENGTHS[hash.length]) return HASH_LENGTHS[hash.length] ?? 'file-name';
  // Four dotted numbers are meant as an address: a wrong one (300.2.3.4) is refused as one, never kept as a file name.
  if (looksLikeIpv4(text)) return 'ipv4';
  if (text.includes(':') && normalizeIpv6(text).ok) return 'ipv6';
  if (/^(HK(LM|CU|CR|U|CC|PD)\b|HKEY_|Registry::)/i.test(input.trim())) return 'registry-key';
  if (/^[^@\s]+@[^@\s]+\.[^@\s]+$/.test(text)) return 'email';
  if (/^[A-Za-z][\w.-]*\/\d[\w.]*(\s|$)/.test(input.trim()) && /[\s(]/.test(input.trim())) return 'user-agent';
  if (/[\\]/.test(input) || input.trim().startsWith('/')) return 'file-name';
  if (!FILE_EXTENSIONS.test(text) && normalizeDomain(text).ok) return 'domain';
  if (/^[^/\s]+\.[^/\s]+\/\S*$/.test(text) && normalizeUrl(text).ok) return 'url';
  return 'file-name';
}

export function normalizeIndicator(type: IndicatorTypeInput, input: string): NormalizedIndicator {
  if (input.trim() === '') return { ok: false, message: 'Enter a value' };
  const resolved = type === 'auto' ? detectIndicatorType(input) : type;
  switch (resolved) {
    case 'ip': {
      const ip = normalizeIp(refang(input));
      return ip.ok ? { ok: true, type: ip.version === 4 ? 'ipv4' : 'ipv6', value: ip.value } : ip;
    }
    case 'ipv4':
      return withType('ipv4', normalizeIpv4(refang(input)));
    case 'ipv6':
      return withType('ipv6', normalizeIpv6(refang(input)));
    case 'domain':
      return withType('domain', normalizeDomain(refang(input)));
    case 'url':
      return withType('url', normalizeUrl(refang(input)));
    case 'email':
      return withType('email', normalizeEmail(refang(input)));
    case 'hash':
    case 'md5':
    case 'sha1':
    case 'sha256':
    case 'sha512':
      return normalizeHash(resolved, input);
    case 'file-name':
      return withType('file-name', plainText('file name', input, 1024));
    case 'registry-key':
      return withType('registry-key', normalizeRegistryKey(input));
    case 'user-agent':
      return withType('user-agent', plainText('user agent', input, 2048));
  }
}

/** True when `value` is already the normalized form of an indicator of `type`. */
export function isNormalizedIndicator(type: IndicatorType, value: string): boolean {
  const result = normalizeIndicator(type, value);
  return result.ok && result.type === type && result.value === value;
}

const TYPE_ALIASES: Record<string, IndicatorTypeInput> = {
  '': 'auto',
  auto: 'auto',
  ip: 'ip',
  ipaddress: 'ip',
  ipv4: 'ipv4',
  ipv4address: 'ipv4',
  ipv6: 'ipv6',
  ipv6address: 'ipv6',
  domain: 'domain',
  domainname: 'domain',
  fqdn: 'domain',
  hostname: 'domain',
  url: 'url',
  uri: 'url',
  link: 'url',
  hash: 'hash',
  filehash: 'hash',
  md5: 'md5',
  sha1: 'sha1',
  sha256: 'sha256',
  sha512: 'sha512',
  email: 'email',
  emailaddress: 'email',
  mail: 'email',
  filename: 'file-name',
  file: 'file-name',
  filepath: 'file-name',
  path: 'file-name',
  registrykey: 'registry-key',
  registry: 'registry-key',
  regkey: 'registry-key',
  useragent: 'user-agent',
  ua: 'user-agent',
};

/** Reads a type as people write it in a spreadsheet (`IP`, `SHA-256`, `E-mail address`, `Reg key`…). */
export function parseIndicatorType(text: string): IndicatorTypeInput | null {
  return TYPE_ALIASES[text.toLowerCase().replace(/[^a-z0-9]/g, '')] ?? null;
}
