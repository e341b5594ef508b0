import type { Translate } from '../../i18n/i18n-context';
import { ApiError } from '../api';

/** The message to show for a failed request: the server's own, or a network hint. */
export function describeError(error: unknown, t: Translate): string {
  if (error instanceof ApiError) {
    if (error.code === 'network_error') return t('error.network');
    return error.message || t('error.unknown');
  }
  return t('error.unknown');
}
