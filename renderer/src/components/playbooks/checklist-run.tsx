import { Fragment, useState } from 'react';
import type { ChecklistRunView as RunView } from '../../../../shared/api/playbook-schemas';
import type { NoteState } from '../../../../shared/events/fold';
import { phaseLabels } from '../../../../shared/playbooks/model';
import type { PhaseProgress, ProgressCount } from '../../../../shared/playbooks/progress';
import { formatDateTime } from '../../format';
import { useChecklistStore } from '../../stores/checklist-store';
import { RetractForm } from '../workspace/entry-parts';
import { ChecklistStep } from './checklist-step';
import { foldInactive } from './fold-inactive';

function Bar({ count, label }: { count: ProgressCount; label: string }) {
  const pct = (n: number) => (count.total === 0 ? 0 : (100 * n) / count.total);
  return (
    <div
      className="bar"
      role="progressbar"
      aria-label={label}
      aria-valuemin={0}
      aria-valuemax={100}
      aria-valuenow={count.percent}
      aria-valuetext={`${count.complete} of ${count.total} complete${count.blocked ? `, ${count.blocked} blocked` : ''}`}
    >
      <span className="bar-done" style={{ width: `${pct(count.done)}%` }} />
      <span className="bar-skipped" style={{ width: `${pct(count.skipped + count.notApplicable)}%` }} />
      <span className="bar-blocked" style={{ width: `${pct(count.blocked)}%` }} />
    </div>
  );
}

/** One compact cell per phase: label, bar, count; the whole row reads at a glance. */
function PhaseProgressRow({ phases, overall }: { phases: PhaseProgress[]; overall: ProgressCount }) {
  return (
    <div className="phase-progress" role="group" aria-label="Progress per phase">
      <div className="phase-cell phase-overall">
        <span className="phase-name">Overall</span>
        <Bar count={overall} label="Overall progress" />
        <span className="phase-count">{overall.percent}%</span>
      </div>
      {phases.map((p) => (
        <div key={p.phase} className={p.total > 0 && p.complete === p.total ? 'phase-cell complete' : 'phase-cell'} title={`${p.label}: ${p.done} done, ${p.skipped} skipped, ${p.notApplicable} not applicable, ${p.blocked} blocked, ${p.open} open`}>
          <span className="phase-name">{p.label}</span>
          <Bar count={p} label={`${p.label} progress`} />
          <span className="phase-count">
            {p.complete}/{p.total}
            {p.blocked > 0 && <span className="blocked-count"> · {p.blocked} blocked</span>}
          </span>
        </div>
      ))}
    </div>
  );
}

const FINISHED = new Set(['done', 'skipped', 'not-applicable']);

/** Per repeat: its first step, and whether every counted step of the current pass is finished (then a next pass may start). */
function nextPassesOf(items: RunView['items']): Map<string, { firstChild: string; ready: boolean }> {
  const passes = new Map<string, { firstChild: string; ready: boolean }>();
  items.forEach((group, i) => {
    if (group.kind !== 'repeat') return;
    const inside: RunView['items'] = [];
    for (let j = i + 1; j < items.length && (items[j]?.depth ?? 0) > group.depth; j += 1) inside.push(items[j] as RunView['items'][number]);
    const first = inside[0];
    if (!first) return;
    const current = inside.filter((c) => c.counts);
    passes.set(group.stepId, { firstChild: first.stepId, ready: current.length > 0 && current.every((c) => FINISHED.has(c.status)) });
  });
  return passes;
}

