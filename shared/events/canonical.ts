/**
 * Canonical JSON, following the JSON Canonicalization Scheme (RFC 8785):
 * no whitespace, object members sorted by their names compared as UTF-16
 * code units, numbers in ECMAScript shortest round-trip form (what
 * `JSON.stringify` writes for finite numbers, -0 as 0), strings escaped as
 * `JSON.stringify` escapes them.
 *
 * The output is the exact input of an event's SHA-256 hash, so anything that
 * could encode two ways, or lose information on the way, is refused rather
 * than coerced: non-finite numbers, undefined (also as an object member or an
 * array hole), functions, symbols, bigints, strings with lone surrogates
 * (not valid I-JSON and lossy once encoded as UTF-8), cycles, and objects
 * that are not plain (Date, Map, class instances…).
 */

export class CanonicalJsonError extends Error {
  readonly path: string;

  constructor(path: string, message: string) {
    super(`${message} at ${path}`);
    this.name = 'CanonicalJsonError';
    this.path = path;
  }
}

// With the `u` flag a surrogate class only matches a surrogate that is not
// part of a pair.
const LONE_SURROGATE = /[\uD800-\uDFFF]/u;

export function canonicalJson(value: unknown): string {
  return encode(value, '$', new Set());
}

function encode(value: unknown, path: string, open: Set<object>): string {
  switch (typeof value) {
    case 'string':
      if (LONE_SURROGATE.test(value)) throw new CanonicalJsonError(path, 'String with a lone surrogate');
      return JSON.stringify(value);
    case 'number':
      if (!Number.isFinite(value)) throw new CanonicalJsonError(path, `Number ${String(value)} is not allowed`);
      return JSON.stringify(value);
    case 'boolean':
      return value ? 'true' : 'false';
    case 'object':
      if (value === null) return 'null';
      return encodeObject(value, path, open);
    case 'undefined':
    case 'function':
    case 'symbol':
    case 'bigint':
      throw new CanonicalJsonError(path, `Value of type ${typeof value} is not allowed`);
  }
}

function encodeObject(value: object, path: string, open: Set<object>): string {
  if (open.has(value)) throw new CanonicalJsonError(path, 'Cyclic structure');
  open.add(value);
  try {
    if (Array.isArray(value)) return encodeArray(value, path, open);
    const proto: unknown = Object.getPrototypeOf(value);
    if (proto !== Object.prototype && proto !== null) {
      throw new CanonicalJsonError(path, 'Only plain objects are allowed');
    }
    if (Object.getOwnPropertySymbols(value).length > 0) {
      throw new CanonicalJsonError(path, 'Symbol keys are not allowed');
    }
    const record = value as Record<string, unknown>;
    // Default sort compares UTF-16 code units, which is what RFC 8785 asks for.
    const keys = Object.keys(record).sort();
    const members: string[] = [];
    for (const key of keys) {
      if (LONE_SURROGATE.test(key)) throw new CanonicalJsonError(path, 'Member name with a lone surrogate');
      const memberPath = `${path}[${JSON.stringify(key)}]`;
      if (record[key] === undefined) throw new CanonicalJsonError(memberPath, 'Undefined is not allowed');
      members.push(`${JSON.stringify(key)}:${encode(record[key], memberPath, open)}`);
    }
    return `{${members.join(',')}}`;
  } finally {
    open.delete(value);
  }
}

function encodeArray(value: readonly unknown[], path: string, open: Set<object>): string {
  if (Object.getPrototypeOf(value) !== Array.prototype) {
    throw new CanonicalJsonError(path, 'Only plain arrays are allowed');
  }
  const items: string[] = [];
  for (let i = 0; i < value.length; i += 1) {
    const itemPath = `${path}[${i}]`;
    if (!Object.prototype.hasOwnProperty.call(value, i)) throw new CanonicalJsonError(itemPath, 'Array hole');
    if (value[i] === undefined) throw new CanonicalJsonError(itemPath, 'Undefined is not allowed');
    items.push(encode(value[i], itemPath, open));
  }
  return `[${items.join(',')}]`;
}
