import { useState } from 'react';
import type { Output } from '../../../../shared/api/contract';

/** Copies text, falling back to selecting it when the clipboard is not available to this page. */
async function copy(text: string, fallback: HTMLElement | null): Promise<boolean> {
  try {
    await navigator.clipboard.writeText(text);
    return true;
  } catch {
    if (fallback) window.getSelection()?.selectAllChildren(fallback);
    return false;
  }
}

/** What others need to recognise this device and vault, e.g. when a coordinator checks who signed a bundle. */
export function DeviceInfo({ settings, vaultPath }: { settings: Output<'settings.get'>; vaultPath: string }) {
  const [copied, setCopied] = useState<'yes' | 'no' | null>(null);
  return (
    <section className="settings-section" aria-labelledby="device-title">
      <h3 id="device-title">This device</h3>
      <dl className="facts">
        <dt>Fingerprint</dt>
        <dd className="fingerprint-row">
          <code id="device-fingerprint" className="mono fingerprint">
            {settings.device.fingerprint}
          </code>
          <button
            type="button"
            onClick={() => void copy(settings.device.fingerprint, document.getElementById('device-fingerprint')).then((ok) => setCopied(ok ? 'yes' : 'no'))}
            aria-label="Copy the device fingerprint"
          >
            Copy
          </button>
          <span className="hint" role="status">
            {copied === 'yes' ? 'Copied.' : copied === 'no' ? 'Selected — press Ctrl+C to copy.' : ''}
          </span>
        </dd>
        <dt>Device id</dt>
        <dd className="mono small" data-testid="device-id">
          {settings.device.id}
        </dd>
        <dt>Vault id</dt>
        <dd className="mono small">{settings.vaultId}</dd>
        <dt>Vault folder</dt>
        <dd className="mono small">{vaultPath}</dd>
      </dl>
      <p className="hint">Compare the fingerprint by eye or over the phone when someone needs to trust this device.</p>
    </section>
  );
}
