import { useEffect, useRef } from 'react';
import { useI18n } from '../../i18n/i18n-context';
import { messagePreview } from '../chats/conversation-title';
import { isOwnMessage } from '../chats/message-row';
import { useInboxStore } from '../sync';

export function notificationsSupported(): boolean {
  return typeof window !== 'undefined' && 'Notification' in window;
}

export function notificationPermission(): NotificationPermission | 'unsupported' {
  return notificationsSupported() ? Notification.permission : 'unsupported';
}

export async function requestNotificationPermission(): Promise<NotificationPermission | 'unsupported'> {
  if (!notificationsSupported()) return 'unsupported';
  return Notification.requestPermission();
}

/**
 * While the page is hidden, shows a system notification for each new message of others, except in muted
 * conversations. Confidential messages say only that one arrived.
 */
export function useMessageNotifications(me: string, muted: ReadonlySet<string>): void {
  const store = useInboxStore();
  const { t } = useI18n();
  const mutedRef = useRef(muted);
  useEffect(() => {
    mutedRef.current = muted;
  }, [muted]);

  useEffect(
    () =>
      store.onEntries((added) => {
        if (document.visibilityState !== 'hidden' || notificationPermission() !== 'granted') return;
        for (const item of added) {
          if (item.kind !== 'message' || isOwnMessage(item, me) || mutedRef.current.has(item.conversation)) continue;
          try {
            const notification = new Notification(item.message.sender?.name || 'Enclave', {
              body: messagePreview(item.message, t),
              tag: item.conversation,
              icon: '/favicon.svg',
            });
            notification.onclick = () => {
              window.focus();
              window.location.hash = `#/chat/${encodeURIComponent(item.conversation)}`;
              notification.close();
            };
          } catch {
            // some mobile browsers only allow notifications from a service worker
          }
        }
      }),
    [store, me, t],
  );
}
