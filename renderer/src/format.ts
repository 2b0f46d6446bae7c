import { categoryLabel, type CategoryId } from '../../shared/domain/taxonomy';
import { hlcToIso } from '../../shared/events/hlc';

const dateTime = new Intl.DateTimeFormat(undefined, { dateStyle: 'medium', timeStyle: 'short' });
// Timelines and history are read to the second: the order of events matters in an incident.
const preciseDateTime = new Intl.DateTimeFormat(undefined, { dateStyle: 'medium', timeStyle: 'medium' });

/** Local date and time, as a responder reads it; the ISO value stays in the title attribute. */
export function formatDateTime(iso: string): string {
  const date = new Date(iso);
  return Number.isNaN(date.getTime()) ? iso : dateTime.format(date);
}

/** Like formatDateTime, with seconds. */
export function formatPreciseDateTime(iso: string): string {
  const date = new Date(iso);
  return Number.isNaN(date.getTime()) ? iso : preciseDateTime.format(date);
}

const dateOnly = new Intl.DateTimeFormat(undefined, { dateStyle: 'medium' });
const timeOnly = new Intl.DateTimeFormat(undefined, { timeStyle: 'medium' });

/** Date and time apart, for a timeline where the time is what the eye looks for. */
export function splitDateTime(iso: string): { date: string; time: string } {
  const date = new Date(iso);
  return Number.isNaN(date.getTime()) ? { date: '', time: iso } : { date: dateOnly.format(date), time: timeOnly.format(date) };
}

/** A hybrid logical clock timestamp as a local date and time. */
export function formatHlc(hlc: string): string {
  try {
    return formatPreciseDateTime(hlcToIso(hlc));
  } catch {
    return hlc;
  }
}

export function formatCategory(id: CategoryId): string {
  return categoryLabel(id);
}

export function capitalize(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}

/** Device ids are 64 hex digits; eight are enough to tell a team's laptops apart at a glance. */
export function shortDevice(id: string): string {
  return id.slice(0, 8);
}

export function plural(count: number, one: string, many = `${one}s`): string {
  return `${count.toLocaleString()} ${count === 1 ? one : many}`;
}

const relative = new Intl.RelativeTimeFormat(undefined, { numeric: 'auto' });

/** "just now", "3 minutes ago", "yesterday": how long ago `iso` was, for status lines (the exact time goes in a title). */
export function formatAgo(iso: string, now = Date.now()): string {
  const seconds = Math.round((new Date(iso).getTime() - now) / 1000);
  if (Number.isNaN(seconds)) return iso;
  if (Math.abs(seconds) < 45) return 'just now';
  const minutes = Math.round(seconds / 60);
  if (Math.abs(minutes) < 60) return relative.format(minutes, 'minute');
  const hours = Math.round(minutes / 60);
  if (Math.abs(hours) < 24) return relative.format(hours, 'hour');
  return relative.format(Math.round(hours / 24), 'day');
}
