import { useEffect } from 'react';
import { useInboxStore, type InboxItem } from '../sync';
import { useMarkRead } from './chats.queries';

/**
 * While the conversation is on screen and the page visible, marks everything shown as read: locally at
 * once (the unread badge goes), and on the server (the senders' receipts).
 */
export function useMarkReadWhileVisible(conversation: string, messages: readonly InboxItem[], me: string) {
  const store = useInboxStore();
  const { mutate } = useMarkRead();
  const lastUnread = messages.findLast((m) => m.readAt === null && m.message.sender?.userId !== me)?.seq ?? 0;

  useEffect(() => {
    if (lastUnread === 0) return;
    const mark = () => {
      if (document.visibilityState !== 'visible') return;
      store.markRead(conversation, lastUnread);
      mutate({ conversation, upToSeq: lastUnread });
    };
    mark();
    document.addEventListener('visibilitychange', mark);
    return () => document.removeEventListener('visibilitychange', mark);
  }, [conversation, lastUnread, store, mutate]);
}
