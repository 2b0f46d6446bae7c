/**
 * A join request (issue 11): a device asks the coordinator to be put on the
 * team roster. A small JSON file `{request, signature}`; the signature is the
 * device's Ed25519 over JOIN_CONTEXT + canonicalJoinRequest(request), so the
 * file proves the sender holds the key whose SHA-256 is the device id.
 */
import { z } from 'zod';
import { ageRecipient } from './roster';

export const JOIN_FORMAT = 'outpost-join-request';
export const JOIN_CONTEXT = 'outpost-join-request/v1\n';

const label = z.string().max(200);

export const joinRequestSchema = z.strictObject({
  format: z.literal(JOIN_FORMAT),
  version: z.literal(1),
  device: z.string().regex(/^[0-9a-f]{64}$/, 'not a device id'),
  publicKey: z.string().regex(/^[A-Za-z0-9+/]{43}=$/, 'not a base64 Ed25519 public key'),
  name: label,
  role: label,
  site: label,
  recipient: ageRecipient,
  createdAt: z.string().min(1).max(64),
});
export type JoinRequest = z.infer<typeof joinRequestSchema>;

export const signedJoinRequestSchema = z.strictObject({ request: joinRequestSchema, signature: z.string().regex(/^[A-Za-z0-9+/]{86}==$/, 'not a base64 Ed25519 signature') });
export type SignedJoinRequest = z.infer<typeof signedJoinRequestSchema>;

export function joinSigningText(r: JoinRequest): string {
  return JOIN_CONTEXT + JSON.stringify({ format: r.format, version: r.version, device: r.device, publicKey: r.publicKey, name: r.name, role: r.role, site: r.site, recipient: r.recipient, createdAt: r.createdAt });
}
