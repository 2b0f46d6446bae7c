import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { punycodeEncode } from '../../../../shared/evidence/domain';
import { detectIndicatorType, indicatorTypes, isNormalizedIndicator, normalizeIndicator, parseIndicatorType, type IndicatorTypeInput } from '../../../../shared/evidence/indicators';
import { normalizeIp } from '../../../../shared/evidence/ip';
import { refang } from '../../../../shared/evidence/refang';

const ok = (type: IndicatorTypeInput, input: string) => normalizeIndicator(type, input);

describe('refanging', () => {
  it.each([
    ['hxxp://evil[.]com', 'http://evil.com'],
    ['hXXps[:]//evil(.)com[/]x', 'https://evil.com/x'],
    ['1.2.3[.]4', '1.2.3.4'],
    ['user[@]example[.]com', 'user@example.com'],
    ['user[at]example[dot]com', 'user@example.com'],
    ['evil [.] com', 'evil.com'],
    ['hxxp[://]evil{.}com', 'http://evil.com'],
    ['fxp://files[.]evil[.]com', 'ftp://files.evil.com'],
    ['"<http://evil.com>"', '<http://evil.com>'],
    ['<user@example.com>', 'user@example.com'],
  ])('%s → %s', (input, expected) => {
    expect(refang(input)).toBe(expected);
  });
});

