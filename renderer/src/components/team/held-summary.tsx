import type { HeldBundle } from '../../../../shared/api/roster-schemas';
import { formatDateTime, plural } from '../../format';
import { DeviceIdentityView } from './device-identity';

/** Who sent a held bundle, which devices are not on the roster, and what it would change if approved. */
export function HeldSummary({ held }: { held: HeldBundle }) {
  const unknownOther = held.unknownDevices.filter((d) => d.device !== held.exporter.device);
  return (
    <dl className="facts">
      <dt>Sent by</dt>
      <dd>
        {held.exporter.actor || 'unnamed'} <span className="hint">(the name it gives itself; not on the roster)</span>
        <DeviceIdentityView device={held.exporter} label="Fingerprint of the sending device" />
      </dd>
      {unknownOther.length > 0 && (
        <>
          <dt>Also not enrolled</dt>
          <dd>
            <ul className="plain">
              {unknownOther.map((d) => (
                <li key={d.device}>
                  <code className="mono fingerprint small">{d.fingerprint}</code>
                </li>
              ))}
            </ul>
          </dd>
        </>
      )}
      <dt>Would change</dt>
      <dd>
        <ul className="plain">
          {held.cases.map((c) => (
            <li key={c.caseId}>
              {c.title}: <span className="hint">{describeCounts(c.eventsByType)}</span>
            </li>
          ))}
        </ul>
      </dd>
      <dt>Received</dt>
      <dd>{formatDateTime(held.receivedAt)}</dd>
    </dl>
  );
}

const TYPE_WORDS: Record<string, string> = {
  'case.opened': 'case opened',
  'case.field.set': 'field change',
  'note.added': 'note',
  'entry.retracted': 'retraction',
};

function describeCounts(byType: Record<string, number>): string {
  const entries = Object.entries(byType).sort(([, a], [, b]) => b - a);
  if (entries.length === 0) return 'nothing new';
  return entries.map(([type, n]) => plural(n, TYPE_WORDS[type] ?? type)).join(', ');
}
