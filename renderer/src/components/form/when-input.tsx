import { useId } from 'react';
import { localInputToOffsetDateTime, nowLocalInputValue } from '../../lib/local-date-time';
import { whenWarning } from '../../lib/when-warning';
import { Labelled } from './fields';

/** The `at` that a wall-clock value stands for here, or a message saying what is missing. */
export function parseWhen(value: string): { at: string } | { error: string } {
  const at = localInputToOffsetDateTime(value);
  return at ? { at } : { error: 'Enter a date and a time' };
}

type Props = {
  value: string;
  onChange: (value: string) => void;
  autoFocus?: boolean;
  /** When the case was opened: an earlier time is pointed out. */
  openedAt?: string;
};

/**
 * A date-time picker to the second; the zone offset it will be recorded with is
 * shown beside it, a Now button, and a warning under it when the time is in the
 * future or before the case was opened (saved anyway: the person decides).
 */
export function WhenInput({ value, onChange, autoFocus, openedAt }: Props) {
  const at = localInputToOffsetDateTime(value);
  const offset = at?.slice(19);
  const warning = at ? whenWarning(at, Date.now(), openedAt) : null;
  const warningId = useId();
  // The warning sits outside the label, so that it does not become part of the field's name.
  return (
    <div className="when-field">
      <Labelled label="When" className="when">
        <span className="when-row">
          <input type="datetime-local" step={1} value={value} onChange={(e) => onChange(e.target.value)} autoFocus={autoFocus} required aria-describedby={warning ? warningId : undefined} />
          <button type="button" className="small" onClick={() => onChange(nowLocalInputValue())} title="Set to the current date and time">
            Now
          </button>
          <span className="hint" title="Recorded with this computer's offset from UTC on that date">
            {offset ? `UTC${offset === 'Z' ? '+00:00' : offset}` : ''}
          </span>
        </span>
      </Labelled>
      {warning && (
        <span id={warningId} className="when-warning small" role="status">
          {warning}
        </span>
      )}
    </div>
  );
}
