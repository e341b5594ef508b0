import { Badge, List, NavBar, PullToRefresh, SearchBar, SwipeAction } from 'antd-mobile';
import { AddOutline, SoundMuteOutline } from 'antd-mobile-icons';
import { useMemo, useState } from 'react';
import { useI18n } from '../../i18n/i18n-context';
import type { MemberSession } from '../auth';
import { navigate } from '../layout/member-route';
import { useInbox, useSyncStatus } from '../sync';
import { EmptyState } from '../ui/page-states';
import { formatShortTime } from '../ui/format-time';
import { nativeTestId } from '../ui/test-id';
import { useDebouncedValue } from '../ui/use-debounced-value';
import { useApps } from '../work/work.queries';
import { ConversationAvatar } from './conversation-avatar';
import { useConversationSettings, useUpdateConversationSettings } from './chats.queries';
import { useConversationNames } from './conversation-hooks';
import { orderConversations, summarizeConversations } from './conversation-list';
import { conversationTitle, messagePreview } from './conversation-title';
import { MessageSearchResults } from './message-search';

/** The chats tab: conversations from the local inbox, pinned first; swipe to pin or mute. */
export function ChatsPage({ session }: { session: MemberSession }) {
  const { t, locale } = useI18n();
  const inbox = useInbox();
  const { status, reconnect } = useSyncStatus();
  const apps = useApps();
  const settings = useConversationSettings();
  const update = useUpdateConversationSettings();
  const me = session.member.userId;
  const [query, setQuery] = useState('');
  const [searching, setSearching] = useState(false);
  const debouncedQuery = useDebouncedValue(query, 300);

  const summaries = useMemo(() => summarizeConversations(inbox.entries, me), [inbox.entries, me]);
  const conversations = useMemo(() => summaries.map((s) => s.conversation), [summaries]);
  const names = useConversationNames(conversations);

  const items = useMemo(() => {
    const byConversation = new Map((settings.data ?? []).map((s) => [s.conversation, s]));
    const list = summaries.map((summary) => {
      const s = byConversation.get(summary.conversation);
      return {
        summary,
        pinned: s?.pinned ?? false,
        muted: s?.muted ?? false,
        title: conversationTitle(
          summary.conversation,
          {
            me,
            apps: apps.data,
            peerName: summary.peer?.name ?? names.get(summary.conversation),
            groupName: names.get(summary.conversation),
          },
          t,
        ),
      };
    });
    return orderConversations(list);
  }, [summaries, me, settings.data, apps.data, names, t]);

  const titleOf = (conversation: string) =>
    items.find((i) => i.summary.conversation === conversation)?.title ??
    conversationTitle(conversation, { me, apps: apps.data, groupName: names.get(conversation) }, t);

  const statusText = status === 'live' ? null : status === 'syncing' ? t('m.sync.syncing') : t('m.sync.connecting');

  return (
    <div className="m-tab-page">
      <NavBar
        backIcon={false}
        right={
          <AddOutline fontSize={22} aria-label={t('m.group.new')} onClick={() => navigate({ name: 'new-group' })} />
        }
      >
        <div className="m-nav-title">
          {session.org.name || t('m.tab.chats')}
          {statusText && <span className="m-nav-status">{statusText}</span>}
        </div>
      </NavBar>
      <div className="m-search">
        <SearchBar
          ref={nativeTestId('message-search')}
          value={query}
          onChange={setQuery}
          onFocus={() => setSearching(true)}
          onCancel={() => {
            setQuery('');
            setSearching(false);
          }}
          showCancelButton={() => searching}
          placeholder={t('m.search.placeholder')}
        />
      </div>
      {searching || query ? (
        <div className="m-scroll">
          <MessageSearchResults query={debouncedQuery} titleOf={titleOf} />
        </div>
      ) : (
        <div className="m-scroll">
          <PullToRefresh
            onRefresh={async () => {
              reconnect();
              await Promise.all([settings.refetch(), apps.refetch()]);
            }}
          >
            {items.length === 0 ? (
              <EmptyState title={t('m.chats.empty')} description={t('m.chats.emptyHint')} />
            ) : (
              <List>
                {items.map(({ summary, pinned, muted, title }) => (
                  <SwipeAction
                    key={summary.conversation}
                    rightActions={[
                      {
                        key: 'pin',
                        text: pinned ? t('m.chats.unpin') : t('m.chats.pin'),
                        color: 'primary',
                        onClick: () => update.mutate({ conversation: summary.conversation, pinned: !pinned }),
                      },
                      {
                        key: 'mute',
                        text: muted ? t('m.chats.unmute') : t('m.chats.mute'),
                        color: 'warning',
                        onClick: () => update.mutate({ conversation: summary.conversation, muted: !muted }),
                      },
                    ]}
                  >
                    <List.Item
                      data-testid={`chat-item-${summary.conversation}`}
                      className={pinned ? 'm-chat-item m-pinned' : 'm-chat-item'}
                      prefix={
                        <Badge content={summary.unread === 0 ? null : muted ? Badge.dot : summary.unread}>
                          <ConversationAvatar conversation={summary.conversation} title={title} apps={apps.data} />
                        </Badge>
                      }
                      description={
                        <span className="m-ellipsis">
                          {summary.last.message.sender && summary.conversation.startsWith('group:')
                            ? `${summary.last.message.sender.name}: `
                            : ''}
                          {messagePreview(summary.last.message, t)}
                        </span>
                      }
                      extra={
                        <div className="m-chat-extra">
                          <span>{formatShortTime(summary.last.createdAt, locale)}</span>
                          {muted && <SoundMuteOutline aria-label={t('m.chats.muted')} />}
                        </div>
                      }
                      arrowIcon={false}
                      onClick={() => navigate({ name: 'chat', conversation: summary.conversation })}
                    >
                      <span className="m-ellipsis">{title}</span>
                    </List.Item>
                  </SwipeAction>
                ))}
              </List>
            )}
          </PullToRefresh>
        </div>
      )}
    </div>
  );
}
