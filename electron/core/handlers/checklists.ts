import { randomUUID } from 'node:crypto';
import { ApiFailure } from '../../../shared/api/errors';
import type { ChecklistView } from '../../../shared/api/playbook-schemas';
import { shortTitle, type ChecklistStepSetPayload } from '../../../shared/playbooks/checklist-events';
import { foldChecklists, type ChecklistItem, type ChecklistRun } from '../../../shared/playbooks/checklist-fold';
import { findStep } from '../../../shared/playbooks/walk';
import type { PlaybookLibrary } from '../playbooks/library';
import type { VaultSession } from '../vault/session';
import type { Vault } from '../vault/vault';
import type { Handlers } from './types';
import { assertMayRetract } from '../team/retract-rule';

/** Every checklist of a case, with the newer library version of each playbook when there is one. */
async function view(session: VaultSession, library: PlaybookLibrary, caseId: string): Promise<ChecklistView> {
  const runs = foldChecklists(await session.caseEvents(caseId));
  const withVersions = [];
  for (const run of runs) {
    const latest = await library.latestVersion(run.playbookId);
    withVersions.push(latest !== undefined && latest > run.version ? { ...run, newerVersion: latest } : run);
  }
  return { caseId, runs: withVersions };
}

function runOf(checklists: ChecklistView, runId: string): ChecklistRun {
  const run = checklists.runs.find((r) => r.runId === runId);
  if (!run) throw new ApiFailure('not_found', `No checklist ${runId} in this case`);
  if (run.detached) throw new ApiFailure('bad_request', `The checklist “${run.title}” was detached from this case (${run.detached.reason}); attach the playbook again to work on it`);
  return run;
}

/** The step as the checklist shows it; a new pass of a repeated group may be started one past the last. */
function itemOf(run: ChecklistRun, stepId: string, iteration: number): ChecklistItem {
  const found = run.items.find((i) => i.stepId === stepId && i.iteration === iteration);
  if (found) return found;
  const visit = findStep(run.playbook, stepId);
  if (!visit) throw new ApiFailure('not_found', `The checklist “${run.title}” has no step ${stepId}`);
  const group = visit.repeats[visit.repeats.length - 1];
  if (group === undefined) throw new ApiFailure('bad_request', `“${visit.step.title}” is not in a repeated group; it has no pass ${iteration + 1}`);
  const passes = run.items.find((i) => i.stepId === group)?.passes ?? 1;
  if (iteration !== passes) throw new ApiFailure('bad_request', `“${visit.step.title}” has ${passes} pass(es); the next one to start is pass ${passes + 1}`);
  return { stepId, kind: visit.step.kind, title: visit.step.title, phase: visit.step.phase, depth: visit.depth, iteration, active: true, counts: true, step: {}, status: 'open', links: [], heads: [] };
}

/** Starting, working and detaching playbook checklists in a case; every change is a case event. */
export function checklistHandlers(vault: Vault, libraryOf: (vault: Vault) => PlaybookLibrary) {
  const context = () => ({ session: vault.unlocked(), library: libraryOf(vault) });
  return {
    'checklist.get': async ({ caseId }) => {
      const { session, library } = context();
      return view(session, library, caseId);
    },
    'checklist.attach': async ({ caseId, playbookId, version }) => {
      const { session, library } = context();
      const before = await view(session, library, caseId);
      const { summary, playbook } = await library.get(playbookId, version);
      if (summary.retired) throw new ApiFailure('bad_request', `The playbook “${playbook.title}” is retired; restore it in the library to attach it`);
      const running = before.runs.find((r) => r.playbookId === playbookId && !r.detached);
      if (running) throw new ApiFailure('bad_request', `The playbook “${playbook.title}” is already attached to this case (version ${running.version})`);
      const runId = randomUUID();
      await session.append(caseId, 'playbook.attached', { runId, playbookId, version: playbook.version, title: playbook.title, snapshot: playbook });
      return view(session, library, caseId);
    },
    'checklist.setStep': async (input) => {
      const { session, library } = context();
      const run = runOf(await view(session, library, input.caseId), input.runId);
      const iteration = input.iteration ?? 0;
      const item = itemOf(run, input.stepId, iteration);
      const note = input.note === undefined ? item.note : input.note === '' ? undefined : input.note;
      const links = input.links ?? item.links;
      const payload: ChecklistStepSetPayload = {
        runId: run.runId,
        stepId: item.stepId,
        ...(iteration > 0 ? { iteration } : {}),
        stepTitle: shortTitle(item.title),
        status: input.status,
        ...(input.reason !== undefined ? { reason: input.reason } : {}),
        ...(note !== undefined ? { note } : {}),
        ...(links.length > 0 ? { links } : {}),
        supersedes: input.supersedes ?? item.heads,
      };
      await session.append(input.caseId, 'checklist.step.set', payload);
      return view(session, library, input.caseId);
    },
    'checklist.decide': async (input) => {
      const { session, library } = context();
      const run = runOf(await view(session, library, input.caseId), input.runId);
      const iteration = input.iteration ?? 0;
      const item = itemOf(run, input.stepId, iteration);
      const visit = findStep(run.playbook, item.stepId);
      if (visit?.step.kind !== 'decision') throw new ApiFailure('bad_request', `“${item.title}” is not a decision`);
      const branch = visit.step.branches.find((b) => b.key === input.branch);
      if (!branch) throw new ApiFailure('bad_request', `“${item.title}” has no branch ${input.branch}; choose one of ${visit.step.branches.map((b) => b.key).join(', ')}`);
      await session.append(input.caseId, 'checklist.decision', {
        runId: run.runId,
        stepId: item.stepId,
        ...(iteration > 0 ? { iteration } : {}),
        stepTitle: shortTitle(item.title),
        branch: branch.key,
        branchLabel: shortTitle(branch.label),
        supersedes: input.supersedes ?? item.decision?.heads ?? [],
      });
      return view(session, library, input.caseId);
    },
    'checklist.detach': async ({ caseId, runId, reason }) => {
      const { session, library } = context();
      runOf(await view(session, library, caseId), runId);
      await assertMayRetract(session, caseId, runId);
      // Nothing is deleted: the run stays in the case, marked detached with the reason.
      await session.append(caseId, 'entry.retracted', { target: runId, reason });
      return view(session, library, caseId);
    },
  } satisfies Partial<Handlers>;
}
