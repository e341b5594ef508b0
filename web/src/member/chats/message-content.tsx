import { EnvironmentOutline } from 'antd-mobile-icons';
import { useI18n } from '../../i18n/i18n-context';
import type { InboxMessage } from '../sync';
import { MpNewsCard, NewsCard, TemplateCard, TextCard } from './app-cards';
import { MarkdownView } from './markdown-view';
import { FileMessage, ImageMessage, VideoMessage, VoiceMessage } from './media-content';
import { safeHref, splitText } from './rich-text';

type Obj = Record<string, unknown>;
const str = (v: unknown) => (typeof v === 'string' ? v : '');
const num = (v: unknown) => (typeof v === 'number' && Number.isFinite(v) ? v : null);

/** Text with links and @mentions; `names` are the conversation's member names. */
export function RichText({ content, names }: { content: string; names?: string[] }) {
  return (
    <span className="m-text">
      {splitText(content, names).map((segment, i) =>
        segment.type === 'link' ? (
          <a key={i} href={segment.href} target="_blank" rel="noopener noreferrer">
            {segment.text}
          </a>
        ) : segment.type === 'mention' ? (
          <span key={i} className="m-mention">
            {segment.text}
          </span>
        ) : (
          segment.text
        ),
      )}
    </span>
  );
}

/** The body of a message, by type. Cards are the app message types; the rest are what members send. */
export function MessageContent({ message, names, seq }: { message: InboxMessage; names?: string[]; seq?: number }) {
  const { t } = useI18n();
  const p: Obj = message.payload ?? {};
  switch (message.msgType) {
    case 'text':
      return <RichText content={str(p.content)} names={names} />;
    case 'markdown':
      return <MarkdownView source={str(p.content)} />;
    case 'image':
      return <ImageMessage p={p} testId={seq === undefined ? undefined : `message-image-${seq}`} />;
    case 'voice':
      return <VoiceMessage p={p} />;
    case 'video':
      return <VideoMessage p={p} />;
    case 'file':
      return (
        <FileMessage
          p={p}
          confidential={message.isConfidential}
          testId={seq === undefined ? undefined : `message-file-${seq}`}
        />
      );
    case 'location': {
      const lat = num(p.latitude);
      const lng = num(p.longitude);
      const name = str(p.name) || str(p.label) || t('m.msg.location');
      const href =
        lat !== null && lng !== null
          ? `https://www.openstreetmap.org/?mlat=${lat}&mlon=${lng}#map=16/${lat}/${lng}`
          : null;
      const body = (
        <div className="m-location">
          <EnvironmentOutline fontSize={24} />
          <div>
            <div className="m-card-title">{name}</div>
            {lat !== null && lng !== null && (
              <div className="m-card-meta">{`${lat.toFixed(5)}, ${lng.toFixed(5)}`}</div>
            )}
          </div>
        </div>
      );
      return href ? (
        <a href={href} target="_blank" rel="noopener noreferrer" className="m-card">
          {body}
        </a>
      ) : (
        <div className="m-card">{body}</div>
      );
    }
    case 'link': {
      const href = safeHref(p.url);
      const pic = safeHref(p.picUrl ?? p.picurl);
      return (
        <a className="m-card m-linkcard" href={href ?? undefined} target="_blank" rel="noopener noreferrer">
          <div className="m-news-text">
            <div className="m-card-title">{str(p.title)}</div>
            {str(p.description) && <div className="m-card-desc">{str(p.description)}</div>}
          </div>
          {pic && <img src={pic} alt="" loading="lazy" />}
        </a>
      );
    }
    case 'textcard':
      return <TextCard payload={p} />;
    case 'news':
      return <NewsCard payload={p} />;
    case 'mpnews':
      return <MpNewsCard payload={p} />;
    case 'template_card':
      return <TemplateCard payload={p} />;
    case 'miniprogram_notice':
      return (
        <div className="m-card">
          <div className="m-card-title">{str(p.title)}</div>
          {str(p.description) && <div className="m-card-desc">{str(p.description)}</div>}
        </div>
      );
    default:
      return <span className="m-muted">{t('m.msg.unsupported')}</span>;
  }
}
