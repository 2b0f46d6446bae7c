import { useRef, useState, type FormEvent } from 'react';
import { useModal } from '../hooks/use-modal';
import { NewCase } from '../../../shared/api/schemas';
import { categories, priorities, type CategoryId, type Priority } from '../../../shared/domain/taxonomy';
import { capitalize } from '../format';
import { Options } from './form/fields';
import { useCaseStore } from '../stores/case-store';

type FieldErrors = Partial<Record<'title' | 'category' | 'priority' | 'site' | 'form', string>>;

/** A modal form; validation uses the same schema the core enforces. Esc or Cancel closes it. */
export function NewCaseDialog({ onClose }: { onClose: () => void }) {
  const dialog = useRef<HTMLDialogElement>(null);
  useModal(dialog);
  const createCase = useCaseStore((s) => s.create);
  const [title, setTitle] = useState('');
  const [category, setCategory] = useState<CategoryId>('other');
  const [priority, setPriority] = useState<Priority>('medium');
  const [site, setSite] = useState('');
  const [errors, setErrors] = useState<FieldErrors>({});
  const [busy, setBusy] = useState(false);
  // Escape or Cancel with words typed asks first: a title typed in a hurry is not thrown away by one key.
  const [confirmDiscard, setConfirmDiscard] = useState(false);
  const keep = useRef<HTMLButtonElement>(null);
  const typed = title.trim() !== '' || site.trim() !== '';

  function requestClose() {
    if (!typed) return dialog.current?.close();
    setConfirmDiscard(true);
    requestAnimationFrame(() => keep.current?.focus());
  }


  async function submit(event: FormEvent) {
    event.preventDefault();
    // An empty site is left out rather than recorded as an empty value.
    const checked = NewCase.safeParse({ title, category, priority, ...(site.trim() ? { site } : {}) });
    if (!checked.success) {
      const next: FieldErrors = {};
      for (const issue of checked.error.issues) {
        const key = issue.path[0];
        if ((key === 'title' || key === 'site' || key === 'category' || key === 'priority') && !next[key]) next[key] = issue.message;
      }
      return setErrors(next);
    }
    setBusy(true);
    try {
      await createCase(checked.data);
      onClose();
    } catch (caught) {
      setErrors({ form: caught instanceof Error ? caught.message : String(caught) });
      setBusy(false);
    }
  }

  const hint = categories.find((c) => c.id === category)?.hint;

  return (
    <dialog
      ref={dialog}
      className="dialog"
      aria-labelledby="new-case-title"
      onClose={onClose}
      onCancel={(e) => {
        e.preventDefault();
        if (confirmDiscard) setConfirmDiscard(false);
        else requestClose();
      }}
    >
      <form onSubmit={(e) => void submit(e)} noValidate>
        <h2 id="new-case-title">New case</h2>
        <label>
          Title
          <input
            autoFocus
            value={title}
            onChange={(e) => setTitle(e.target.value)}
            placeholder="What happened, in a few words"
            aria-invalid={errors.title ? true : undefined}
            maxLength={200}
          />
          {errors.title && <span className="field-error">{errors.title}</span>}
        </label>
        <div className="row">
          <label>
            Category
            <select value={category} onChange={(e) => setCategory(e.target.value as CategoryId)}>
              {categories.map((c) => (
                <option key={c.id} value={c.id}>
                  {c.label}
                </option>
              ))}
            </select>
            {hint && <span className="hint">{hint}</span>}
          </label>
          <label>
            Priority
            <select value={priority} onChange={(e) => setPriority(e.target.value as Priority)}>
              <Options values={priorities} label={capitalize} />
            </select>
          </label>
        </div>
        <label>
          Site (optional)
          <input
            value={site}
            onChange={(e) => setSite(e.target.value)}
            placeholder="Division, office or location affected"
            aria-invalid={errors.site ? true : undefined}
            maxLength={200}
          />
          {errors.site && <span className="field-error">{errors.site}</span>}
        </label>
        {errors.form && (
          <p className="error" role="alert">
            {errors.form}
          </p>
        )}
        {confirmDiscard ? (
          <div className="actions discard-confirm" role="alertdialog" aria-label="Discard this new case?">
            <span className="grow">Discard this new case? What you typed is lost.</span>
            <button ref={keep} type="button" onClick={() => setConfirmDiscard(false)}>
              Keep editing
            </button>
            <button type="button" className="danger" onClick={() => dialog.current?.close()}>
              Discard
            </button>
          </div>
        ) : (
          <div className="actions">
            <button type="button" onClick={requestClose}>
              Cancel
            </button>
            <button type="submit" className="primary" disabled={busy}>
              {busy ? 'Creating…' : 'Create case'}
            </button>
          </div>
        )}
      </form>
    </dialog>
  );
}
