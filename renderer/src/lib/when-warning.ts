import { formatAgo, formatDateTime } from '../format';

/** Clocks differ by a little, and "now" typed a minute ago is a minute old: only more than this ahead is called future. */
const FUTURE_SLACK_MS = 5 * 60_000;

/**
 * What looks wrong with a time someone entered, or null: a time in the future
 * (a mistyped month or year), or one before the case was opened (possible for
 * what happened earlier, so it is said, not refused).
 */
export function whenWarning(at: string, now: number, openedAt?: string): string | null {
  const time = new Date(at).getTime();
  if (Number.isNaN(time)) return null;
  if (time > now + FUTURE_SLACK_MS) return `This is in the future (${formatAgo(at, now)}). Check the date and time.`;
  if (openedAt !== undefined && time < new Date(openedAt).getTime()) return `This is before the case was opened (${formatDateTime(openedAt)}). Fine for earlier events; otherwise check the date.`;
  return null;
}
