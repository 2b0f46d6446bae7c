/**
 * Schemas of the pieces every event is made of: ids, hashes, clocks, texts.
 * A leaf module (zod only), so any domain's payload schemas can use it.
 */
import { z } from 'zod';
import { isHlcString } from './hlc';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;
const HEX64 = /^[0-9a-f]{64}$/;
const ED25519_SIGNATURE_BASE64 = /^[A-Za-z0-9+/]{86}==$/;
// With the `u` flag this only matches a surrogate that is not part of a pair;
// such strings cannot be hashed (see ./canonical), so they are refused here.
const LONE_SURROGATE = /[\uD800-\uDFFF]/u;

export const uuidSchema = z.string().regex(UUID, 'Not a lowercase UUID');
export const deviceIdSchema = z.string().regex(HEX64, 'Not a device id (64 lowercase hex digits)');
export const eventHashSchema = z.string().regex(HEX64, 'Not a SHA-256 hash (64 lowercase hex digits)');
export const hlcSchema = z.string().refine(isHlcString, 'Not a hybrid logical clock timestamp');
export const signatureSchema = z.string().regex(ED25519_SIGNATURE_BASE64, 'Not an Ed25519 signature (base64)');

export function text(label: string, min: 0 | 1, max: number) {
  const base = z
    .string()
    .max(max, `${label} can have at most ${max} characters`)
    .refine((s) => !LONE_SURROGATE.test(s), `${label} contains an invalid character`);
  return min === 0 ? base : base.refine((s) => /\S/.test(s), `${label} is required`);
}

/** Ids of the events whose value the author saw as current when writing. */
export const supersedesSchema = z.array(uuidSchema).max(1000, 'Too many superseded events');

/** RFC 3339 date-time with seconds and an explicit offset (Z or ±hh:mm). */
export const offsetDateTimeSchema = z.iso
  .datetime({ offset: true, error: 'Not a date-time with an offset, e.g. 2026-11-23T14:05:00+01:00' })
  .refine((s) => !Number.isNaN(Date.parse(s)), 'Not a valid date');
