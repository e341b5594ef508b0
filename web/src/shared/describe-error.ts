import { errorsZh, type ErrorMessageKey } from '../i18n/errors-zh';
import type { AnyMessageKey, Translate } from '../i18n/i18n-context';
import { ApiError } from './http';

/**
 * The one place both faces turn a failed request into text a person can read: the translation of the
 * server's code (`errors.<code>` in errors-zh.ts / errors-en.ts, filled with the error's details), else a
 * translated message for the kind of HTTP status. The server's own message is English for developers: it is
 * logged to the console, never shown.
 */
export function describeError(error: unknown, t: Translate): string {
  if (!(error instanceof ApiError)) {
    console.error('unexpected error', error);
    return t('error.unknown');
  }
  if (error.status === 0) return t('error.network');
  const text = describeErrorCode(error.code, error.details, t);
  if (text !== undefined) return text;
  console.warn(`untranslated API error ${error.status} ${error.code}: ${error.message}`);
  return t(fallbackOf(error.status));
}

/**
 * The text of one error code, or undefined when there is none: an unknown code, or a text that needs a
 * detail this error did not carry (it would show a bare `{placeholder}`).
 */
export function describeErrorCode(code: string, details: unknown, t: Translate): string | undefined {
  const key = `errors.${code}`;
  if (!isErrorKey(key)) return undefined;
  const text = t(key, varsOf(details, t));
  return /\{\w+\}/.test(text) ? undefined : text;
}

/** A field the server names (`details.field`, an import row's `field`) as the form and CSV call it. */
export function describeField(field: string, t: Translate): string {
  const key = `error.field.${field}`;
  return isErrorKey(key) ? t(key) : field;
}

function isErrorKey(key: string): key is ErrorMessageKey {
  return Object.hasOwn(errorsZh, key);
}

/** Details as placeholder values: numbers and strings as they are, lists joined, `field` by its label. */
function varsOf(details: unknown, t: Translate): Record<string, string | number> {
  const vars: Record<string, string | number> = {};
  if (typeof details !== 'object' || details === null) return vars;
  for (const [name, value] of Object.entries(details)) {
    if (name === 'field' && typeof value === 'string') vars[name] = describeField(value, t);
    else if (typeof value === 'string' || typeof value === 'number') vars[name] = value;
    else if (Array.isArray(value) && value.every((v) => typeof v === 'string' || typeof v === 'number'))
      vars[name] = value.join(t('error.listSeparator'));
  }
  return vars;
}

function fallbackOf(status: number): AnyMessageKey {
  if (status >= 500) return 'error.status.server';
  switch (status) {
    case 401:
      return 'error.status.unauthorized';
    case 403:
      return 'error.status.forbidden';
    case 404:
      return 'error.status.notFound';
    case 409:
      return 'error.status.conflict';
    case 413:
      return 'error.status.tooLarge';
    case 429:
      return 'error.status.tooMany';
    default:
      return status >= 400 ? 'error.status.invalid' : 'error.unknown';
  }
}
