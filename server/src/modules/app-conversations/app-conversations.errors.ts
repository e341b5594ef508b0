/** Error codes this module owns (the client API maps their kinds to HTTP statuses). */
export const appConversationErrors = {
  notMember: 'app_conversation.not_member',
  outOfScope: 'app_conversation.out_of_scope',
  appDisabled: 'app_conversation.app_disabled',
  tooLarge: 'app_conversation.too_large',
  mediaType: 'app_conversation.media_type',
  menuItemUnknown: 'app_conversation.menu_item_unknown',
} as const;
