import { useChecklistStore } from '../../stores/checklist-store';
import type { ChecklistItem } from '../../../../shared/playbooks/checklist-fold';

/** Scrolls to a run of this case and puts focus on its title, where work goes on. */
export function showRun(runId: string) {
  const title = document.querySelector<HTMLElement>(`section[data-run="${CSS.escape(runId)}"] h2`);
  title?.scrollIntoView({ block: 'start' });
  title?.focus();
}

/**
 * The button a step "Follow the … playbook" needs (issue 16 item 13): it
 * attaches that playbook, marks the step done (that is its record), and takes
 * the person to the new checklist; once attached it only goes there.
 */
export function PlaybookLinkAction({ caseId, item, busy, act, markDone }: { caseId: string; item: ChecklistItem; busy: boolean; act: (work: () => Promise<unknown>) => Promise<void>; markDone: () => Promise<void> }) {
  const attach = useChecklistStore((s) => s.attach);
  const playbookId = item.step.target?.playbookId;
  const attached = useChecklistStore((s) => s.view?.runs.find((r) => r.playbookId === playbookId && !r.detached));
  if (!playbookId) return null;
  if (attached) {
    return (
      <button type="button" onClick={() => showRun(attached.runId)}>
        Go to {attached.title}
      </button>
    );
  }
  return (
    <button
      type="button"
      className="primary"
      disabled={busy}
      onClick={() =>
        void act(async () => {
          await attach({ caseId, playbookId });
          if (item.status !== 'done') await markDone();
          const run = useChecklistStore.getState().view?.runs.find((r) => r.playbookId === playbookId && !r.detached);
          if (run) requestAnimationFrame(() => showRun(run.runId));
        })
      }
    >
      Attach it and continue there
    </button>
  );
}
