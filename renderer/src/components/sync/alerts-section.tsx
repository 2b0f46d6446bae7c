import { useState, type FormEvent } from 'react';
import { AlertPublish } from '../../../../shared/api/alert-schemas';
import { api } from '../../api/client';
import { formatDateTime } from '../../format';
import { useAction } from '../../hooks/use-action';
import { useSyncStore } from '../../stores/sync-store';
import { Field } from '../field';

/** The coordinator's team alerts: send one (it goes out with the next sync), and see who acknowledged each. */
export function AlertsSection() {
  const alerts = useSyncStore((s) => s.alerts);
  const setAlerts = useSyncStore((s) => s.setAlerts);
  const load = useSyncStore((s) => s.load);
  const [severity, setSeverity] = useState<'info' | 'warning' | 'critical'>('warning');
  const [title, setTitle] = useState('');
  const [text, setText] = useState('');
  const action = useAction();
  if (!alerts?.coordinator) return null;

  async function submit(event: FormEvent) {
    event.preventDefault();
    const checked = AlertPublish.safeParse({ severity, title, text });
    if (!checked.success) return action.setError(checked.error.issues[0]?.message ?? 'Check the alert');
    await action.run(async () => {
      setAlerts(await api.send('alert.publish', checked.data));
      setTitle('');
      setText('');
      await load();
    });
  }

  return (
    <section aria-labelledby="alerts-title" className="sync-alerts">
      <h3 id="alerts-title">Team alerts</h3>
      <form onSubmit={(e) => void submit(e)} noValidate>
        <div className="row">
          <Field label="Alert title" className="wide">
            {(control) => <input {...control} value={title} onChange={(e) => setTitle(e.target.value)} maxLength={200} />}
          </Field>
          <Field label="Severity" className="narrow">
            {(control) => (
              <select {...control} value={severity} onChange={(e) => setSeverity(e.target.value as typeof severity)}>
                <option value="info">Information</option>
                <option value="warning">Warning</option>
                <option value="critical">Critical</option>
              </select>
            )}
          </Field>
        </div>
        <Field label="Message" hint="Shown on every field device as a banner until acknowledged.">
          {(control) => <textarea {...control} value={text} onChange={(e) => setText(e.target.value)} rows={2} maxLength={4000} />}
        </Field>
        {action.error && (
          <p className="error" role="alert">
            {action.error}
          </p>
        )}
        <div className="actions">
          <button type="submit" className="primary" disabled={action.busy}>
            Send to the team
          </button>
        </div>
      </form>
      {alerts.alerts.length === 0 ? (
        <p className="muted">No alert sent yet.</p>
      ) : (
        <ul className="sent-alerts">
          {alerts.alerts.map((a) => (
            <li key={a.id}>
              <strong>{a.title}</strong> <span className="hint">({a.severity}, {formatDateTime(a.issuedAt)})</span>
              <div className="hint">{a.acks.length === 0 ? 'Not acknowledged yet.' : `Acknowledged by ${a.acks.map((k) => `${k.name || k.fingerprint} (${formatDateTime(k.at)})`).join(', ')}.`}</div>
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}
