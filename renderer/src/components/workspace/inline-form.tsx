import type { FormEvent, KeyboardEvent, ReactNode } from 'react';
import { useAction } from '../../hooks/use-action';

type Props = {
  /** Names the form for screen readers, e.g. "Edit status". */
  label: string;
  /** Saves; throws (an Error with a message for the user) when it cannot. */
  onSave: () => Promise<void>;
  onCancel: () => void;
  saveLabel?: string;
  busyLabel?: string;
  className?: string;
  children: ReactNode;
};

/**
 * The shell of every in-place editor: Save and Cancel, Enter saves (Ctrl+Enter
 * in a multi-line field, where Enter is a new line), Escape cancels, and the
 * error of a failed save shown under the field.
 */
export function InlineForm({ label, onSave, onCancel, saveLabel = 'Save', busyLabel = 'Saving…', className, children }: Props) {
  const { busy, error, setError, run } = useAction();

  async function submit(event?: FormEvent) {
    event?.preventDefault();
    if (busy) return;
    await run(onSave);
  }

  function onKeyDown(event: KeyboardEvent<HTMLFormElement>) {
    const target = event.target as HTMLElement;
    if (event.key === 'Escape') {
      event.preventDefault();
      event.stopPropagation();
      onCancel();
    } else if (event.key === 'Enter' && (target.tagName === 'SELECT' || (target.tagName === 'TEXTAREA' && (event.ctrlKey || event.metaKey)))) {
      event.preventDefault();
      void submit();
    }
  }

  return (
    <form
      className={className ? `inline-form ${className}` : 'inline-form'}
      aria-label={label}
      onSubmit={(e) => void submit(e)}
      onKeyDown={onKeyDown}
      // A message about the old value is misleading once the user changes it.
      onChange={() => error && setError(null)}
      noValidate
    >
      {children}
      {error && (
        <p className="field-error" role="alert">
          {error}
        </p>
      )}
      <div className="inline-actions">
        <button type="submit" className="primary" disabled={busy}>
          {busy ? busyLabel : saveLabel}
        </button>
        <button type="button" onClick={onCancel}>
          Cancel
        </button>
      </div>
    </form>
  );
}
