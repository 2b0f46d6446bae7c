import { useEffect, useRef, type ReactNode } from 'react';
import { useModal } from '../hooks/use-modal';

type Props = {
  title: string;
  className: string;
  /** The Close button's accessible name ("Close settings"). */
  closeLabel: string;
  onClose: () => void;
  /** Runs once the dialog is open (read what it shows). */
  onOpen?: () => void;
  /** A read that failed, and whether there is nothing to show yet. */
  error: string | null;
  loading: boolean;
  loadingText: string;
  children: ReactNode;
};

/**
 * A modal screen opened over the workbench: shown with showModal (focus
 * trapped, Escape closes), its title, the error of its first read or a
 * loading line, its content, and Close last so that opening it puts the
 * focus on its first field.
 */
export function ModalDialog({ title, className, closeLabel, onClose, onOpen, error, loading, loadingText, children }: Props) {
  const dialog = useRef<HTMLDialogElement>(null);
  useModal(dialog);
  const titleId = `${className}-title`;
  const opened = useRef(onOpen);
  opened.current = onOpen;

  useEffect(() => {
    opened.current?.();
  }, []);

  return (
    <dialog ref={dialog} className={`dialog ${className}`} aria-labelledby={titleId} onClose={onClose}>
      <h2 id={titleId}>{title}</h2>
      {error && (
        <p className="error" role="alert">
          {error}
        </p>
      )}
      {loading ? (
        !error && (
          <p className="muted" aria-busy="true">
            {loadingText}
          </p>
        )
      ) : (
        children
      )}
      <div className="dialog-foot">
        <button type="button" onClick={() => dialog.current?.close()} aria-label={closeLabel}>
          Close
        </button>
      </div>
    </dialog>
  );
}
