import type { Translate } from '../../i18n/i18n-context';
import type { InboxMessage } from '../sync';
import type { MemberApp } from '../work/work.queries';
import { parseConversation } from './conversation-id';
import { markdownToText } from './markdown';

/** A conversation's title from what is known: the app's name, the peer's name, the group's name. */
export function conversationTitle(
  conversation: string,
  known: { me: string; apps?: MemberApp[]; peerName?: string | null; groupName?: string },
  t: Translate,
): string {
  const ref = parseConversation(conversation);
  switch (ref.kind) {
    case 'app':
      return known.apps?.find((a) => a.agentId === ref.agentId)?.name ?? t('m.chats.app', { id: ref.agentId });
    case 'dm':
      return known.peerName || t('m.chats.direct');
    case 'group':
    case 'chat':
      return known.groupName || t('m.chats.group');
    default:
      return conversation;
  }
}

const str = (value: unknown) => (typeof value === 'string' ? value : '');

/** One line for the chats list and notifications. Confidential content never leaves the bubble. */
export function messagePreview(message: InboxMessage, t: Translate): string {
  if (message.recalled) return t('m.msg.recalled');
  if (message.isConfidential) return t('m.msg.confidentialPreview');
  const p = message.payload ?? {};
  switch (message.msgType) {
    case 'text':
      return str(p.content);
    case 'markdown':
      return markdownToText(str(p.content));
    case 'image':
      return t('m.msg.image');
    case 'voice':
      return t('m.msg.voice');
    case 'video':
      return t('m.msg.video');
    case 'file':
      return `${t('m.msg.file')} ${str(p.filename)}`.trim();
    case 'location':
      return `${t('m.msg.location')} ${str(p.name) || str(p.label)}`.trim();
    case 'link':
    case 'textcard':
      return `${t('m.msg.link')} ${str(p.title)}`.trim();
    case 'news':
    case 'mpnews': {
      const articles = Array.isArray(p.articles) ? (p.articles as Record<string, unknown>[]) : [];
      return `${t('m.msg.news')} ${str(articles[0]?.title)}`.trim();
    }
    case 'template_card': {
      const main = (p.main_title ?? {}) as Record<string, unknown>;
      return `${t('m.msg.card')} ${str(main.title)}`.trim();
    }
    default:
      return t('m.msg.unsupported');
  }
}
