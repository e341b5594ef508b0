import { List } from 'antd-mobile';
import { useMemo } from 'react';
import { useI18n } from '../../i18n/i18n-context';
import { navigate } from '../layout/member-route';
import { formatShortTime } from '../ui/format-time';
import { EmptyState, Loading, LoadError } from '../ui/page-states';
import { useMessageSearch } from './chats.queries';
import { messagePreview } from './conversation-title';
import { groupByConversation, highlightParts, snippetAround } from './highlight';

/** The searched text with its hits marked. */
function Highlighted({ text, query }: { text: string; query: string }) {
  return (
    <>
      {highlightParts(snippetAround(text, query), query).map((part, i) =>
        part.match ? (
          <mark key={i} className="m-hit">
            {part.text}
          </mark>
        ) : (
          <span key={i}>{part.text}</span>
        ),
      )}
    </>
  );
}

/**
 * Results of a search in the member's own messages, grouped by conversation; a tap opens the conversation
 * at the message. `query` is already debounced; `titleOf` names a conversation as the chats list does.
 */
export function MessageSearchResults({ query, titleOf }: { query: string; titleOf: (conversation: string) => string }) {
  const { t, locale } = useI18n();
  const q = query.trim();
  const search = useMessageSearch(q);
  const groups = useMemo(() => groupByConversation(search.data ?? []), [search.data]);

  if (!q) return <EmptyState title={t('m.search.typeMore')} />;
  if (search.isPending) return <Loading />;
  if (search.isError) return <LoadError error={search.error} onRetry={() => void search.refetch()} />;
  if (groups.length === 0) return <EmptyState title={t('m.search.empty', { query: q })} />;
  return (
    <div data-testid="message-search-results">
      {groups.map((group) => (
        <List key={group.conversation} header={titleOf(group.conversation)}>
          {group.items.map((item) => (
            <List.Item
              key={item.seq}
              data-testid={`search-result-${item.seq}`}
              description={
                <span className="m-ellipsis">
                  <Highlighted text={messagePreview(item.message, t)} query={q} />
                </span>
              }
              extra={<span className="m-muted">{formatShortTime(item.createdAt, locale)}</span>}
              arrowIcon={false}
              onClick={() => navigate({ name: 'chat', conversation: item.conversation, seq: item.seq })}
            >
              {item.message.sender?.name ?? titleOf(group.conversation)}
            </List.Item>
          ))}
        </List>
      ))}
    </div>
  );
}
