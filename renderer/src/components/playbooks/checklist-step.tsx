import { useEffect, useRef, useState } from 'react';
import { checklistNoteSchema, checklistReasonSchema, type ChecklistLink, type ChecklistStatus } from '../../../../shared/playbooks/checklist-events';
import type { ChecklistItem } from '../../../../shared/playbooks/checklist-fold';
import type { NoteState } from '../../../../shared/events/fold';
import { formatDateTime, shortDevice } from '../../format';
import { useAction } from '../../hooks/use-action';
import { PlaybookLinkAction } from './playbook-link-action';
import { StepContacts } from './step-contacts';
import { useChecklistStore } from '../../stores/checklist-store';
import { InlineForm } from '../workspace/inline-form';

export const statusLabels: Record<ChecklistStatus, string> = {
  open: 'Open',
  done: 'Done',
  skipped: 'Skipped',
  blocked: 'Blocked',
  'not-applicable': 'Not applicable',
};
const statusGlyph: Record<ChecklistStatus, string> = { open: '', done: '✓', skipped: '–', blocked: '!', 'not-applicable': '∅' };

type Mode = 'view' | 'skipped' | 'blocked' | 'note';
type Props = { caseId: string; runId: string; item: ChecklistItem; notes: readonly NoteState[]; readOnly: boolean; /** For a repeat: its first step, and whether the current pass is finished. */ nextPass?: { firstChild: string; ready: boolean } | undefined; /** A nested step in another phase than its heading shows its own. */ phaseTag?: string | undefined };

function ReasonForm({ status, title, onSave, onCancel }: { status: 'skipped' | 'blocked'; title: string; onSave: (reason: string) => Promise<void>; onCancel: () => void }) {
  const [reason, setReason] = useState('');
  const verb = status === 'skipped' ? 'Skip' : 'Mark blocked';
  return (
    <InlineForm
      label={`${verb}: ${title}`}
      saveLabel={verb}
      onCancel={onCancel}
      onSave={async () => {
        const checked = checklistReasonSchema.safeParse(reason.trim());
        if (!checked.success) throw new Error(status === 'skipped' ? 'Say why the step is skipped' : 'Say what blocks the step');
        await onSave(checked.data);
      }}
    >
      <label className="compact">
        {status === 'skipped' ? 'Why is it skipped? (required)' : 'What blocks it? (required)'}
        <input autoFocus value={reason} maxLength={2000} onChange={(e) => setReason(e.target.value)} />
      </label>
    </InlineForm>
  );
}

function NoteForm({ item, notes, onSave, onCancel }: { item: ChecklistItem; notes: readonly NoteState[]; onSave: (note: string, links: ChecklistLink[]) => Promise<void>; onCancel: () => void }) {
  const [note, setNote] = useState(item.note ?? '');
  const [links, setLinks] = useState<ChecklistLink[]>(item.links);
  const linkable = notes.filter((n) => !n.retracted && !links.some((l) => l.kind === 'note' && l.id === n.id));
  return (
    <InlineForm
      label={`Note on ${item.title}`}
      onCancel={onCancel}
      onSave={async () => {
        const text = note.trim();
        if (text !== '') {
          const checked = checklistNoteSchema.safeParse(text);
          if (!checked.success) throw new Error(checked.error.issues[0]?.message ?? 'This note cannot be saved');
        }
        await onSave(text, links);
      }}
    >
      <label className="compact">
        Note on this step
        <textarea autoFocus rows={3} value={note} onChange={(e) => setNote(e.target.value)} placeholder="What was done, found or decided. Leave empty to remove the note." />
      </label>
      {notes.length > 0 && (
        <label className="compact">
          Link a note of the case
          <select
            value=""
            onChange={(e) => {
              const id = e.target.value;
              if (id) setLinks((l) => [...l, { kind: 'note', id }]);
            }}
          >
            <option value="">Choose a note…</option>
            {linkable.map((n) => (
              <option key={n.id} value={n.id}>
                {n.text.slice(0, 80)}
              </option>
            ))}
          </select>
        </label>
      )}
      {links.length > 0 && (
        <ul className="link-list">
          {links.map((l) => (
            <li key={`${l.kind}:${l.id}`} className="chip">
              {linkText(l, notes)}
              <button type="button" className="chip-remove" aria-label={`Remove link ${linkText(l, notes)}`} onClick={() => setLinks((all) => all.filter((x) => x !== l))}>
                ×
              </button>
            </li>
          ))}
        </ul>
      )}
      <span className="hint">Ctrl+Enter saves, Escape cancels.</span>
    </InlineForm>
  );
}

