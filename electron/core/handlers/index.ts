import { methods } from '../../../shared/api/contract';
import type { Vault } from '../vault/vault';
import { bundleHandlers } from './bundles';
import { caseHandlers } from './cases';
import { draftHandlers } from './drafts';
import { entryHandlers } from './entries';
import { evidenceHandlers } from './evidence';
import { jobHandlers } from './jobs';
import { playbookHandlers } from './playbooks';
import { recordHandlers } from './records';
import { settingsHandlers } from './settings';
import { alertHandlers } from './alerts';
import { syncHandlers, type SyncHandlerOptions } from './sync';
import { teamHandlers } from './team';
import type { Handlers } from './types';
import { vaultHandlers, type VaultHandlerOptions } from './vault';

/**
 * Merges the per-domain handler tables into the one table every transport
 * serves. A name defined twice, or a contract method left without a handler,
 * is a programming error caught at start-up rather than at the first call.
 */
export function mergeHandlers(...tables: Partial<Handlers>[]): Handlers {
  const merged: Partial<Record<string, unknown>> = {};
  for (const table of tables) {
    for (const [name, handler] of Object.entries(table)) {
      if (name in merged) throw new Error(`Handler for ${name} is defined twice`);
      merged[name] = handler;
    }
  }
  const missing = methods.filter((m) => !(m in merged));
  if (missing.length > 0) throw new Error(`No handler for ${missing.join(', ')}`);
  return merged as Handlers;
}

export function createHandlers(vault: Vault, options: VaultHandlerOptions & SyncHandlerOptions = {}): Handlers {
  return mergeHandlers(vaultHandlers(vault, options), settingsHandlers(vault), caseHandlers(vault), entryHandlers(vault), draftHandlers(vault), evidenceHandlers(vault), recordHandlers(vault), jobHandlers(vault), playbookHandlers(vault), bundleHandlers(vault), teamHandlers(vault), alertHandlers(vault), syncHandlers(vault, options.autoSync !== undefined ? { autoSync: options.autoSync } : {}));
}
