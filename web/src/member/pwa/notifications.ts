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
 * Shows a notification through the service worker when one controls the page — mobile browsers allow
 * notifications only from there, and its `notificationclick` opens the conversation even after the page was
 * closed — or from the page otherwise. `data.hash` is the client route a click opens.
 */
export async function showNotification(
  title: string,
  options: NotificationOptions & { data: { hash: string } },
): Promise<void> {
  try {
    const registration =
      'serviceWorker' in navigator && navigator.serviceWorker.controller
        ? await navigator.serviceWorker.getRegistration('/m/')
        : undefined;
    if (registration) {
      await registration.showNotification(title, options);
      return;
    }
    const notification = new Notification(title, options);
    notification.onclick = () => {
      window.focus();
      window.location.hash = options.data.hash;
      notification.close();
    };
  } catch {
    // not allowed here (permission withdrawn meanwhile, or no notifications at all on this browser)
  }
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
          void showNotification(item.message.sender?.name || 'Enclave', {
            body: messagePreview(item.message, t),
            tag: item.conversation,
            icon: '/favicon.svg',
            data: { hash: `#/chat/${encodeURIComponent(item.conversation)}` },
          });
        }
      }),
    [store, me, t],
  );
}
