import { isDeepStrictEqual } from 'node:util';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { CanonicalJsonError, canonicalJson } from '../../../../shared/events/canonical';
import { eventHashInput } from '../../../../shared/events/event';
import { prng, shuffle } from './support';

/** Rebuilds every object with its members in a random order. */
function reorder(value: unknown, random: () => number): unknown {
  if (Array.isArray(value)) return value.map((v) => reorder(v, random));
  if (value !== null && typeof value === 'object') {
    return Object.fromEntries(shuffle(Object.entries(value), random).map(([k, v]) => [k, reorder(v, random)]));
  }
  return value;
}

describe('canonicalJson', () => {
  it('sorts members, drops whitespace and nests', () => {
    expect(canonicalJson({ b: 1, a: [true, null, { d: 'x', c: -2.5 }], ' ': {} })).toBe(
      '{" ":{},"a":[true,null,{"c":-2.5,"d":"x"}],"b":1}',
    );
  });

  it('orders member names by UTF-16 code units, as RFC 8785 does', () => {
    // U+1F600 is stored as the surrogates D83D DE00, which sort before U+FB01 (ﬁ) even though
    // its code point is larger; "é" (00E9) sorts after "z" (007A); upper case before lower case.
    const value = { '\uFB01': 1, '\u{1F600}': 2, z: 3, é: 4, Z: 5, '': 6 };
    expect(canonicalJson(value)).toBe('{"":6,"Z":5,"z":3,"é":4,"\u{1F600}":2,"\uFB01":1}');
  });

  it('writes numbers in shortest round-trip form', () => {
    expect(canonicalJson([0, -0, 1e21, 1e-7, 0.1, 123456789012345680000, 5e-324, -1.5])).toBe(
      '[0,0,1e+21,1e-7,0.1,123456789012345680000,5e-324,-1.5]',
    );
  });

  it('escapes strings like JSON.stringify and keeps non-ASCII as is', () => {
    expect(canonicalJson('a"b\\c\n\u0001é\u{1F600}')).toBe('"a\\"b\\\\c\\n\\u0001é\u{1F600}"');
  });

  it.each([
    ['NaN', Number.NaN],
    ['Infinity', Number.POSITIVE_INFINITY],
    ['-Infinity in an array', [1, Number.NEGATIVE_INFINITY]],
    ['undefined', undefined],
    ['an undefined member', { a: undefined }],
    ['an array hole', [1, , 3]], // eslint-disable-line no-sparse-arrays
    ['a function', { f: () => 1 }],
    ['a symbol', Symbol('s')],
    ['a bigint', 1n],
    ['a Date', new Date(0)],
    ['a Map', new Map()],
    ['a class instance', new (class Thing {})()],
    ['a symbol key', { [Symbol('k')]: 1 }],
    ['a lone surrogate', 'a\uD800b'],
    ['a lone surrogate in a name', { '\uDC00': 1 }],
  ])('rejects %s', (_label, value) => {
    expect(() => canonicalJson(value)).toThrow(CanonicalJsonError);
  });

  it('names the path of the offending value', () => {
    expect(() => canonicalJson({ payload: { list: [1, Number.NaN] } })).toThrow('at $["payload"]["list"][1]');
  });

  it('rejects cycles but allows the same object twice', () => {
    const shared = { x: 1 };
    expect(canonicalJson({ a: shared, b: shared })).toBe('{"a":{"x":1},"b":{"x":1}}');
    const cyclic: Record<string, unknown> = {};
    cyclic['self'] = cyclic;
    expect(() => canonicalJson(cyclic)).toThrow(/Cyclic/);
  });

  it('accepts objects without a prototype', () => {
    const bare = Object.create(null) as Record<string, unknown>;
    bare['b'] = 2;
    bare['a'] = 1;
    expect(canonicalJson(bare)).toBe('{"a":1,"b":2}');
  });

  it('is a fixed point of JSON.parse and independent of member order', () => {
    fc.assert(
      fc.property(fc.jsonValue({ stringUnit: 'binary' }), fc.integer(), (value, seed) => {
        const text = canonicalJson(value);
        expect(canonicalJson(JSON.parse(text))).toBe(text);
        expect(canonicalJson(reorder(value, prng(seed)))).toBe(text);
        // Same data as JSON.stringify, only the layout differs.
        expect(JSON.parse(text)).toEqual(JSON.parse(JSON.stringify(value)));
      }),
    );
  });

  it('encodes two values the same only when they are the same data', () => {
    const normal = (v: unknown): unknown => JSON.parse(JSON.stringify(v));
    const pair = fc.oneof(
      fc.tuple(fc.jsonValue(), fc.jsonValue()),
      // Near misses: the same value wrapped in an object, or with one more member.
      fc.jsonValue().map((v) => [v, { v }] as const),
      fc.dictionary(fc.string(), fc.jsonValue()).map((d) => [d, { ...d, extra: null }] as const),
    );
    fc.assert(
      fc.property(pair, ([a, b]) => {
        expect(canonicalJson(a) === canonicalJson(b)).toBe(isDeepStrictEqual(normal(a), normal(b)));
      }),
    );
  });

  it('gives an event the same hash input on the envelope fast path as the general encoder', () => {
    // 'binary' strings include lone surrogates, which both paths must refuse alike.
    const text = fc.string({ unit: 'binary' });
    const event = fc.record({ id: text, caseId: text, device: text, actor: text, hlc: text, type: text, prev: fc.option(text, { nil: null }), payload: fc.jsonValue({ stringUnit: 'binary' }), hash: text });
    const outcome = (work: () => string) => {
      try {
        return work();
      } catch (error) {
        return error instanceof CanonicalJsonError ? `refused at ${error.path}` : 'other error';
      }
    };
    fc.assert(
      fc.property(event, (e) => {
        const general = outcome(() => canonicalJson({ id: e.id, caseId: e.caseId, device: e.device, actor: e.actor, hlc: e.hlc, type: e.type, payload: e.payload, prev: e.prev }));
        expect(outcome(() => eventHashInput(e))).toBe(general);
      }),
      { numRuns: 2000 },
    );
  });
});
