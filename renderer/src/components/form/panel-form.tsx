import { useId, type KeyboardEvent, type ReactNode } from 'react';
import type { Action } from '../../hooks/use-action';
import { FormErrorId } from './fields';

type Props = {
  /** The form's accessible name; with `heading`, its visible title too. */
  label: string;
  heading?: boolean;
  /** Classes beside `add-form`. */
  className?: string;
  action: Pick<Action, 'busy' | 'error'>;
  /** Shown under the fields while there is no error. */
  hint: ReactNode;
  submitLabel: string;
  busyLabel: string;
  onSubmit: () => void | Promise<void>;
  /** Adds a Cancel button; Escape cancels too. */
  onCancel?: () => void;
  children: ReactNode;
};

/**
 * The boxed form that adds or changes something in a tab: its fields, then a
 * footer with the error (or a hint) and the buttons. Ctrl+Enter in a
 * multi-line field submits, as Enter does in a one-line one.
 */
export function PanelForm({ label, heading, className, action, hint, submitLabel, busyLabel, onSubmit, onCancel, children }: Props) {
  const errorId = useId();
  const { busy, error } = action;

  function onKeyDown(event: KeyboardEvent<HTMLFormElement>) {
    if (event.key === 'Escape' && onCancel) {
      event.preventDefault();
      event.stopPropagation();
      onCancel();
    } else if (event.key === 'Enter' && (event.ctrlKey || event.metaKey) && (event.target as HTMLElement).tagName === 'TEXTAREA') {
      event.preventDefault();
      void onSubmit();
    }
  }

  const submit = (
    <button type="submit" className="primary" disabled={busy}>
      {busy ? busyLabel : submitLabel}
    </button>
  );
  return (
    <form
      className={className ? `add-form ${className}` : 'add-form'}
      aria-label={label}
      onSubmit={(e) => {
        e.preventDefault();
        void onSubmit();
      }}
      onKeyDown={onKeyDown}
      noValidate
    >
      {heading && <h3>{label}</h3>}
      <FormErrorId.Provider value={error ? errorId : undefined}>{children}</FormErrorId.Provider>
      <div className="add-form-footer">
        {error ? (
          <span className="field-error" role="alert" id={errorId}>
            {error}
          </span>
        ) : (
          <span className="hint">{hint}</span>
        )}
        {onCancel ? (
          <span className="button-row">
            <button type="button" onClick={onCancel}>
              Cancel
            </button>
            {submit}
          </span>
        ) : (
          submit
        )}
      </div>
    </form>
  );
}
