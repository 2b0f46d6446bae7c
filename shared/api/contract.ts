/**
 * The one API contract between the renderer and the core. Every transport
 * (Electron IPC, the loopback HTTP host, the CLI) exposes exactly these
 * methods, validates arguments with these schemas, and answers Result<T>.
 *
 * Queries read; commands change the vault. Names are 'domain.verb'.
 */
import type { z } from 'zod';
import * as s from './schemas';

type MethodSpec = { kind: 'query' | 'command'; input: z.ZodType; output: z.ZodType };

export const contract = {
  'vault.status': { kind: 'query', input: s.Empty, output: s.VaultStatus },
  'vault.create': { kind: 'command', input: s.CreateVault, output: s.VaultStatus },
  'vault.unlock': { kind: 'command', input: s.UnlockVault, output: s.VaultStatus },
  'vault.lock': { kind: 'command', input: s.Empty, output: s.VaultStatus },
  'case.list': { kind: 'query', input: s.Empty, output: s.CaseSummary.array() },
  'case.get': { kind: 'query', input: s.CaseRef, output: s.CaseDetail },
  'case.create': { kind: 'command', input: s.NewCase, output: s.CaseDetail },
} as const satisfies Record<string, MethodSpec>;

export type Contract = typeof contract;
export type Method = keyof Contract;
export type Input<M extends Method> = z.input<Contract[M]['input']>;
export type Output<M extends Method> = z.output<Contract[M]['output']>;

export const methods = Object.keys(contract) as Method[];

export function isMethod(name: unknown): name is Method {
  return typeof name === 'string' && Object.hasOwn(contract, name);
}
