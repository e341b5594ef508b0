import { NavBar, Toast } from 'antd-mobile';
import { MoreOutline } from 'antd-mobile-icons';
import { useEffect, useMemo, useRef, useState } from 'react';
import { useI18n } from '../../i18n/i18n-context';
import type { MemberSession } from '../auth';
import { useMemberCard } from '../contacts/contacts.queries';
import { goBack, navigate } from '../layout/member-route';
import { useInbox, type InboxItem } from '../sync';
import { describeError } from '../../shared/describe-error';
import { EmptyState } from '../ui/page-states';
import { useApp, useAppEvent } from '../work/work.queries';
import { AppMenu } from './app-menu';
import { useGroup, useSendAppMessage, useSendMessage } from './chats.queries';
import { Composer } from './composer';
import { ComposerAttachments } from './composer-attachments';
import { parseConversation } from './conversation-id';
import { conversationTitle } from './conversation-title';
import { isOwnMessage, MessageRow } from './message-row';
import { ReceiptsSheet } from './receipts-sheet';
import { rememberDmPeer, rememberedDmPeer } from './dm-peers';
import { useMarkReadWhileVisible } from './use-mark-read';
import { VoiceButton } from './voice-button';
import { linkCardOf } from './rich-text';

interface PendingSend {
  id: number;
  text: string;
  failed: boolean;
  msgId?: string;
}

