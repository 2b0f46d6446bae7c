import { useState, type FormEvent } from 'react';
import type { PlaybookDetail } from '../../../../shared/api/playbook-schemas';
import { categories, type CategoryId } from '../../../../shared/domain/taxonomy';
import { phaseIds, phaseLabels, type PhaseId, type Step } from '../../../../shared/playbooks/model';
import { visitSteps } from '../../../../shared/playbooks/walk';
import { ApiCallError, api, errorMessage } from '../../api/client';
import { Options } from '../form/fields';

type Props = { detail: PlaybookDetail; onCancel: () => void; onSaved: (saved: PlaybookDetail) => Promise<void> };

/** Sets an optional text: absent when empty, since the model has no empty optional fields. */
function withText<T extends object, K extends string>(target: T, key: K, value: string): T {
  const copy = { ...target } as Record<string, unknown>;
  if (value.trim() === '') delete copy[key];
  else copy[key] = value;
  return copy as T;
}

function StepEditor({ step, index, count, onChange, onMove, onRemove }: { step: Step; index: number; count: number; onChange: (s: Step) => void; onMove: (by: number) => void; onRemove: () => void }) {
  const nested = visitSteps([step]).length - 1;
  const n = index + 1;
  return (
    <li className="editor-step" aria-label={`Step ${n}`}>
      <div className="editor-step-head">
        <span className="editor-step-no">{n}</span>
        <label className="compact grow">
          <span className="visually-hidden">Title of step {n}</span>
          <input value={step.title} onChange={(e) => onChange({ ...step, title: e.target.value })} placeholder="What to do, in a few words" />
        </label>
        <label className="compact narrow">
          <span className="visually-hidden">Phase of step {n}</span>
          <select value={step.phase} onChange={(e) => onChange({ ...step, phase: e.target.value as PhaseId })}>
            <Options values={phaseIds} label={(p) => phaseLabels[p]} />
          </select>
        </label>
        <button type="button" className="quiet" disabled={index === 0} onClick={() => onMove(-1)} aria-label={`Move step ${n} up`}>
          ↑
        </button>
        <button type="button" className="quiet" disabled={index === count - 1} onClick={() => onMove(1)} aria-label={`Move step ${n} down`}>
          ↓
        </button>
        <button type="button" className="quiet danger" onClick={onRemove} aria-label={`Remove step ${n}`}>
          Remove
        </button>
      </div>
      <div className="editor-step-body">
        {step.kind === 'task' ? (
          <label className="compact">
            Instructions
            <textarea rows={3} value={step.instructions} onChange={(e) => onChange({ ...step, instructions: e.target.value })} />
          </label>
        ) : (
          <p className="hint">
            {step.kind === 'decision' ? 'A decision' : step.kind === 'repeat' ? 'A repeated group' : step.kind === 'parallel' ? 'Steps done at the same time' : 'A link to another playbook'}
            {nested > 0 ? ` with ${nested} nested step(s), kept as they are.` : '.'}
          </p>
        )}
        <div className="editor-row">
          <label className="compact">
            Role
            <input value={step.role ?? ''} onChange={(e) => onChange(withText(step, 'role', e.target.value))} placeholder="Who does it" />
          </label>
          <label className="compact">
            Evidence to record
            <input value={step.evidence ?? ''} onChange={(e) => onChange(withText(step, 'evidence', e.target.value))} placeholder="What to write down or keep" />
          </label>
        </div>
      </div>
    </li>
  );
}

/** A simple editor of a local playbook; saving makes a new version, the earlier ones stay as they were. */
export function PlaybookEditor({ detail, onCancel, onSaved }: Props) {
  const base = detail.playbook;
  const [title, setTitle] = useState(base.title);
  const [summary, setSummary] = useState(base.summary ?? '');
  const [cats, setCats] = useState<CategoryId[]>(base.categories);
  const [steps, setSteps] = useState<Step[]>(base.steps);
  const [errors, setErrors] = useState<string[]>([]);
  const [busy, setBusy] = useState(false);

  const update = (i: number, s: Step) => setSteps((all) => all.map((x, j) => (j === i ? s : x)));
  const move = (i: number, by: number) =>
    setSteps((all) => {
      const next = [...all];
      const [taken] = next.splice(i, 1);
      if (taken) next.splice(i + by, 0, taken);
      return next;
    });

  async function save(event: FormEvent) {
    event.preventDefault();
    if (title.trim() === '') return setErrors(['Give the playbook a title']);
    const blank = steps.findIndex((s) => s.title.trim() === '');
    if (blank >= 0) return setErrors([`Step ${blank + 1} needs a title`]);
    setBusy(true);
    setErrors([]);
    try {
      const draft = withText({ ...base, title: title.trim(), categories: cats, steps }, 'summary', summary);
      const saved = await api.send('playbook.save', { playbook: draft, baseVersion: base.version });
      await onSaved(saved);
    } catch (caught) {
      const issues = caught instanceof ApiCallError && caught.issues ? caught.issues.map((i) => `${i.path}: ${i.message}`) : [];
      setErrors([errorMessage(caught), ...issues.slice(0, 8)]);
      setBusy(false);
    }
  }

  return (
    <form
      className="editor"
      aria-label={`Edit playbook ${base.title}`}
      onSubmit={(e) => void save(e)}
      onKeyDown={(e) => {
        if (e.key === 'Escape') {
          e.preventDefault();
          onCancel();
        }
      }}
      noValidate
    >
      <div className="editor-head">
        <h2>Edit playbook</h2>
        <span className="hint">Version {base.version}; saving makes version {base.version + 1}. Cases that use an earlier version keep it.</span>
      </div>
      <label className="compact">
        Title
        <input autoFocus value={title} onChange={(e) => setTitle(e.target.value)} />
      </label>
      <label className="compact">
        Summary
        <textarea rows={2} value={summary} onChange={(e) => setSummary(e.target.value)} />
      </label>
      <fieldset className="editor-cats">
        <legend>Incident categories</legend>
        {categories.map((c) => (
          <label key={c.id} className="inline-check">
            <input type="checkbox" checked={cats.includes(c.id)} onChange={(e) => setCats((all) => (e.target.checked ? [...all, c.id] : all.filter((x) => x !== c.id)))} />
            {c.label}
          </label>
        ))}
      </fieldset>
      <h3>Steps</h3>
      <ol className="editor-steps">
        {steps.map((step, i) => (
          <StepEditor key={step.id} step={step} index={i} count={steps.length} onChange={(s) => update(i, s)} onMove={(by) => move(i, by)} onRemove={() => setSteps((all) => all.filter((_, j) => j !== i))} />
        ))}
      </ol>
      <button
        type="button"
        onClick={() => {
          const last = steps[steps.length - 1];
          setSteps((all) => [...all, { kind: 'task', id: `step-${crypto.randomUUID().slice(0, 8)}`, title: '', phase: last?.phase ?? 'verify', instructions: '' }]);
        }}
      >
        Add a step
      </button>
      {errors.length > 0 && (
        <ul className="error-list" role="alert">
          {errors.map((e) => (
            <li key={e}>{e}</li>
          ))}
        </ul>
      )}
      <div className="editor-foot">
        <button type="button" onClick={onCancel}>
          Cancel
        </button>
        <button type="submit" className="primary" disabled={busy}>
          {busy ? 'Saving…' : `Save as version ${base.version + 1}`}
        </button>
      </div>
    </form>
  );
}
