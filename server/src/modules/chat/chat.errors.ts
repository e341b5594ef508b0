/** Error codes this module owns. */
export const chatErrors = {
  memberOnly: 'chat.member_only',
  unknownMember: 'chat.unknown_member',
  notVisible: 'chat.not_visible',
  notInConversation: 'chat.not_in_conversation',
  badConversation: 'chat.bad_conversation',
  groupNotFound: 'chat.group_not_found',
  groupSize: 'chat.group_size',
  notOwner: 'chat.not_owner',
  messageNotFound: 'chat.message_not_found',
  recallExpired: 'chat.recall_expired',
  invalidPayload: 'chat.invalid_payload',
} as const;
