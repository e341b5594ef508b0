import { LockOutline } from 'antd-mobile-icons';
import { memo } from 'react';
import { useI18n } from '../../i18n/i18n-context';
import type { InboxItem } from '../sync';
import { formatShortTime } from '../ui/format-time';
import { NameAvatar } from './conversation-avatar';
import { MessageContent } from './message-content';
import { watermarkBackground } from './watermark';

const CARD_TYPES = new Set(['news', 'mpnews', 'textcard', 'template_card', 'link', 'location', 'miniprogram_notice']);

/** Whether the member sent this (their messages to apps carry no sender, but `from: 'member'`). */
export function isOwnMessage(item: InboxItem, me: string): boolean {
  return item.message.sender?.userId === me || item.message.payload?.from === 'member';
}

/**
 * One message: a bubble on the sender's side, a grey line once recalled. Confidential messages carry the
 * reader's name as a watermark and refuse selection, copying and the context menu.
 */
export const MessageRow = memo(function MessageRow({
  item,
  own,
  showSender,
  reader,
  names,
  onOpenOwn,
  fallbackSender,
}: {
  item: InboxItem;
  /** Who to draw for messages without a sender (an app's): its name and logo. */
  fallbackSender?: { name: string; imageUrl?: string };
  own: boolean;
  showSender: boolean;
  reader: { name: string; userId: string };
  names?: string[];
  onOpenOwn?: (item: InboxItem) => void;
}) {
  const { t, locale } = useI18n();
  const { message } = item;
  if (message.recalled) {
    return (
      <div className="m-recalled" data-testid={`message-${item.seq}`}>
        {own ? t('m.msg.youRecalled') : t('m.msg.recalledBy', { name: message.sender?.name ?? '' })}
      </div>
    );
  }
  const confidential = message.isConfidential;
  const blockCopy = confidential ? (e: React.SyntheticEvent) => e.preventDefault() : undefined;
  const senderName = message.sender?.name ?? fallbackSender?.name ?? '';
  const senderImage = message.sender ? undefined : fallbackSender?.imageUrl;
  return (
    <div className={own ? 'm-row m-own' : 'm-row'} data-testid={`message-${item.seq}`}>
      {!own && <NameAvatar name={senderName || '?'} imageUrl={senderImage} size={36} />}
      <div className="m-row-body">
        {showSender && !own && senderName && <div className="m-sender">{senderName}</div>}
        <div
          className={[
            'm-bubble',
            CARD_TYPES.has(message.msgType) ? 'm-bubble-card' : '',
            confidential ? 'm-confidential' : '',
            own && onOpenOwn ? 'm-clickable' : '',
          ].join(' ')}
          onClick={own && onOpenOwn ? () => onOpenOwn(item) : undefined}
          onContextMenu={blockCopy}
          onCopy={blockCopy}
          onCut={blockCopy}
          onDragStart={blockCopy}
        >
          <MessageContent message={message} names={names} seq={item.seq} />
          {confidential && (
            <div
              className="m-watermark"
              data-testid="watermark"
              aria-hidden
              style={{ backgroundImage: watermarkBackground(reader.name, reader.userId) }}
            />
          )}
        </div>
        <div className="m-meta">
          {confidential && (
            <span className="m-confidential-tag">
              <LockOutline /> {t('m.msg.confidential')}
            </span>
          )}
          {formatShortTime(message.createdAt, locale)}
        </div>
      </div>
    </div>
  );
});