describe('indicator normalization', () => {
  it.each<[IndicatorTypeInput, string, string, string]>([
    ['auto', 'hxxp://evil[.]com', 'url', 'http://evil.com/'],
    ['url', 'hxxps[:]//Evil[.]COM:443/a%2fb?Q=1#Frag', 'url', 'https://evil.com/a%2Fb?Q=1#Frag'],
    ['url', 'evil[.]com/login.php', 'url', 'http://evil.com/login.php'],
    ['url', 'HTTP://[2001:DB8::1]:8080', 'url', 'http://[2001:db8::1]:8080/'],
    ['url', 'http://user@EVIL.com:80?x', 'url', 'http://user@evil.com/?x'],
    ['auto', '1.2.3[.]4', 'ipv4', '1.2.3.4'],
    ['ipv4', '010.001.002.003', 'ipv4', '10.1.2.3'],
    ['ipv4', '192.168.0.0/16', 'ipv4', '192.168.0.0/16'],
    ['ip', '2001:0DB8:0000:0000:0000:0000:0000:0001', 'ipv6', '2001:db8::1'],
    ['ipv6', '[::FFFF:1.2.3.4]', 'ipv6', '::ffff:1.2.3.4'],
    ['ipv6', '1:0:0:1:0:0:0:1', 'ipv6', '1:0:0:1::1'],
    ['ipv6', '2001:db8:0:0:1:0:0:1', 'ipv6', '2001:db8::1:0:0:1'],
    ['ipv6', '2001:db8:0:1:1:1:1:1', 'ipv6', '2001:db8:0:1:1:1:1:1'],
    ['auto', 'user[@]example[.]com', 'email', 'user@example.com'],
    ['email', 'mailto:John.Doe@Example.COM', 'email', 'john.doe@example.com'],
    ['domain', 'Evil[.]COM.', 'domain', 'evil.com'],
    ['domain', 'Bücher.Example', 'domain', 'xn--bcher-kva.example'],
    ['domain', 'münchen。de', 'domain', 'xn--mnchen-3ya.de'],
    ['domain', '_dmarc.example.com', 'domain', '_dmarc.example.com'],
    ['auto', 'evil.com', 'domain', 'evil.com'],
    ['hash', 'D41D8CD98F00B204E9800998ECF8427E', 'md5', 'd41d8cd98f00b204e9800998ecf8427e'],
    ['auto', 'da39a3ee5e6b4b0d3255bfef95601890afd80709', 'sha1', 'da39a3ee5e6b4b0d3255bfef95601890afd80709'],
    ['sha256', 'SHA256:E3B0C442 98FC1C14 9AFBF4C8 996FB924 27AE41E4 649B934C A495991B 7852B855', 'sha256', 'e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855'],
    ['auto', 'HKLM\\Software\\Microsoft\\Windows\\CurrentVersion\\Run\\', 'registry-key', 'HKEY_LOCAL_MACHINE\\Software\\Microsoft\\Windows\\CurrentVersion\\Run'],
    ['registry-key', 'HKCU:\\\\Software\\\\Evil', 'registry-key', 'HKEY_CURRENT_USER\\Software\\Evil'],
    ['registry-key', 'Registry::hkey_users\\S-1-5-21', 'registry-key', 'HKEY_USERS\\S-1-5-21'],
    ['auto', 'Mozilla/5.0 (Windows NT 10.0; Win64; x64)', 'user-agent', 'Mozilla/5.0 (Windows NT 10.0; Win64; x64)'],
    ['auto', 'invoice.pdf.exe', 'file-name', 'invoice.pdf.exe'],
    ['auto', 'C:\\Users\\Public\\evil.exe', 'file-name', 'C:\\Users\\Public\\evil.exe'],
    ['file-name', '  report [1].docm ', 'file-name', 'report [1].docm'],
  ])('%s %s → %s %s', (type, input, expectedType, expected) => {
    expect(ok(type, input)).toEqual({ ok: true, type: expectedType, value: expected });
  });

  it.each<[IndicatorTypeInput, string, RegExp]>([
    ['ipv4', '300.1.1.1', /not an IPv4 address/],
    ['ipv4', '1.2.3.4:443', /has a port/],
    ['ipv4', '10.1', /not an IPv4 address/],
    ['ipv4', '1.2.3.4/33', /prefix/],
    ['ipv6', 'fe80::1%eth0', /zone id/],
    ['ipv6', '1::2::3', /not an IPv6/],
    ['ipv6', '1:2:3:4:5:6:7:8:9', /not an IPv6/],
    ['domain', 'evil..com', /empty label/],
    ['domain', 'localhost', /not a full domain/],
    ['domain', '-evil.com', /letters, digits, hyphens/],
    ['domain', 'evil.123', /IP address/],
    ['url', 'http://evil.com/a b', /spaces/],
    ['url', 'http://:80/', /no host/],
    ['url', 'http://evil.com:99999/', /impossible port/],
    ['email', 'no-at-sign.example.com', /no @/],
    ['email', 'a b@example.com', /not an e-mail/],
    ['sha256', 'abc', /has 3 hex digits; A SHA-256 hash has 64/],
    ['hash', 'x'.repeat(32), /not a hash/],
    ['hash', 'a'.repeat(33), /33 hex digits/],
    ['registry-key', 'Software\\Evil', /registry hive/],
    ['user-agent', 'Mozilla\n5.0', /control character/],
    ['auto', '   ', /Enter a value/],
  ])('refuses %s %j', (type, input, message) => {
    const result = ok(type, input);
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.message).toMatch(message);
  });

  it('encodes Punycode as RFC 3492 does', () => {
    expect(punycodeEncode('bücher')).toBe('bcher-kva');
    expect(punycodeEncode('münchen')).toBe('mnchen-3ya');
    expect(punycodeEncode('例え')).toBe('r8jz45g');
    // RFC 3492 sample (L): 3<nen>B<gumi><kinpachi><sensei>
    expect(punycodeEncode('3年B組金八先生')).toBe('3B-ww4c5e180e575a65lsy2b');
  });

  it('reads types as people write them', () => {
    expect(parseIndicatorType('IP address')).toBe('ip');
    expect(parseIndicatorType('SHA-256')).toBe('sha256');
    expect(parseIndicatorType('E-mail')).toBe('email');
    expect(parseIndicatorType('Reg key')).toBe('registry-key');
    expect(parseIndicatorType('')).toBe('auto');
    expect(parseIndicatorType('banana')).toBeNull();
  });

  it('gives back a normalized value unchanged (idempotence), for any input that normalizes', () => {
    const pieces = fc.constantFrom('evil', 'EVIL', '[.]', '.', 'com', 'hxxp://', 'http://', '1', '2', '255', ':', '::', 'ff', '/', '@', 'user', 'ü', '%2f', '?', '#', 'HKLM\\', 'Run', ' ');
    fc.assert(
      fc.property(fc.constantFrom(...indicatorTypes, 'auto' as const, 'ip' as const, 'hash' as const), fc.array(pieces, { maxLength: 8 }), (type, parts) => {
        const first = normalizeIndicator(type, parts.join(''));
        if (!first.ok) return;
        expect(normalizeIndicator(first.type, first.value)).toEqual(first);
        expect(isNormalizedIndicator(first.type, first.value)).toBe(true);
      }),
      { numRuns: 2000 },
    );
  });

  it('writes every IPv6 address in one canonical form', () => {
    fc.assert(
      fc.property(fc.ipV6(), (address) => {
        const result = normalizeIp(address);
        expect(result.ok).toBe(true);
        if (result.ok) expect(normalizeIp(result.value)).toEqual(result);
      }),
      { numRuns: 1000 },
    );
  });

  it('guesses types sensibly', () => {
    expect(detectIndicatorType('evil[.]com')).toBe('domain');
    expect(detectIndicatorType('2001:db8::1')).toBe('ipv6');
    expect(detectIndicatorType('evil.com/payload.bin')).toBe('url');
    expect(detectIndicatorType('/tmp/.x/kworker')).toBe('file-name');
  });

  it('takes what looks like an IPv4 address for one, so a wrong one is refused, never stored as a file name', () => {
    for (const wrong of ['300.2.3.4', '10.0.0.256', '1.2.3.4/33', '10[.]0[.]0[.]999']) {
      expect(detectIndicatorType(wrong), wrong).toBe('ipv4');
      expect(ok('auto', wrong), wrong).toMatchObject({ ok: false });
    }
    expect(ok('auto', '300.2.3.4')).toMatchObject({ ok: false, message: expect.stringMatching(/300/) as unknown });
    expect(ok('auto', '10.0.0.1')).toEqual({ ok: true, type: 'ipv4', value: '10.0.0.1' });
  });
});
