/**
 * Refanging: reports defang indicators so nobody clicks them by accident
 * (`hxxp://evil[.]com`, `1.2.3[.]4`, `user[@]example[.]com`, `[:]//`).
 * These helpers undo the common conventions before an indicator is parsed;
 * they are applied to network indicators only (IP, domain, URL, e-mail),
 * never to file names or registry keys, where brackets and backslashes are
 * real characters.
 */
const DOT = /\s?(?:\[\.\]|\(\.\)|\{\.\}|\[dot\]|\(dot\)|\{dot\})\s?/gi;
const AT = /\s?(?:\[@\]|\(@\)|\{@\}|\[at\]|\(at\)|\{at\})\s?/gi;
const COLON_SLASHES = /\[:\/\/\]|\(:\/\/\)|\{:\/\/\}/g;
const COLON = /\[:\]|\(:\)|\{:\}/g;
const SLASH = /\[\/\]|\(\/\)/g;
const SCHEME = /^h(?:xx|\*\*|__)p(s?)(?=:)/i;
const FTP_SCHEME = /^fxp(?=s?:)/i;

export function refang(input: string): string {
  let text = input.trim();
  // One pair of quotes or angle brackets around the whole value, as in "…" or <…> in e-mails.
  const wrapped = /^(["'<])(.*)(["'>])$/s.exec(text);
  if (wrapped && (wrapped[1] === wrapped[3] || (wrapped[1] === '<' && wrapped[3] === '>'))) text = (wrapped[2] ?? '').trim();
  // Until nothing changes, so that refanging a refanged value changes nothing (`[[.].]` → `[.]` → `.`).
  for (let previous = ''; previous !== text; ) {
    previous = text;
    text = once(text);
  }
  return text;
}

function once(text: string): string {
  return text
    .replace(COLON_SLASHES, '://')
    .replace(COLON, ':')
    .replace(SLASH, '/')
    .replace(DOT, '.')
    .replace(AT, '@')
    .replace(SCHEME, 'http$1')
    .replace(FTP_SCHEME, 'ftp');
}

/** True when the text holds a character below U+0020 or DEL, which no indicator may contain. */
export function hasControlCharacter(text: string): boolean {
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c < 0x20 || c === 0x7f) return true;
  }
  return false;
}
