/**
 * Defanging: the reverse of refang.ts, for indicators that leave the vault to
 * be shared (CSV, reports). A defanged value cannot be clicked or resolved by
 * accident in a mail client or a chat, and every tool that reads indicators
 * (Outpost's own paste import among them) refangs it back:
 * `http://evil.com/a` → `hxxp://evil[.]com/a`, `1.2.3.4` → `1[.]2[.]3[.]4`,
 * `user@example.com` → `user[@]example[.]com`.
 * Only network indicators are defanged; hashes, file names, registry keys
 * and user agents are not live and are left exactly as they are.
 */
import type { IndicatorType } from './indicators';

const dots = (text: string) => text.replaceAll('.', '[.]');

function defangUrl(url: string): string {
  const schemeEnd = url.indexOf('://');
  if (schemeEnd < 0) return dots(url);
  const scheme = url.slice(0, schemeEnd).replace(/^http/i, 'hxxp').replace(/^ftp/i, 'fxp');
  const rest = url.slice(schemeEnd + 3);
  const authorityEnd = rest.search(/[/?#]/);
  const authority = authorityEnd < 0 ? rest : rest.slice(0, authorityEnd);
  // Only the host is defanged: a path's dots are not what makes a link live, and changing them would change the path.
  return `${scheme}://${dots(authority)}${authorityEnd < 0 ? '' : rest.slice(authorityEnd)}`;
}

export function defangIndicator(type: IndicatorType, value: string): string {
  switch (type) {
    case 'ipv4':
    case 'domain':
      return dots(value);
    case 'ipv6':
      return value.replaceAll(':', '[:]');
    case 'email': {
      const at = value.lastIndexOf('@');
      return at < 0 ? dots(value) : `${value.slice(0, at)}[@]${dots(value.slice(at + 1))}`;
    }
    case 'url':
      return defangUrl(value);
    case 'md5':
    case 'sha1':
    case 'sha256':
    case 'sha512':
    case 'file-name':
    case 'registry-key':
    case 'user-agent':
      return value;
  }
}
