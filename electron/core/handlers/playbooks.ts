import { ApiFailure } from '../../../shared/api/errors';
import { exportCacaoJson } from '../../../shared/playbooks/cacao/export';
import { importCacao } from '../../../shared/playbooks/cacao/import';
import { libraryFor, type PlaybookLibrary } from '../playbooks/library';
import { readTeam, writeTeam } from '../playbooks/team-store';
import { publishPlaybook } from '../team/bulletin-store';
import type { Vault } from '../vault/vault';
import { checklistHandlers } from './checklists';
import type { Handlers } from './types';

/** The library of the unlocked vault; a new one after each unlock. */
export function libraryOf(vault: Vault): PlaybookLibrary {
  return libraryFor(vault.unlocked());
}

/** A file name for an exported playbook: its title in lowercase words, then its version. */
function fileName(title: string, version: number): string {
  const words = title
    .normalize('NFKD')
    .replace(/[^\p{L}\p{N}]+/gu, '-')
    .replace(/^-+|-+$/g, '')
    .toLowerCase()
    .slice(0, 60)
    .replace(/-+$/, '');
  return `${words || 'playbook'}-v${version}.cacao.json`;
}

/** The playbook library (built-in and local, CACAO import and export), checklists in cases, and the team. */
export function playbookHandlers(vault: Vault) {
  return {
    'playbook.list': ({ includeRetired }) => libraryOf(vault).list(includeRetired),
    'playbook.get': ({ id, version }) => libraryOf(vault).get(id, version),
    'playbook.publish': async ({ id, version }) => {
      const detail = await libraryOf(vault).get(id, version);
      if (detail.summary.origin === 'builtin') throw new ApiFailure('bad_request', 'Every vault has the built-in playbooks already; publish a copy you changed');
      await publishPlaybook(vault.unlocked(), detail.playbook);
      return detail;
    },
    'playbook.save': ({ playbook, baseVersion }) => libraryOf(vault).save(playbook, baseVersion),
    'playbook.copy': ({ id, version, title }) => libraryOf(vault).copy(id, version, title),
    'playbook.retire': ({ id, retired }) => libraryOf(vault).retire(id, retired ?? true),
    'playbook.importCacao': async ({ json, dryRun }) => {
      const library = libraryOf(vault);
      const result = importCacao(json);
      if (!result.ok) {
        const shown = result.issues.slice(0, 3).map((i) => i.message);
        const more = result.issues.length > 3 ? ` (and ${result.issues.length - 3} more)` : '';
        throw new ApiFailure('bad_request', `This playbook file cannot be imported; nothing was imported. ${shown.join('; ')}${more}`, result.issues);
      }
      const { playbook, warnings, unrenderable } = result;
      if (dryRun) return { playbook, outcome: 'dry-run' as const, warnings, unrenderable };
      const { detail, outcome } = await library.adopt(playbook);
      return { playbook: detail.playbook, summary: detail.summary, outcome, warnings, unrenderable };
    },
    'playbook.exportCacao': async ({ id, version }) => {
      const { playbook } = await libraryOf(vault).get(id, version);
      return { json: exportCacaoJson(playbook), fileName: fileName(playbook.title, playbook.version) };
    },
    'team.get': async () => readTeam(vault.unlocked().storage),
    'team.save': async ({ team }) => writeTeam(vault.unlocked().storage, team),
    ...checklistHandlers(vault, libraryOf),
  } satisfies Partial<Handlers>;
}
