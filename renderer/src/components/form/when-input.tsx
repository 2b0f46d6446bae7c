import { localInputToOffsetDateTime } from '../../lib/local-date-time';
import { Labelled } from './fields';

/** The `at` that a wall-clock value stands for here, or a message saying what is missing. */
export function parseWhen(value: string): { at: string } | { error: string } {
  const at = localInputToOffsetDateTime(value);
  return at ? { at } : { error: 'Enter a date and a time' };
}

/** A date-time picker to the second; the zone offset it will be recorded with is shown beside it. */
export function WhenInput({ value, onChange, autoFocus }: { value: string; onChange: (value: string) => void; autoFocus?: boolean }) {
  const at = localInputToOffsetDateTime(value);
  const offset = at?.slice(19);
  return (
    <Labelled label="When" className="when">
      <span className="when-row">
        <input type="datetime-local" step={1} value={value} onChange={(e) => onChange(e.target.value)} autoFocus={autoFocus} required />
        <span className="hint" title="Recorded with this computer's offset from UTC on that date">
          {offset ? `UTC${offset === 'Z' ? '+00:00' : offset}` : ''}
        </span>
      </span>
    </Labelled>
  );
}