/** One playbook run in the case: its version, progress and steps in order, grouped by phase. */
export function ChecklistRunView({ caseId, run, notes }: { caseId: string; run: RunView; notes: readonly NoteState[] }) {
  const detach = useChecklistStore((s) => s.detach);
  const [detaching, setDetaching] = useState(false);
  const readOnly = run.detached !== undefined;
  const [unfolded, setUnfolded] = useState<ReadonlySet<string>>(new Set());
  let lastPhase: string | null = null;
  const headed = new Set<string>();
  const nextPasses = nextPassesOf(run.items);

  function toggleFold(key: string) {
    setUnfolded((previous) => {
      const next = new Set(previous);
      if (next.has(key)) next.delete(key);
      else next.add(key);
      return next;
    });
  }
  const step = (item: RunView['items'][number], phaseTag: string | undefined) => (
    <ChecklistStep key={`${item.stepId}:${item.iteration}`} caseId={caseId} runId={run.runId} item={item} notes={notes} readOnly={readOnly} nextPass={nextPasses.get(item.stepId)} phaseTag={phaseTag} />
  );

  return (
    <section className={readOnly ? 'run run-detached' : 'run'} aria-label={`Checklist: ${run.title}`} data-run={run.runId}>
      <header className="run-head">
        <div className="run-title">
          <h2 tabIndex={-1}>{run.title}</h2>
          <span className="tag">version {run.version}</span>
          {run.conflicts.length > 0 && <span className="tag warn">{run.conflicts.length} changed on two devices</span>}
        </div>
        <span className="small muted">
          Attached by {run.attached.actor} on <time dateTime={run.attached.at}>{formatDateTime(run.attached.at)}</time>
        </span>
        {!readOnly && !detaching && (
          <button
            type="button"
            className="quiet"
            onClick={() => setDetaching(true)}
            aria-label={`Remove ${run.title} from the case…`}
            title="Takes this checklist off the case, with your reason. What was done stays in the history; the steps can be shown again."
          >
            Remove from case…
          </button>
        )}
      </header>
      {run.newerVersion !== undefined && (
        <p className="run-notice" role="note">
          A newer version {run.newerVersion} of this playbook exists in the library. This case keeps version {run.version}, the one it started with.
        </p>
      )}
      {run.detached && (
        <p className="retraction">
          Removed from the case by {run.detached.actor} on {formatDateTime(run.detached.at)}: <q>{run.detached.reason}</q>
        </p>
      )}
      {detaching && (
        <RetractForm
          what="checklist"
          removal
          onCancel={() => setDetaching(false)}
          onRetract={async (reason) => {
            await detach({ caseId, runId: run.runId, reason });
          }}
        />
      )}
      <PhaseProgressRow phases={run.progress.phases} overall={run.progress.overall} />
      <ol className="run-steps" aria-label={`Steps of ${run.title}`}>
        {foldInactive(run.items).map((segment) => {
          if (segment.kind === 'fold') {
            const open = unfolded.has(segment.key);
            return (
              <Fragment key={`fold:${segment.key}`}>
                <li className="step-fold" style={{ marginLeft: `${(segment.items[0]?.depth ?? 0) * 1.4}rem` }}>
                  <button type="button" className="quiet" aria-expanded={open} onClick={() => toggleFold(segment.key)}>
                    <span aria-hidden="true">{open ? '▾' : '▸'}</span> {segment.label}
                  </button>
                </li>
                {open && segment.items.map((item) => step(item, undefined))}
              </Fragment>
            );
          }
          const item = segment.item;
          // Each phase is headed once, where its first step is; a step of that phase met later carries the phase as a tag.
          const heading = item.depth === 0 && !headed.has(item.phase);
          if (item.depth === 0) {
            headed.add(item.phase);
            const tag = !heading && item.phase !== lastPhase ? phaseLabels[item.phase] : undefined;
            lastPhase = item.phase;
            return (
              <Fragment key={`${item.stepId}:${item.iteration}`}>
                {heading && (
                  <li className="phase-heading" aria-hidden="true">
                    {phaseLabels[item.phase]}
                  </li>
                )}
                {step(item, tag)}
              </Fragment>
            );
          }
          return step(item, item.phase !== lastPhase ? phaseLabels[item.phase] : undefined);
        })}
      </ol>
    </section>
  );
}
