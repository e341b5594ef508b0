/** Error codes this module owns; platform/errcodes.ts maps each to its WeCom errcode. */
export const appChatErrors = {
  /** A chat id that is missing, too long or not `[0-9a-zA-Z]`. */
  invalidChatId: 'appchat.invalid_chatid',
  /** The chat id asked for is already used in the org (WeCom's global list: 86215 会话ID已经存在). */
  chatIdTaken: 'appchat.chatid_taken',
  notFound: 'appchat.not_found',
  invalidName: 'appchat.invalid_name',
  /** Unknown owner, or an owner who is not (or would no longer be) a member of the chat. */
  invalidOwner: 'appchat.invalid_owner',
  /** A chat holds 2 to 500 members. */
  memberCount: 'appchat.member_count',
  /** A member who does not exist, is disabled, or is outside the app's visible scope. */
  invalidMember: 'appchat.invalid_member',
  /** The chat was created by another app. */
  notThisApp: 'appchat.not_this_app',
  /** A message type chats do not take (template cards, mini-program notices) or a missing one. */
  invalidMsgType: 'appchat.invalid_msgtype',
} as const;
