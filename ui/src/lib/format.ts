// Dates, times and money the way the user's language writes them.
import type { UiLanguage } from './i18n/locale';

const minute = 60_000;

/** "in 4 min", "2 h ago"… via Intl (no hard-coded words). */
export function relativeTime(iso: string | number, now: number, language: UiLanguage): string {
  const at = typeof iso === 'number' ? iso : Date.parse(iso);
  if (Number.isNaN(at)) return '';
  const format = new Intl.RelativeTimeFormat(language, { numeric: 'auto', style: 'short' });
  const minutes = Math.round((at - now) / minute);
  if (Math.abs(minutes) < 60) return format.format(minutes, 'minute');
  const hours = Math.round(minutes / 60);
  if (Math.abs(hours) < 24) return format.format(hours, 'hour');
  return format.format(Math.round(hours / 24), 'day');
}

/** "Wed 14:30" style: weekday and time for the calendar list. */
export function callTime(iso: string, language: UiLanguage): string {
  const at = new Date(iso);
  if (Number.isNaN(at.getTime())) return iso;
  return new Intl.DateTimeFormat(language, { weekday: 'short', hour: '2-digit', minute: '2-digit' }).format(at);
}

/** A calendar date ("25 Nov 2026"); date-only strings are read as local dates. */
export function calendarDate(value: string, language: UiLanguage): string {
  const at = /^\d{4}-\d{2}-\d{2}$/.test(value) ? new Date(`${value}T00:00:00`) : new Date(value);
  if (Number.isNaN(at.getTime())) return value;
  return new Intl.DateTimeFormat(language, { year: 'numeric', month: 'short', day: 'numeric' }).format(at);
}

/** An amount in its currency, without cents for large round numbers. */
export function money(amount: number, currency: string | null, language: UiLanguage): string {
  if (!currency) return new Intl.NumberFormat(language).format(amount);
  try {
    return new Intl.NumberFormat(language, { style: 'currency', currency, maximumFractionDigits: 0 }).format(amount);
  } catch {
    return `${new Intl.NumberFormat(language).format(amount)} ${currency}`;
  }
}

/** True when a due date lies before today. */
export function isOverdue(due: string | null, now: number): boolean {
  if (!due) return false;
  const at = /^\d{4}-\d{2}-\d{2}$/.test(due) ? new Date(`${due}T23:59:59`) : new Date(due);
  return !Number.isNaN(at.getTime()) && at.getTime() < now;
}
