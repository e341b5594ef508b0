import type { Translate } from '../../i18n/i18n-context';
import { ApiError } from '../api';

/** The text to show for a failed request: the server's `message`, or a localized fallback. */
export function describeError(error: unknown, t: Translate): string {
  if (error instanceof ApiError && error.code === 'network_error') return t('error.network');
  if (error instanceof Error && error.message) return error.message;
  return t('error.unknown');
}
