import { ImageViewer } from 'antd-mobile';
import { FileOutline, PictureOutline } from 'antd-mobile-icons';
import { useI18n } from '../../i18n/i18n-context';
import { safeHref } from './rich-text';

type Obj = Record<string, unknown>;
const str = (v: unknown) => (typeof v === 'string' ? v : '');

/** Where the member client downloads a message's media (only media of one's own messages is served). */
export function mediaUrl(mediaId: string): string {
  return `/api/client/media/${encodeURIComponent(mediaId)}`;
}

/** The media URL of a payload: its stored media, else a direct URL some app payloads carry. */
export function payloadMediaUrl(p: Obj, ...urlKeys: string[]): string | null {
  const mediaId = str(p.media_id);
  if (mediaId) return mediaUrl(mediaId);
  for (const key of urlKeys) {
    const url = safeHref(p[key]);
    if (url) return url;
  }
  return null;
}

/** A size in B, KB or MB. */
export function formatSize(bytes: number): string {
  if (bytes < 1024) return `${bytes} B`;
  if (bytes < 1024 * 1024) return `${(bytes / 1024).toFixed(1)} KB`;
  return `${(bytes / 1024 / 1024).toFixed(1)} MB`;
}

function Placeholder({ icon, label }: { icon: React.ReactNode; label: string }) {
  return (
    <span className="m-media">
      {icon}
      <span>{label}</span>
    </span>
  );
}

/** A thumbnail; a tap opens it full size. */
export function ImageMessage({ p, testId }: { p: Obj; testId?: string }) {
  const { t } = useI18n();
  const url = payloadMediaUrl(p, 'url', 'picUrl', 'pic_url');
  if (!url) return <Placeholder icon={<PictureOutline />} label={t('m.msg.image')} />;
  return (
    <img
      className="m-image m-thumb"
      src={url}
      alt={t('m.msg.image')}
      loading="lazy"
      data-testid={testId}
      onClick={(e) => {
        e.stopPropagation();
        ImageViewer.show({ image: url });
      }}
    />
  );
}

/** A file card: name and size, with a download link unless the message is confidential. */
export function FileMessage({ p, confidential, testId }: { p: Obj; confidential: boolean; testId?: string }) {
  const { t } = useI18n();
  const url = payloadMediaUrl(p, 'url');
  const name = str(p.filename) || str(p.name) || t('m.msg.file');
  const size = typeof p.size === 'number' && Number.isFinite(p.size) ? formatSize(p.size) : '';
  const body = (
    <div className="m-file-card">
      <FileOutline fontSize={32} />
      <div>
        <div className="m-card-title">{name}</div>
        {size && <div className="m-card-meta">{size}</div>}
      </div>
    </div>
  );
  if (!url || confidential) {
    return (
      <div className="m-file" data-testid={testId}>
        {body}
      </div>
    );
  }
  return (
    <a
      href={url}
      download={name}
      target="_blank"
      rel="noopener noreferrer"
      className="m-file"
      data-testid={testId}
      onClick={(e) => e.stopPropagation()}
    >
      {body}
    </a>
  );
}

export function VoiceMessage({ p }: { p: Obj }) {
  const { t } = useI18n();
  const url = payloadMediaUrl(p, 'url');
  return url ? <audio controls src={url} preload="none" /> : <Placeholder icon="🎤" label={t('m.msg.voice')} />;
}

export function VideoMessage({ p }: { p: Obj }) {
  const { t } = useI18n();
  const url = payloadMediaUrl(p, 'url');
  return url ? (
    <video controls src={url} preload="none" className="m-image" />
  ) : (
    <Placeholder icon="🎬" label={str(p.title) || t('m.msg.video')} />
  );
}
