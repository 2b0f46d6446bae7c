import { api } from '../../api/client';
import { useAction } from '../../hooks/use-action';
import { formatDateTime } from '../../format';
import { useSyncStore } from '../../stores/sync-store';

/** The coordinator's alerts this device has not acknowledged, one banner each, until "Acknowledge" (which goes back with the next sync). */
export function AlertsBanner() {
  const alerts = useSyncStore((s) => s.alerts);
  const setAlerts = useSyncStore((s) => s.setAlerts);
  const action = useAction();
  if (!alerts || alerts.coordinator) return null;
  const open = alerts.alerts.filter((a) => a.acknowledgedAt === null);
  if (open.length === 0) return null;
  return (
    <div className="alerts-banner">
      {open.map((a) => (
        <section key={a.id} className={`team-alert severity-${a.severity}`} role="alert" aria-label={`Team alert: ${a.title}`}>
          <div className="team-alert-text">
            <strong>
              {a.severity === 'critical' ? 'Critical — ' : a.severity === 'warning' ? 'Warning — ' : ''}
              {a.title}
            </strong>
            {a.text && <p>{a.text}</p>}
            <span className="hint">From your coordinator, {formatDateTime(a.issuedAt)}</span>
          </div>
          <button type="button" disabled={action.busy} onClick={() => void action.run(async () => setAlerts(await api.send('alert.acknowledge', { id: a.id })))}>
            Acknowledge
          </button>
        </section>
      ))}
      {action.error && (
        <p className="error" role="alert">
          {action.error}
        </p>
      )}
    </div>
  );
}
