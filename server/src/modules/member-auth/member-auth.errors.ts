/** Error codes this module owns. */
export const memberAuthErrors = {
  inviteInvalid: 'join.invite_invalid',
  noChannel: 'join.no_channel',
  tooSoon: 'join.code_too_soon',
  codeInvalid: 'join.code_invalid',
  tooManyAttempts: 'join.too_many_attempts',
  notListed: 'join.not_listed',
  selfJoinClosed: 'join.self_join_closed',
  disabled: 'join.member_disabled',
  signedOut: 'member.signed_out',
  deviceNotFound: 'member.device_not_found',
} as const;