function linkText(link: ChecklistLink, notes: readonly NoteState[]): string {
  if (link.kind === 'note') {
    const note = notes.find((n) => n.id === link.id);
    return note ? `Note: ${note.text.length > 60 ? `${note.text.slice(0, 60)}…` : note.text}` : 'Note (not in this case)';
  }
  return `${link.kind}: ${link.id}`;
}

/** One step of a checklist: status, who and when, note and links, details, and the controls to change them. */
export function ChecklistStep({ caseId, runId, item, notes, readOnly, nextPass, phaseTag }: Props) {
  const setStep = useChecklistStore((s) => s.setStep);
  const decide = useChecklistStore((s) => s.decide);
  const [mode, setMode] = useState<Mode>('view');
  // Where focus goes once an action re-rendered the step (its button may be gone): a button's text, or '' for the step's box.
  const [focusNext, setFocusNext] = useState<string | null>(null);
  const opener = useRef('');
  const row = useRef<HTMLLIElement>(null);
  useEffect(() => {
    if (focusNext === null || !row.current) return;
    const buttons = [...row.current.querySelectorAll<HTMLButtonElement>('button:not([disabled])')];
    const target = (focusNext && buttons.find((b) => b.textContent === focusNext)) || row.current.querySelector<HTMLElement>('[role="checkbox"]') || buttons[0] || row.current;
    target.focus();
    setFocusNext(null);
  }, [focusNext]);
  const [open, setOpen] = useState(false);
  const { busy, error, run: act } = useAction();
  const ref = { caseId, runId, stepId: item.stepId, ...(item.iteration > 0 ? { iteration: item.iteration } : {}) };
  const editable = !readOnly && item.active;
  const d = item.step;
  const hasDetails = d.instructions !== undefined || d.description !== undefined || d.condition !== undefined;

  const set = (status: ChecklistStatus, extra: { reason?: string; note?: string; links?: ChecklistLink[] } = {}) =>
    setStep({ ...ref, status, ...extra, supersedes: item.heads });
  /** Sets the status from a button that the change may remove, then puts focus back on the step. */
  const change = (status: ChecklistStatus) =>
    void act(async () => {
      await set(status);
      setFocusNext('');
    });
  const openForm = (next: Mode, label: string) => {
    opener.current = label;
    setMode(next);
  };
  const closeForm = (saved: boolean) => {
    setMode('view');
    setFocusNext(saved ? '' : opener.current);
  };

  const classes = ['step', `status-${item.status}`, item.active ? '' : 'inactive', `kind-${item.kind}`].filter(Boolean).join(' ');
  return (
    <li ref={row} tabIndex={-1} className={classes} style={{ marginLeft: `${item.depth * 1.4}rem` }} aria-label={`${item.title} — ${statusLabels[item.status]}`} data-step={item.stepId}>
      <div className="step-row">
        {editable && item.kind !== 'decision' && (item.status === 'open' || item.status === 'done') ? (
          // The box people click first: it marks the step done, and clicked again (undo) opens it again.
          <button
            type="button"
            role="checkbox"
            aria-checked={item.status === 'done'}
            aria-label={item.status === 'done' ? `Done: ${item.title} (click to reopen)` : `Mark done: ${item.title}`}
            className={`step-glyph step-check glyph-${item.status}`}
            disabled={busy}
            onClick={() => void act(() => set(item.status === 'done' ? 'open' : 'done'))}
          >
            {statusGlyph[item.status]}
          </button>
        ) : (
          <span className={`step-glyph glyph-${item.status}`} aria-hidden="true">
            {statusGlyph[item.status]}
          </span>
        )}
        <div className="step-main">
          <div className="step-title">
            <span className="step-title-text">{item.title}</span>
            {item.iteration > 0 || (item.passes ?? 1) > 1 ? <span className="tag">{item.passes ? `${item.passes} passes` : `pass ${item.iteration + 1}`}</span> : null}
            {phaseTag && <span className="tag">{phaseTag}</span>}
            {d.optional && <span className="tag">optional</span>}
            {item.kind === 'playbook' && <span className="tag">other playbook</span>}
            {item.kind === 'parallel' && <span className="tag">at the same time</span>}
            {item.kind === 'repeat' && <span className="tag">repeat</span>}
            <span className={`status-label status-label-${item.status}`}>{statusLabels[item.status]}</span>
          </div>
          <div className="step-meta small muted">
            {d.role && <span>Role: {d.role}</span>}
            {item.changed && (
              <span>
                {item.passStarted ? `Pass ${item.iteration + 1} started` : item.status === 'open' ? 'Reopened' : statusLabels[item.status]} by {item.changed.actor} (device <span className="mono">{shortDevice(item.changed.device)}</span>) on{' '}
                <time dateTime={item.changed.at}>{formatDateTime(item.changed.at)}</time>
              </span>
            )}
            {!item.active && <span>Not on the path taken</span>}
          </div>
          {item.reason && (item.status === 'skipped' || item.status === 'blocked') && (
            <p className="step-reason">
              {item.status === 'skipped' ? 'Skipped because: ' : 'Blocked: '}
              <q>{item.reason}</q>
            </p>
          )}
          {item.note && mode !== 'note' && <p className="step-note multiline">{item.note}</p>}
          {item.links.length > 0 && (
            <ul className="link-list" aria-label="Produced">
              {item.links.map((l) => (
                <li key={`${l.kind}:${l.id}`} className="chip">
                  {linkText(l, notes)}
                </li>
              ))}
            </ul>
          )}
          {item.active && <StepContacts notify={d.notify ?? []} escalate={d.escalate} />}
          {d.evidence && (
            <p className="step-evidence small">
              <span className="muted">Record: </span>
              {d.evidence}
            </p>
          )}
          {item.decision && (
            <div className="branches" role="group" aria-label={`Answer: ${item.title}`}>
              {item.decision.branches.map((b) => {
                const taken = item.decision?.taken === b.key;
                return (
                  <button
                    key={b.key}
                    type="button"
                    className={taken ? 'branch taken' : item.decision?.taken ? 'branch not-taken' : 'branch'}
                    aria-pressed={taken}
                    disabled={!editable || busy}
                    onClick={() => void act(() => decide({ ...ref, branch: b.key, supersedes: item.decision?.heads ?? [] }))}
                  >
                    {b.label}
                  </button>
                );
              })}
              {item.decision.changed && (
                <span className="small muted">
                  answered by {item.decision.changed.actor} on {formatDateTime(item.decision.changed.at)}
                </span>
              )}
            </div>
          )}
          {open && hasDetails && (
            <div className="step-details" id={`details-${runId}-${item.stepId}-${item.iteration}`}>
              {d.condition && <p className="multiline"><span className="muted">Condition: </span>{d.condition}</p>}
              {d.instructions && <p className="multiline">{d.instructions}</p>}
              {d.description && <p className="multiline muted">{d.description}</p>}
            </div>
          )}
          {item.conflict && (
            <div className="conflict" data-conflict>
              <p className="conflict-title">Also changed on another device at the same time (not shown above):</p>
              <ul>
                {item.conflict.map((c) => (
                  <li key={c.eventId} className="conflict-choice">
                    <div className="conflict-value">
                      {statusLabels[c.status]}
                      {c.reason && <> — {c.reason}</>}
                      {c.note && <> — {c.note}</>}
                    </div>
                    <div className="conflict-meta muted">
                      {c.actor} · device <span className="mono">{shortDevice(c.device)}</span> · {formatDateTime(c.at)}
                    </div>
                    {editable && (
                      <button type="button" disabled={busy} onClick={() => void act(() => set(c.status, { ...(c.reason ? { reason: c.reason } : {}), note: c.note ?? '', links: c.links }))}>
                        Keep this
                      </button>
                    )}
                  </li>
                ))}
              </ul>
            </div>
          )}
          {item.decision?.conflict && (
            <div className="conflict" data-conflict>
              <p className="conflict-title">Answered differently on another device:</p>
              <ul>
                {item.decision.conflict.map((c) => (
                  <li key={c.eventId} className="conflict-choice">
                    <div className="conflict-value">{item.decision?.branches.find((b) => b.key === c.branch)?.label ?? c.branch}</div>
                    <div className="conflict-meta muted">
                      {c.actor} · {formatDateTime(c.at)}
                    </div>
                    {editable && (
                      <button type="button" disabled={busy} onClick={() => void act(() => decide({ ...ref, branch: c.branch, supersedes: item.decision?.heads ?? [] }))}>
                        Keep this
                      </button>
                    )}
                  </li>
                ))}
              </ul>
            </div>
          )}
          {mode === 'skipped' || mode === 'blocked' ? (
            <ReasonForm
              status={mode}
              title={item.title}
              onCancel={() => closeForm(false)}
              onSave={async (reason) => {
                await set(mode, { reason });
                closeForm(true);
              }}
            />
          ) : mode === 'note' ? (
            <NoteForm
              item={item}
              notes={notes}
              onCancel={() => closeForm(false)}
              onSave={async (note, links) => {
                await set(item.status, { note, links, ...(item.reason ? { reason: item.reason } : {}) });
                closeForm(true);
              }}
            />
          ) : (
            <div className="step-actions">
              {hasDetails && (
                <button type="button" className="quiet" aria-expanded={open} onClick={() => setOpen((o) => !o)}>
                  {open ? 'Hide instructions' : 'Instructions'}
                </button>
              )}
              {editable && item.kind === 'playbook' && <PlaybookLinkAction caseId={caseId} item={item} busy={busy} act={act} markDone={() => set('done')} />}
              {editable && (
                <>
                  {item.status !== 'done' && item.kind !== 'decision' && (
                    <button type="button" className="quiet" disabled={busy} onClick={() => change('done')}>
                      Done
                    </button>
                  )}
                  {item.status !== 'skipped' && (
                    <button type="button" className="quiet" disabled={busy} onClick={() => openForm('skipped', 'Skip…')}>
                      Skip…
                    </button>
                  )}
                  {item.status !== 'blocked' && (
                    <button type="button" className="quiet" disabled={busy} onClick={() => openForm('blocked', 'Blocked…')}>
                      Blocked…
                    </button>
                  )}
                  {item.status !== 'not-applicable' && (
                    <button type="button" className="quiet" disabled={busy} onClick={() => change('not-applicable')} title="Not applicable to this incident">
                      N/A
                    </button>
                  )}
                  {item.status !== 'open' && (
                    <button type="button" className="quiet" disabled={busy} onClick={() => change('open')}>
                      Reopen
                    </button>
                  )}
                  <button type="button" className="quiet" disabled={busy} onClick={() => openForm('note', item.note || item.links.length > 0 ? 'Edit note…' : 'Note…')}>
                    {item.note || item.links.length > 0 ? 'Edit note…' : 'Note…'}
                  </button>
                  {item.kind === 'repeat' && nextPass !== undefined && (
                    <button
                      type="button"
                      className="quiet"
                      // A new pass starts once this one is finished: every step of it done, skipped or not applicable.
                      disabled={busy || !nextPass.ready}
                      title={nextPass.ready ? undefined : `Finish pass ${item.passes ?? 1} first: every step done, skipped or N/A`}
                      onClick={() => void act(() => setStep({ caseId, runId, stepId: nextPass.firstChild, iteration: item.passes ?? 1, status: 'open' }))}
                    >
                      Start pass {(item.passes ?? 1) + 1}
                    </button>
                  )}
                </>
              )}
            </div>
          )}
          {error && (
            <p className="field-error" role="alert">
              {error}
            </p>
          )}
        </div>
      </div>
    </li>
  );
}
