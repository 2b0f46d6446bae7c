import { useState } from 'react';
import { api, errorMessage } from '../../api/client';
import { downloadText } from './evidence-format';
import { printHtml } from './print-html';

/**
 * The printable chain-of-custody form: "Print" opens the print dialog on it
 * at once (from a hidden frame, see print-html.ts); "Save HTML" saves it as a
 * file to open and print in any browser, or to keep. A download, not a new
 * tab: a tab opened from the app would inherit its strict style policy and
 * show the form unstyled.
 */
export function CustodyFormButton({ caseId, itemId, label }: { caseId: string; itemId?: string; label: string }) {
  const [busy, setBusy] = useState<'print' | 'save' | null>(null);
  const [message, setMessage] = useState<{ error: boolean; text: string } | null>(null);

  async function run(kind: 'print' | 'save') {
    setBusy(kind);
    setMessage(null);
    try {
      const form = await api.send('evidence.form', { caseId, ...(itemId ? { itemId } : {}) });
      if (kind === 'print') {
        await printHtml(form.html, label);
      } else {
        downloadText(form.html, form.fileName, 'text/html');
        setMessage({ error: false, text: `Saved ${form.fileName}: open it in a browser to print it.` });
      }
    } catch (caught) {
      setMessage({ error: true, text: errorMessage(caught) });
    } finally {
      setBusy(null);
    }
  }

  return (
    <span className="form-button" role="group" aria-label={label}>
      <button type="button" onClick={() => void run('print')} disabled={busy !== null}>
        {busy === 'print' ? 'Preparing…' : `Print ${label.toLowerCase()}…`}
      </button>
      <button type="button" onClick={() => void run('save')} disabled={busy !== null} title={`Save the ${label.toLowerCase()} as an HTML file`}>
        {busy === 'save' ? 'Preparing…' : 'Save HTML'}
      </button>
      {message && (
        <span className={message.error ? 'field-error small' : 'hint small'} role={message.error ? 'alert' : 'status'}>
          {message.text}
        </span>
      )}
    </span>
  );
}
