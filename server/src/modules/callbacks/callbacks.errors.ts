/** Error codes this module owns; platform/errcodes.ts maps each to its WeCom errcode. */
export const callbackErrors = {
  invalidUrl: 'callback.invalid_url',
  invalidToken: 'callback.invalid_token',
  invalidAesKey: 'callback.invalid_aes_key',
  verifyFailed: 'callback.verify_failed',
  notConfigured: 'callback.not_configured',
} as const;
