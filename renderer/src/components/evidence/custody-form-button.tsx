import { useState } from 'react';
import { api, errorMessage } from '../../api/client';
import { downloadText } from './evidence-format';

/**
 * Saves the printable chain-of-custody form (HTML) as a file, to open and
 * print in any browser. A download, not a new tab: a tab opened from the app
 * would inherit its strict style policy and show the form unstyled.
 */
export function CustodyFormButton({ caseId, itemId, label }: { caseId: string; itemId?: string; label: string }) {
  const [busy, setBusy] = useState(false);
  const [message, setMessage] = useState<{ error: boolean; text: string } | null>(null);

  async function open() {
    setBusy(true);
    setMessage(null);
    try {
      const form = await api.send('evidence.form', { caseId, ...(itemId ? { itemId } : {}) });
      downloadText(form.html, form.fileName, 'text/html');
      setMessage({ error: false, text: `Saved ${form.fileName}: open it in a browser to print it.` });
    } catch (caught) {
      setMessage({ error: true, text: errorMessage(caught) });
    } finally {
      setBusy(false);
    }
  }

  return (
    <span className="form-button">
      <button type="button" onClick={() => void open()} disabled={busy}>
        {busy ? 'Preparing…' : label}
      </button>
      {message && (
        <span className={message.error ? 'field-error small' : 'hint small'} role={message.error ? 'alert' : 'status'}>
          {message.text}
        </span>
      )}
    </span>
  );
}
