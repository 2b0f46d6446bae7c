import { useVaultStore } from '../stores/vault-store';

/** The names the core's busy message uses too (electron/core/vault/writer-lock.ts). */
export const programName = { app: 'the Outpost app', host: 'the Outpost browser host', cli: 'the outpost command line' } as const;

/** Shown for as long as the vault is open read-only: every change would be refused. */
export function ReadOnlyBanner() {
  const status = useVaultStore((s) => s.status);
  if (!status?.readOnly) return null;
  const holder = status.heldBy;
  return (
    <div className="banner banner-notice" role="status" aria-label="Read-only">
      Read-only: {holder ? `this vault is open in ${programName[holder.program]} (process ${holder.pid} on ${holder.hostname}). ` : ''}
      Nothing can be changed here; lock and unlock again once it is closed there.
    </div>
  );
}

/** What the core wants the user to know after unlocking, e.g. that a damaged index was rebuilt. */
export function NoticesBanner() {
  const notices = useVaultStore((s) => s.status?.notices);
  const dismissed = useVaultStore((s) => s.noticesDismissed);
  const dismiss = useVaultStore((s) => s.dismissNotices);
  if (dismissed || !notices || notices.length === 0) return null;
  return (
    <div className="banner banner-notice" role="status" aria-label="Notices">
      <ul>
        {notices.map((notice) => (
          <li key={notice}>{notice}</li>
        ))}
      </ul>
      <button type="button" onClick={dismiss} aria-label="Dismiss notices">
        Dismiss
      </button>
    </div>
  );
}
