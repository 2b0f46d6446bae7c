import { categoryLabel, type CategoryId } from '../../shared/domain/taxonomy';

const dateTime = new Intl.DateTimeFormat(undefined, { dateStyle: 'medium', timeStyle: 'short' });

/** Local date and time, as a responder reads it; the ISO value stays in the title attribute. */
export function formatDateTime(iso: string): string {
  const date = new Date(iso);
  return Number.isNaN(date.getTime()) ? iso : dateTime.format(date);
}

export function formatCategory(id: CategoryId): string {
  return categoryLabel(id);
}

export function capitalize(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}
