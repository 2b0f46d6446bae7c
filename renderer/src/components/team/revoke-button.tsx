import { useState } from 'react';
import type { RosterView } from '../../../../shared/api/roster-schemas';
import { api } from '../../api/client';
import { useAction } from '../../hooks/use-action';

type Enrolled = RosterView['devices'][number];

/** Revoking takes a second, deliberate step with a reason: the device's later work is refused everywhere the new roster reaches. */
export function RevokeButton({ device, onRevoked }: { device: Enrolled; onRevoked: () => Promise<void> }) {
  const { busy, error, run } = useAction();
  const [asking, setAsking] = useState(false);
  const [reason, setReason] = useState('');

  if (!asking)
    return (
      <button type="button" className="small" onClick={() => setAsking(true)} aria-label={`Revoke ${device.name || device.fingerprint}`}>
        Revoke…
      </button>
    );
  return (
    <div className="revoke-confirm">
      <input aria-label={`Why revoke ${device.name || 'this device'}`} value={reason} onChange={(e) => setReason(e.target.value)} placeholder="Reason (laptop lost…)" maxLength={2000} autoFocus />
      <button
        type="button"
        className="danger small"
        disabled={busy}
        onClick={() =>
          void run(async () => {
            await api.send('team.revoke', { fingerprint: device.device, ...(reason.trim() ? { reason: reason.trim() } : {}) });
            await onRevoked();
          })
        }
      >
        Revoke
      </button>
      <button type="button" className="small" onClick={() => setAsking(false)} disabled={busy}>
        Cancel
      </button>
      {error && (
        <span className="error" role="alert">
          {error}
        </span>
      )}
    </div>
  );
}
