/** Half of a UTF-16 surrogate pair with no other half: JSON can spell it (`"\ud800"`), UTF-8 cannot. */
const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;
const LONE_SURROGATES = new RegExp(LONE_SURROGATE.source, 'g');
/** C0 controls, DEL and C1 controls: matching them is the point. */
// eslint-disable-next-line no-control-regex
const CONTROL = /[\u0000-\u001f\u007f-\u009f]/;

/**
 * Why a string cannot be stored as text, if it cannot. PostgreSQL refuses NUL in text; an unpaired surrogate has
 * no UTF-8 form, so it would be stored as replacement bytes (or refused) and no longer match what was sent.
 */
export function problemOfText(text: string): string | undefined {
  if (text.includes('\u0000')) return 'text may not contain NUL characters';
  if (LONE_SURROGATE.test(text)) return 'text may not contain unpaired UTF-16 surrogates (\\ud800–\\udfff alone)';
  return undefined;
}

/** Whether a string holds a control character (C0, DEL or C1): never right in a name or a header value. */
export function hasControlCharacters(text: string): boolean {
  return CONTROL.test(text);
}

/** The string with any unpaired surrogate replaced by U+FFFD (what `String.prototype.toWellFormed` does). */
export function wellFormed(text: string): string {
  return text.replace(LONE_SURROGATES, '\uFFFD');
}
