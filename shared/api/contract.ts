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
  'vault.status': { kind: 'query', input: s.StatusQuery, output: s.VaultStatus },
  'vault.create': { kind: 'command', input: s.CreateVault, output: s.VaultStatus },
  'vault.unlock': { kind: 'command', input: s.UnlockVault, output: s.VaultStatus },
  'vault.lock': { kind: 'command', input: s.Empty, output: s.VaultStatus },
  'vault.changePassphrase': { kind: 'command', input: s.ChangePassphrase, output: s.VaultStatus },
  'vault.select': { kind: 'command', input: s.SelectVault, output: s.VaultStatus },
  'settings.get': { kind: 'query', input: s.Empty, output: s.SettingsView },
  'settings.update': { kind: 'command', input: s.SettingsUpdate, output: s.SettingsView },
  'case.list': { kind: 'query', input: s.Empty, output: s.CaseListOutput },
  'case.get': { kind: 'query', input: s.CaseRef, output: s.CaseStateOutput },
  'case.history': { kind: 'query', input: s.HistoryQuery, output: s.HistoryOutput },
  'case.create': { kind: 'command', input: s.NewCase, output: s.CaseStateOutput },
  'case.setField': { kind: 'command', input: s.SetCaseField, output: s.CaseStateOutput },
  'note.add': { kind: 'command', input: s.AddNote, output: s.CaseStateOutput },
  'note.edit': { kind: 'command', input: s.EditNote, output: s.CaseStateOutput },
  'timeline.add': { kind: 'command', input: s.AddTimelineEntry, output: s.CaseStateOutput },
  'timeline.edit': { kind: 'command', input: s.EditTimelineEntry, output: s.CaseStateOutput },
  'entry.retract': { kind: 'command', input: s.RetractEntry, output: s.CaseStateOutput },
} as const satisfies Record<string, MethodSpec>;

export type Contract = typeof contract;
export type Method = keyof Contract;
export type Input<M extends Method> = z.input<Contract[M]['input']>;
export type Output<M extends Method> = z.output<Contract[M]['output']>;

export const methods = Object.keys(contract) as Method[];

export function isMethod(name: unknown): name is Method {
  return typeof name === 'string' && Object.hasOwn(contract, name);
}
