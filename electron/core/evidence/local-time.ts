/**
 * "Now" as an RFC 3339 date-time with this computer's UTC offset
 * (`2026-11-23T14:05:09+01:00`): custody records show the local clock a
 * person saw, and the offset keeps it unambiguous.
 */
export function localNow(date: Date = new Date()): string {
  const offsetMinutes = -date.getTimezoneOffset();
  const local = new Date(date.getTime() + offsetMinutes * 60_000);
  const stamp = local.toISOString().slice(0, 19);
  if (offsetMinutes === 0) return `${stamp}Z`;
  const sign = offsetMinutes > 0 ? '+' : '-';
  const abs = Math.abs(offsetMinutes);
  return `${stamp}${sign}${String(Math.floor(abs / 60)).padStart(2, '0')}:${String(abs % 60).padStart(2, '0')}`;
}
