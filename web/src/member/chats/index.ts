export { ChatsPage } from './chats-page';
export { ConversationPage } from './conversation-page';
export { NewGroupPage } from './new-group-page';
export { useOpenDirect } from './chats.queries';
export { summarizeConversations, totalUnread } from './conversation-list';
export { conversationTitle, messagePreview } from './conversation-title';
export { useMutedSet } from './conversation-hooks';
export { isOwnMessage } from './message-row';
export { rememberDmPeer } from './dm-peers';
