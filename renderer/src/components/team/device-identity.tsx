import type { DeviceIdentity } from '../../../../shared/api/roster-schemas';

/** A device as two people compare it over the phone: fingerprint groups, and the same as words to read aloud. */
export function DeviceIdentityView({ device, label }: { device: DeviceIdentity; label?: string }) {
  return (
    <div className="device-identity" aria-label={label ?? 'Device fingerprint'}>
      <code className="mono fingerprint" data-testid="device-fingerprint">
        {device.fingerprint}
      </code>
      <ol className="fingerprint-words" aria-label="Fingerprint as words" data-testid="fingerprint-words">
        {device.words.map((word, i) => (
          <li key={`${i}-${word}`}>{word}</li>
        ))}
      </ol>
    </div>
  );
}
