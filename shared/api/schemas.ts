/**
 * Runtime schemas for everything that crosses a boundary. One schema per
 * shape, shared by the IPC bridge, the loopback host, the CLI and the
 * renderer's forms, so a rule is written once.
 */
import { z } from 'zod';
import { categoryIds, priorities, statuses } from '../domain/taxonomy';

export const Empty = z.strictObject({});

export const Passphrase = z
  .string()
  .min(10, 'A passphrase needs at least 10 characters')
  .max(1024, 'A passphrase can have at most 1024 characters');

export const CreateVault = z.strictObject({ passphrase: Passphrase });

// Unlocking takes whatever the user typed: a wrong passphrase is reported as
// `wrong_passphrase`, not as a rule about length that would hint at the real one.
export const UnlockVault = z.strictObject({ passphrase: z.string().min(1, 'Enter the passphrase').max(1024) });

export const VaultState = z.enum(['absent', 'locked', 'unlocked']);

export const VaultStatus = z.strictObject({
  state: VaultState,
  path: z.string(),
});

export const CaseId = z.string().regex(/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/, 'Not a case id');

const shortText = (label: string, max: number) =>
  z
    .string()
    .trim()
    .min(1, `${label} is required`)
    .max(max, `${label} can have at most ${max} characters`);

export const NewCase = z.strictObject({
  title: shortText('Title', 200),
  category: z.enum(categoryIds),
  priority: z.enum(priorities),
  site: shortText('Site', 200),
});

export const CaseSummary = z.strictObject({
  id: CaseId,
  title: z.string(),
  category: z.enum(categoryIds),
  priority: z.enum(priorities),
  status: z.enum(statuses),
  site: z.string(),
  createdAt: z.string(),
  updatedAt: z.string(),
});

export const CaseDetail = CaseSummary.extend({
  createdBy: z.string(),
});

export const CaseRef = z.strictObject({ id: CaseId });
