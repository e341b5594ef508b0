const ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';

/** `length` random letters and digits (a callback Token or EncodingAESKey), from the browser's CSPRNG. */
export function randomAlphanumeric(length: number): string {
  const bytes = new Uint8Array(length * 2);
  let out = '';
  while (out.length < length) {
    crypto.getRandomValues(bytes);
    for (const byte of bytes) {
      // 248 = 4 × 62: values above it would favour the first letters.
      if (byte < 248 && out.length < length) out += ALPHABET[byte % ALPHABET.length];
    }
  }
  return out;
}

export const TOKEN_LENGTH = 32;
export const AES_KEY_LENGTH = 43;
