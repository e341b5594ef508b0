import type { Locale } from '../../i18n/i18n-context';

/** A millisecond timestamp as local date and time in the console's language. */
export function formatTime(ms: number | null | undefined, locale: Locale): string {
  if (ms === null || ms === undefined) return '';
  return new Date(ms).toLocaleString(locale === 'zh' ? 'zh-CN' : 'en-US', { hour12: false });
}
