/**
 * URLs and e-mail addresses in canonical form (after refanging):
 * - URL: scheme and host lowercased, host normalized as a domain or IP
 *   (IPv6 in brackets), the scheme's default port dropped, an empty path
 *   written `/`, percent-escapes in uppercase hex; path, query and fragment
 *   otherwise kept exactly (they are case-sensitive). A URL typed without a
 *   scheme (`evil.com/login`) is taken as `http://`. Spaces are refused.
 * - E-mail: `local@domain`, the whole address lowercased (mail systems
 *   treat local parts case-insensitively in practice, and correlation
 *   needs one form), the domain normalized as above; `mailto:` dropped.
 */
import { normalizeDomain } from './domain';
import { looksLikeIpv4, normalizeIpv4, normalizeIpv6 } from './ip';
import { hasControlCharacter } from './refang';

export type TextResult = { ok: true; value: string } | { ok: false; message: string };

const DEFAULT_PORTS: Record<string, string> = { http: '80', https: '443', ftp: '21', ws: '80', wss: '443' };

function normalizeHost(host: string, input: string): TextResult {
  if (host.startsWith('[')) {
    if (!host.endsWith(']')) return { ok: false, message: `${input} has an unclosed [ in its host` };
    const v6 = normalizeIpv6(host.slice(1, -1));
    return v6.ok ? { ok: true, value: `[${v6.value}]` } : v6;
  }
  if (looksLikeIpv4(host) || /^\d+(\.\d+)*$/.test(host)) return normalizeIpv4(host);
  return normalizeDomain(host, { singleLabel: true });
}

export function normalizeUrl(text: string): TextResult {
  if (text === '') return { ok: false, message: 'Enter a URL' };
  if (/\s/.test(text) || hasControlCharacter(text)) return { ok: false, message: `${text} is not a URL: it contains spaces; encode them as %20` };
  const withScheme = /^[a-z][a-z0-9+.-]*:\/\//i.test(text) ? text : `http://${text}`;
  const schemeEnd = withScheme.indexOf('://');
  const scheme = withScheme.slice(0, schemeEnd).toLowerCase();
  const rest = withScheme.slice(schemeEnd + 3);
  const authorityEnd = rest.search(/[/?#]/);
  const authority = authorityEnd < 0 ? rest : rest.slice(0, authorityEnd);
  let tail = authorityEnd < 0 ? '' : rest.slice(authorityEnd);
  const at = authority.lastIndexOf('@');
  const userinfo = at < 0 ? '' : authority.slice(0, at + 1);
  const hostPort = authority.slice(at + 1);
  let host = hostPort;
  let port = '';
  const portMatch = /^(.*?)(?::(\d*))?$/.exec(hostPort.startsWith('[') ? hostPort.slice(hostPort.indexOf(']') + 1) : hostPort);
  if (portMatch?.[2] !== undefined) {
    port = portMatch[2];
    host = hostPort.slice(0, hostPort.length - port.length - 1);
  }
  if (host === '') return { ok: false, message: `${text} has no host` };
  const normalizedHost = normalizeHost(host, text);
  if (!normalizedHost.ok) return { ok: false, message: `The host of ${text} is not valid: ${normalizedHost.message}` };
  if (port !== '') {
    const n = Number(port);
    if (!Number.isInteger(n) || n < 1 || n > 65535) return { ok: false, message: `${text} has an impossible port ${port}` };
    port = DEFAULT_PORTS[scheme] === String(n) ? '' : String(n);
  }
  if (tail === '' || tail.startsWith('?') || tail.startsWith('#')) tail = `/${tail}`;
  tail = tail.replace(/%[0-9a-f]{2}/gi, (escape) => escape.toUpperCase());
  return { ok: true, value: `${scheme}://${userinfo}${normalizedHost.value}${port ? `:${port}` : ''}${tail}` };
}

const LOCAL_PART = /^[^\s@"<>(),;:\\[\]]+$/;

export function normalizeEmail(text: string): TextResult {
  const address = text.replace(/^mailto:/i, '');
  const at = address.lastIndexOf('@');
  if (at < 0) return { ok: false, message: `${text} is not an e-mail address (no @)` };
  const local = address.slice(0, at);
  const domain = normalizeDomain(address.slice(at + 1));
  if (local.length === 0 || local.length > 64 || !LOCAL_PART.test(local) || hasControlCharacter(local)) {
    return { ok: false, message: `${text} is not an e-mail address (the part before @ is empty, too long or holds spaces or special characters)` };
  }
  if (local.startsWith('.') || local.endsWith('.') || local.includes('..')) {
    return { ok: false, message: `${text} is not an e-mail address (dots at the start or end, or two in a row, before the @)` };
  }
  if (!domain.ok) return { ok: false, message: `The domain of ${text} is not valid: ${domain.message}` };
  return { ok: true, value: `${local.toLowerCase()}@${domain.value}` };
}
