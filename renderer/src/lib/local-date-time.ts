/**
 * Conversions between the browser's `datetime-local` input (a wall-clock
 * time without a zone) and the RFC 3339 date-times with an explicit offset
 * that timeline entries carry, e.g. 2026-11-23T14:05:00+01:00. The offset
 * is the one in force on that date in this computer's zone, so a time
 * entered in winter keeps its winter offset even when recorded in summer.
 */
const LOCAL_INPUT = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})(?::(\d{2})(?:\.\d+)?)?$/;

const pad = (n: number, width = 2) => String(n).padStart(width, '0');

function wallClock(date: Date): string {
  return `${pad(date.getFullYear(), 4)}-${pad(date.getMonth() + 1)}-${pad(date.getDate())}T${pad(date.getHours())}:${pad(date.getMinutes())}:${pad(date.getSeconds())}`;
}

/** `2026-11-23T14:05` or `…T14:05:30` → `2026-11-23T14:05:30+01:00`; null when the input is incomplete. */
export function localInputToOffsetDateTime(value: string): string | null {
  const match = LOCAL_INPUT.exec(value);
  if (!match) return null;
  const [year = 0, month = 1, day = 1, hour = 0, minute = 0, second = 0] = match.slice(1).map((part) => Number(part ?? 0));
  const date = new Date(year, month - 1, day, hour, minute, second);
  if (Number.isNaN(date.getTime())) return null;
  // A time that does not exist locally (skipped by a DST change) is moved forward
  // by Date; using its components keeps the text and the offset consistent.
  const offset = -date.getTimezoneOffset();
  const sign = offset >= 0 ? '+' : '-';
  const abs = Math.abs(offset);
  return `${wallClock(date)}${sign}${pad(Math.floor(abs / 60))}:${pad(abs % 60)}`;
}

/** Any parseable date-time → the value a `datetime-local` input with seconds shows, in this computer's zone. */
export function toLocalInputValue(iso: string): string {
  const date = new Date(iso);
  return Number.isNaN(date.getTime()) ? '' : wallClock(date);
}

export function nowLocalInputValue(): string {
  const now = new Date();
  now.setMilliseconds(0);
  return wallClock(now);
}
