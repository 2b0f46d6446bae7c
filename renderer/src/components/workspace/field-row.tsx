import { useEffect, useRef, useState, type ReactNode } from 'react';

type Props = {
  label: string;
  display: ReactNode;
  /** The editor; it calls `close` after saving or cancelling. */
  editor: (close: () => void) => ReactNode;
  /** Competing values, when the field was changed on two devices at once. */
  conflict?: ReactNode;
};

/** One case field in the overview: its value and an Edit button, or its editor in place. */
export function FieldRow({ label, display, editor, conflict }: Props) {
  const [editing, setEditing] = useState(false);
  const editButton = useRef<HTMLButtonElement>(null);
  const returnFocus = useRef(false);

  useEffect(() => {
    // Back on the Edit button after Save or Cancel, so keyboard users keep their place.
    if (!editing && returnFocus.current) {
      returnFocus.current = false;
      editButton.current?.focus();
    }
  }, [editing]);

  const close = () => {
    returnFocus.current = true;
    setEditing(false);
  };

  return (
    <div className={conflict ? 'field-row has-conflict' : 'field-row'}>
      <dt>{label}</dt>
      <dd>
        {editing ? (
          editor(close)
        ) : (
          <div className="field-value">
            <div className="field-display">{display}</div>
            <button ref={editButton} type="button" className="quiet" onClick={() => setEditing(true)} aria-label={`Edit ${label.toLowerCase()}`}>
              Edit
            </button>
          </div>
        )}
        {conflict}
      </dd>
    </div>
  );
}
