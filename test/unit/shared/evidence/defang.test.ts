import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { defangIndicator } from '../../../../shared/evidence/defang';
import { normalizeIndicator, type IndicatorType } from '../../../../shared/evidence/indicators';

describe('defanging indicators for sharing', () => {
  it.each<[IndicatorType, string, string]>([
    ['url', 'http://evil.com/login.php?a=1', 'hxxp://evil[.]com/login.php?a=1'],
    ['url', 'https://user@cdn.evil.com:8443/', 'hxxps://user@cdn[.]evil[.]com:8443/'],
    ['url', 'ftp://files.evil.com/x', 'fxp://files[.]evil[.]com/x'],
    ['ipv4', '10.0.0.1', '10[.]0[.]0[.]1'],
    ['ipv6', '2001:db8::1', '2001[:]db8[:][:]1'],
    ['domain', 'evil.example.com', 'evil[.]example[.]com'],
    ['email', 'first.last@example.com', 'first.last[@]example[.]com'],
    ['sha256', 'a'.repeat(64), 'a'.repeat(64)],
    ['file-name', 'invoice.pdf.exe', 'invoice.pdf.exe'],
  ])('%s %s → %s', (type, value, expected) => {
    expect(defangIndicator(type, value)).toBe(expected);
  });

  // The promise a defanged CSV makes: nothing in it is live, and reading it back gives the same indicators.
  const network: [IndicatorType, fc.Arbitrary<string>][] = [
    ['ipv4', fc.ipV4()],
    ['ipv6', fc.ipV6()],
    ['domain', fc.domain()],
    ['url', fc.webUrl({ withQueryParameters: true, withFragments: true })],
    ['email', fc.emailAddress()],
  ];
  it.each(network)('%s: refangs back to the same value, and no longer reads as one', (type, values) => {
    fc.assert(
      fc.property(values, (raw) => {
        const normalized = normalizeIndicator(type, raw);
        fc.pre(normalized.ok && normalized.type === type);
        if (!normalized.ok) return;
        const defanged = defangIndicator(type, normalized.value);
        expect(defanged).not.toBe(normalized.value);
        expect(defanged).not.toMatch(/^(https?|ftp):\/\//);
        expect(normalizeIndicator(type, defanged)).toEqual(normalized);
      }),
      { numRuns: 300 },
    );
  });
});
