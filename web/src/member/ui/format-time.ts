import type { Locale } from '../../i18n/i18n-context';

const sameDay = (a: Date, b: Date) =>
  a.getFullYear() === b.getFullYear() && a.getMonth() === b.getMonth() && a.getDate() === b.getDate();

/** Chat-list style: time today, "yesterday", else the date. */
export function formatShortTime(ms: number, locale: Locale, now = new Date()): string {
  const date = new Date(ms);
  const tag = locale === 'zh' ? 'zh-CN' : 'en';
  if (sameDay(date, now)) return date.toLocaleTimeString(tag, { hour: '2-digit', minute: '2-digit' });
  const yesterday = new Date(now);
  yesterday.setDate(now.getDate() - 1);
  if (sameDay(date, yesterday)) return locale === 'zh' ? '昨天' : 'Yesterday';
  return date.toLocaleDateString(tag, { month: 'numeric', day: 'numeric' });
}

export function formatDateTime(ms: number, locale: Locale): string {
  return new Date(ms).toLocaleString(locale === 'zh' ? 'zh-CN' : 'en', {
    year: 'numeric',
    month: 'numeric',
    day: 'numeric',
    hour: '2-digit',
    minute: '2-digit',
  });
}