/** One conversation: its messages from the local inbox, the composer, and an app's menu. */
export function ConversationPage({
  conversation,
  focusSeq,
  session,
}: {
  conversation: string;
  /** A message to scroll to on opening (from search). */
  focusSeq?: number;
  session: MemberSession;
}) {
  const { t } = useI18n();
  const me = session.member.userId;
  const ref = parseConversation(conversation);
  const agentId = ref.kind === 'app' ? ref.agentId : null;
  const groupId = ref.kind === 'group' ? ref.id : null;
  const app = useApp(agentId);
  const group = useGroup(groupId);
  const inbox = useInbox();
  const sendChat = useSendMessage(conversation);
  const sendToApp = useSendAppMessage(agentId ?? 0);
  const appEvent = useAppEvent(agentId ?? 0);
  const [pending, setPending] = useState<PendingSend[]>([]);
  const [receiptsFor, setReceiptsFor] = useState<InboxItem | null>(null);
  const listRef = useRef<HTMLDivElement | null>(null);
  const nextId = useRef(1);
  const focused = useRef(false);

  const messages = useMemo(
    () => inbox.entries.filter((e) => e.conversation === conversation && e.kind === 'message'),
    [inbox.entries, conversation],
  );
  // The peer of a direct chat: whoever else wrote in it, else the one remembered when it was opened.
  const peer =
    ref.kind === 'dm'
      ? (messages.find((m) => m.message.sender && m.message.sender.userId !== me)?.message.sender?.userId ??
        rememberedDmPeer(conversation))
      : null;
  const peerCard = useMemberCard(peer);
  useEffect(() => {
    if (peer && ref.kind === 'dm') rememberDmPeer(conversation, peer);
  }, [peer, ref.kind, conversation]);
  const names = useMemo(() => group.data?.members.map((m) => m.name) ?? [], [group.data]);
  const title = conversationTitle(
    conversation,
    { me, apps: app ? [app] : [], peerName: peerCard.data?.name, groupName: group.data?.name },
    t,
  );
  useMarkReadWhileVisible(conversation, messages, me);

  // Opening an app's conversation tells the app (it forwards only when the app asked for enter events).
  const { mutate: reportEvent } = appEvent;
  useEffect(() => {
    if (agentId !== null) reportEvent({ event: 'enter_agent' });
  }, [agentId, reportEvent]);

  // A pending bubble goes once its entry has arrived through the inbox.
  const delivered = useMemo(() => new Set(messages.map((m) => m.message.msgId)), [messages]);
  const visiblePending = pending.filter((p) => !p.msgId || !delivered.has(p.msgId));

  useEffect(() => {
    const list = listRef.current;
    if (!list) return;
    if (focusSeq !== undefined && !focused.current) {
      // Opened from a search hit: show that message (once it is in the list) instead of the newest.
      const target = list.querySelector<HTMLElement>(`[data-testid="message-${focusSeq}"]`);
      if (!target) return;
      focused.current = true;
      target.classList.add('m-focused');
      target.scrollIntoView?.({ block: 'center' });
      return;
    }
    list.scrollTop = list.scrollHeight;
  }, [messages.length, visiblePending.length, focusSeq]);

  const send = (text: string, retryId?: number) => {
    const id = retryId ?? nextId.current++;
    setPending((list) => [...list.filter((p) => p.id !== id), { id, text, failed: false }]);
    // Keep the bubble until the entry arrives (matched by msgId); without an id there is nothing to wait for.
    const done = (msgId: string | undefined) =>
      setPending((list) =>
        msgId ? list.map((p) => (p.id === id ? { ...p, msgId } : p)) : list.filter((p) => p.id !== id),
      );
    const failed = (error: unknown) => {
      setPending((list) => list.map((p) => (p.id === id ? { ...p, failed: true } : p)));
      Toast.show({ icon: 'fail', content: describeError(error, t) });
    };
    if (agentId !== null) {
      sendToApp.mutate(text, { onSuccess: (r) => done(r?.msgId), onError: failed });
    } else {
      const mentions = (group.data?.members ?? []).filter((m) => text.includes(`@${m.name}`)).map((m) => m.userId);
      const card = linkCardOf(text);
      sendChat.mutate(
        card
          ? { msgType: 'link', payload: card }
          : { msgType: 'text', payload: { content: text }, ...(mentions.length ? { mentions } : {}) },
        { onSuccess: (r) => done(r.msgId), onError: failed },
      );
    }
  };

  const reader = { name: session.member.name, userId: me };
  const isGroup = ref.kind === 'group' || ref.kind === 'chat';
  return (
    <div className="m-conversation">
      <NavBar
        onBack={() => goBack({ name: 'chats' })}
        right={
          peer ? (
            <MoreOutline fontSize={22} onClick={() => navigate({ name: 'member', userId: peer })} />
          ) : groupId ? (
            <span
              className="m-nav-action"
              role="button"
              data-testid="group-settings-open"
              aria-label={t('m.group.settings')}
              onClick={() => navigate({ name: 'group', id: groupId })}
            >
              {group.data && <span className="m-muted">{group.data.members.length} </span>}
              <MoreOutline fontSize={22} />
            </span>
          ) : null
        }
      >
        {title}
      </NavBar>
      <div className="m-messages" data-testid="message-list" ref={listRef}>
        {messages.length === 0 && visiblePending.length === 0 && <EmptyState title={t('m.chat.empty')} />}
        {messages.map((item) => {
          const own = isOwnMessage(item, me);
          return (
            <MessageRow
              key={item.seq}
              item={item}
              own={own}
              showSender={isGroup}
              reader={reader}
              names={names}
              onOpenOwn={own && agentId === null ? setReceiptsFor : undefined}
              fallbackSender={app ? { name: app.name, imageUrl: app.logoUrl || undefined } : undefined}
            />
          );
        })}
        {visiblePending.map((p) => (
          <div key={p.id} className="m-row m-own m-pending">
            <div className="m-row-body">
              <div className="m-bubble">{p.text}</div>
              <div className="m-meta">
                {p.failed ? (
                  <button type="button" className="m-link-button" onClick={() => send(p.text, p.id)}>
                    {t('m.composer.failedRetry')}
                  </button>
                ) : (
                  t('m.composer.sending')
                )}
              </div>
            </div>
          </div>
        ))}
      </div>
      {app?.menu && app.menu.length > 0 && <AppMenu agentId={app.agentId} items={app.menu} />}
      <Composer
        onSend={(text) => send(text)}
        actions={
          agentId === null ? (
            <>
              {ref.kind !== 'unknown' && <VoiceButton conversation={conversation} />}
              <ComposerAttachments conversation={conversation} />
            </>
          ) : undefined
        }
      />
      <ReceiptsSheet item={receiptsFor} onClose={() => setReceiptsFor(null)} />
    </div>
  );
}
