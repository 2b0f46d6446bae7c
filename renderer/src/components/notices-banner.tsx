import { useVaultStore } from '../stores/vault-store';

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
