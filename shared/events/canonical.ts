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
  try {
    return encode(value, new Set());
  } catch (error) {
    if (error instanceof PathlessError) throw new CanonicalJsonError(`$${error.segments.reverse().join('')}`, error.message);
    throw error;
  }
}

/**
 * Thrown while encoding; each enclosing object or array adds its segment on
 * the way out, so the path is only built when something is refused (event
 * hashing encodes every event of a bundle: building paths eagerly doubled
 * its cost).
 */
class PathlessError extends Error {
  readonly segments: string[] = [];
}

/** Runs `work` for the member or item `name`; its path segment is built only when something is refused. */
function within<T>(name: string | number, work: () => T): T {
  try {
    return work();
  } catch (error) {
    if (error instanceof PathlessError) error.segments.push(`[${name}]`);
    throw error;
  }
}

function encode(value: unknown, open: Set<object>): string {
  switch (typeof value) {
    case 'string':
      if (LONE_SURROGATE.test(value)) throw new PathlessError('String with a lone surrogate');
      return JSON.stringify(value);
    case 'number':
      if (!Number.isFinite(value)) throw new PathlessError(`Number ${String(value)} is not allowed`);
      return JSON.stringify(value);
    case 'boolean':
      return value ? 'true' : 'false';
    case 'object':
      if (value === null) return 'null';
      return encodeObject(value, open);
    case 'undefined':
    case 'function':
    case 'symbol':
    case 'bigint':
      throw new PathlessError(`Value of type ${typeof value} is not allowed`);
  }
}

function encodeObject(value: object, open: Set<object>): string {
  if (open.has(value)) throw new PathlessError('Cyclic structure');
  open.add(value);
  try {
    if (Array.isArray(value)) return encodeArray(value, open);
    const proto: unknown = Object.getPrototypeOf(value);
    if (proto !== Object.prototype && proto !== null) throw new PathlessError('Only plain objects are allowed');
    if (Object.getOwnPropertySymbols(value).length > 0) throw new PathlessError('Symbol keys are not allowed');
    const record = value as Record<string, unknown>;
    // Default sort compares UTF-16 code units, which is what RFC 8785 asks for.
    const keys = Object.keys(record).sort();
    let out = '{';
    for (let i = 0; i < keys.length; i += 1) {
      const key = keys[i] as string;
      if (LONE_SURROGATE.test(key)) throw new PathlessError('Member name with a lone surrogate');
      const member = record[key];
      const name = JSON.stringify(key);
      const encoded = member === undefined ? refuseAt(`[${name}]`, 'Undefined is not allowed') : typeof member === 'string' && !LONE_SURROGATE.test(member) ? JSON.stringify(member) : within(name, () => encode(member, open));
      out += `${i === 0 ? '' : ','}${name}:${encoded}`;
    }
    return `${out}}`;
  } finally {
    open.delete(value);
  }
}

/** Refuses a member or item itself (so its own segment starts the path). */
function refuseAt(segment: string, message: string): never {
  const error = new PathlessError(message);
  error.segments.push(segment);
  throw error;
}

function encodeArray(value: readonly unknown[], open: Set<object>): string {
  if (Object.getPrototypeOf(value) !== Array.prototype) throw new PathlessError('Only plain arrays are allowed');
  const items: string[] = [];
  for (let i = 0; i < value.length; i += 1) {
    if (!Object.prototype.hasOwnProperty.call(value, i)) refuseAt(`[${i}]`, 'Array hole');
    const item = value[i];
    if (item === undefined) refuseAt(`[${i}]`, 'Undefined is not allowed');
    items.push(within(i, () => encode(item, open)));
  }
  return `[${items.join(',')}]`;
}
