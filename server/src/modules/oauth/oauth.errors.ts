/** Error codes this module owns; platform/errcodes.ts maps each to its WeCom errcode. */
export const oauthErrors = {
  /** The authorize or login URL names no org (appid is not a corpid we know). */
  corpIdInvalid: 'oauth.corpid_invalid',
  responseTypeInvalid: 'oauth.response_type_invalid',
  scopeInvalid: 'oauth.scope_invalid',
  loginTypeInvalid: 'oauth.login_type_invalid',
  /** state must be `[a-zA-Z0-9]{0,128}` (WeCom 84025). */
  stateInvalid: 'oauth.state_invalid',
  redirectUriInvalid: 'oauth.redirect_uri_invalid',
  /** redirect_uri's (or a JS-SDK page's) host is not exactly a trusted domain of the app (WeCom 50001). */
  redirectDomain: 'oauth.redirect_domain',
  appDisabled: 'oauth.app_disabled',
  /** The member is outside the app's visible scope (WeCom 50002). */
  outOfScope: 'oauth.out_of_scope',
  /** Unknown, used, expired, another org's or another app's code (WeCom 40029). */
  codeInvalid: 'oauth.code_invalid',
  codeMissing: 'oauth.code_missing',
  userTicketExpired: 'oauth.user_ticket_expired',
  userTicketInvalid: 'oauth.user_ticket_invalid',
  userTicketMissing: 'oauth.user_ticket_missing',
  qrTicketInvalid: 'oauth.qr_ticket_invalid',
  qrTicketExpired: 'oauth.qr_ticket_expired',
  jsapiTicketType: 'jsapi.ticket_type_invalid',
  jsapiRateLimited: 'jsapi.rate_limited',
  jsapiUrlInvalid: 'jsapi.url_invalid',
} as const;
