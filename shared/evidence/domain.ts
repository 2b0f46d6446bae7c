/**
 * Domain names in one canonical form: lowercase ASCII (A-labels), no
 * trailing root dot. Internationalized names are converted with our own
 * Punycode encoder (RFC 3492, below) so that `bücher.example` and
 * `xn--bcher-kva.example` are the same indicator.
 *
 * Limits, knowingly: the Unicode step is NFC plus lowercasing and the
 * mapping of the ideographic full stops to `.` — not the full UTS #46
 * mapping table, and no IDNA2008 per-character validity check (no library
 * for either is available to the pure layer). Existing `xn--` labels are
 * kept as given (lowercased) and not decoded. Underscores are allowed
 * (`_dmarc.example.com` appears in real indicators).
 */
export type DomainResult = { ok: true; value: string } | { ok: false; message: string };

const LABEL = /^[a-z0-9_](?:[a-z0-9_-]{0,61}[a-z0-9_])?$/;
const IDEOGRAPHIC_STOPS = /[\u3002\uff0e\uff61]/g;

export function normalizeDomain(input: string, options: { singleLabel?: boolean } = {}): DomainResult {
  let text = input.trim().normalize('NFC').replace(IDEOGRAPHIC_STOPS, '.').toLowerCase();
  if (text.endsWith('.')) text = text.slice(0, -1);
  if (text === '') return { ok: false, message: 'Enter a domain name' };
  if (/[\s/\\@:?#]/.test(text)) return { ok: false, message: `${input} is not a domain name (it holds a space, /, \\, @, : or ?)` };
  const labels = text.split('.');
  if (labels.length < 2 && !options.singleLabel) return { ok: false, message: `${input} is not a full domain name (e.g. example.com)` };
  const ascii: string[] = [];
  for (const label of labels) {
    if (label === '') return { ok: false, message: `${input} has an empty label (two dots in a row)` };
    const encoded = isAscii(label) ? label : `xn--${punycodeEncode(label)}`;
    if (encoded.length > 63) return { ok: false, message: `The label “${label}” of ${input} is longer than 63 characters` };
    if (!LABEL.test(encoded)) return { ok: false, message: `The label “${label}” of ${input} may only hold letters, digits, hyphens (not first or last) and underscores` };
    ascii.push(encoded);
  }
  const value = ascii.join('.');
  if (value.length > 253) return { ok: false, message: `${input} is longer than 253 characters` };
  if (/^\d+$/.test(ascii[ascii.length - 1] ?? '')) return { ok: false, message: `${input} ends in a number: is it an IP address?` };
  return { ok: true, value };
}

function isAscii(text: string): boolean {
  for (let i = 0; i < text.length; i++) if (text.charCodeAt(i) > 0x7f) return false;
  return true;
}

// RFC 3492 bootstring parameters for Punycode.
const BASE = 36;
const T_MIN = 1;
const T_MAX = 26;
const SKEW = 38;
const DAMP = 700;
const INITIAL_BIAS = 72;
const INITIAL_N = 128;

function adapt(delta: number, points: number, first: boolean): number {
  let d = first ? Math.floor(delta / DAMP) : delta >> 1;
  d += Math.floor(d / points);
  let k = 0;
  while (d > ((BASE - T_MIN) * T_MAX) >> 1) {
    d = Math.floor(d / (BASE - T_MIN));
    k += BASE;
  }
  return k + Math.floor(((BASE - T_MIN + 1) * d) / (d + SKEW));
}

function digit(d: number): string {
  // 0..25 → a..z, 26..35 → 0..9
  return String.fromCharCode(d < 26 ? 97 + d : 22 + d);
}

/** The Punycode form of one label (without the `xn--` prefix). */
export function punycodeEncode(label: string): string {
  const points = Array.from(label, (c) => c.codePointAt(0) ?? 0);
  let output = points.filter((p) => p < 0x80).map((p) => String.fromCharCode(p)).join('');
  const basic = output.length;
  let handled = basic;
  if (basic > 0) output += '-';
  let n = INITIAL_N;
  let delta = 0;
  let bias = INITIAL_BIAS;
  while (handled < points.length) {
    const m = Math.min(...points.filter((p) => p >= n));
    delta += (m - n) * (handled + 1);
    n = m;
    for (const p of points) {
      if (p < n) delta++;
      if (p !== n) continue;
      let q = delta;
      for (let k = BASE; ; k += BASE) {
        const t = k <= bias ? T_MIN : k >= bias + T_MAX ? T_MAX : k - bias;
        if (q < t) break;
        output += digit(t + ((q - t) % (BASE - t)));
        q = Math.floor((q - t) / (BASE - t));
      }
      output += digit(q);
      bias = adapt(delta, handled + 1, handled === basic);
      delta = 0;
      handled++;
    }
    delta++;
    n++;
  }
  return output;
}
