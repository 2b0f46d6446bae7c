import { useState, type ReactNode } from 'react';
import type { WriteRef } from '../../../../shared/events/fold';
import { errorMessage } from '../../api/client';
import { formatHlc, shortDevice } from '../../format';

type Props<V> = {
  /** What the choices are about, for screen readers: "status", "this note". */
  subject: string;
  winner: WriteRef<V>;
  losers: readonly WriteRef<V>[];
  render: (value: V) => ReactNode;
  /** Writes the chosen value superseding every competing write. */
  onKeep: (value: V) => Promise<unknown>;
};

/**
 * The competing values of one field, note or entry written on two devices at
 * once. The winner is what the case shows until someone chooses; keeping any
 * of them (the winner too) writes it again and settles the conflict.
 */
export function ConflictChoices<V>({ subject, winner, losers, render, onKeep }: Props<V>) {
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const choices = [winner, ...losers];

  async function keep(value: V) {
    setBusy(true);
    setError(null);
    try {
      await onKeep(value);
    } catch (caught) {
      setError(errorMessage(caught));
      setBusy(false);
    }
  }

  return (
    <div className="conflict" role="group" aria-label={`Competing values of ${subject}`} data-conflict>
      <p className="conflict-title">Changed on two devices at once. Choose the value to keep:</p>
      <ul>
        {choices.map((choice) => (
          <li key={choice.eventId} className="conflict-choice">
            <div className="conflict-value">{render(choice.value)}</div>
            <div className="conflict-meta muted">
              {choice.actor} · device <span className="mono">{shortDevice(choice.device)}</span> · {formatHlc(choice.hlc)}
              {choice === winner && <span className="tag">shown now</span>}
            </div>
            <button type="button" disabled={busy} onClick={() => void keep(choice.value)} aria-label={`Keep this value of ${subject} (by ${choice.actor})`}>
              Keep this
            </button>
          </li>
        ))}
      </ul>
      {error && (
        <p className="error" role="alert">
          {error}
        </p>
      )}
    </div>
  );
}
