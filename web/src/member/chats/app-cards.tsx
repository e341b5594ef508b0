import { useI18n } from '../../i18n/i18n-context';
import { safeHref } from './rich-text';

type Obj = Record<string, unknown>;
const str = (v: unknown) => (typeof v === 'string' ? v : '');
const obj = (v: unknown): Obj => (typeof v === 'object' && v !== null && !Array.isArray(v) ? (v as Obj) : {});
const list = (v: unknown): Obj[] => (Array.isArray(v) ? v.map(obj) : []);

function Link({ href, className, children }: { href: unknown; className?: string; children: React.ReactNode }) {
  const safe = safeHref(href);
  if (!safe) return <div className={className}>{children}</div>;
  return (
    <a className={className} href={safe} target="_blank" rel="noopener noreferrer">
      {children}
    </a>
  );
}

/** news: up to 8 articles; the first large with its picture, the rest as rows. */
export function NewsCard({ payload }: { payload: Obj }) {
  const articles = list(payload.articles);
  return (
    <div className="m-card m-news">
      {articles.map((a, i) => (
        <Link key={i} href={a.url} className={i === 0 ? 'm-news-lead' : 'm-news-row'}>
          {safeHref(a.picurl) && <img src={safeHref(a.picurl) ?? ''} alt="" loading="lazy" />}
          <div className="m-news-text">
            <div className="m-card-title">{str(a.title)}</div>
            {i === 0 && str(a.description) && <div className="m-card-desc">{str(a.description)}</div>}
          </div>
        </Link>
      ))}
    </div>
  );
}

/** mpnews: articles stored in Enclave; shows title, digest and author, content behind "read more". */
export function MpNewsCard({ payload }: { payload: Obj }) {
  const { t } = useI18n();
  return (
    <div className="m-card">
      {list(payload.articles).map((a, i) => (
        <details key={i} className="m-mpnews">
          <summary>
            <div className="m-card-title">{str(a.title)}</div>
            {str(a.digest) && <div className="m-card-desc">{str(a.digest)}</div>}
            <div className="m-card-meta">
              {str(a.author)} · {t('m.msg.readMore')}
            </div>
          </summary>
          <div className="m-mpnews-body">{str(a.content).replace(/<[^>]*>/g, '')}</div>
          {safeHref(a.content_source_url) && (
            <Link href={a.content_source_url} className="m-card-link">
              {t('m.msg.source')}
            </Link>
          )}
        </details>
      ))}
    </div>
  );
}

/** textcard: title, description (may carry WeCom's <div class="gray"> lines) and a button link. */
export function TextCard({ payload }: { payload: Obj }) {
  const { t } = useI18n();
  const lines = str(payload.description)
    .split(/<br\s*\/?>|\n/i)
    .map((line) => ({
      gray: /class=["']?gray/.test(line),
      highlight: /class=["']?highlight/.test(line),
      text: line.replace(/<[^>]*>/g, ''),
    }))
    .filter((l) => l.text.trim() !== '');
  return (
    <div className="m-card">
      <div className="m-card-title">{str(payload.title)}</div>
      <div className="m-card-desc">
        {lines.map((l, i) => (
          <div key={i} className={l.gray ? 'm-gray' : l.highlight ? 'm-highlight' : undefined}>
            {l.text}
          </div>
        ))}
      </div>
      <Link href={payload.url} className="m-card-link">
        {str(payload.btntxt) || t('m.msg.details')}
      </Link>
    </div>
  );
}

/** template_card: the parts every card type shares; interactive buttons open their URL when they have one. */
export function TemplateCard({ payload }: { payload: Obj }) {
  const { t } = useI18n();
  const source = obj(payload.source);
  const main = obj(payload.main_title);
  const emphasis = obj(payload.emphasis_content);
  const action = obj(payload.card_action);
  const buttons = list(payload.button_list);
  return (
    <div className="m-card m-template">
      {str(source.desc) && (
        <div className="m-card-source">
          {safeHref(source.icon_url) && <img src={safeHref(source.icon_url) ?? ''} alt="" />}
          {str(source.desc)}
        </div>
      )}
      <div className="m-card-title">{str(main.title)}</div>
      {str(main.desc) && <div className="m-card-desc">{str(main.desc)}</div>}
      {str(emphasis.title) && (
        <div className="m-emphasis">
          <strong>{str(emphasis.title)}</strong>
          <span>{str(emphasis.desc)}</span>
        </div>
      )}
      {str(payload.sub_title_text) && <div className="m-card-desc">{str(payload.sub_title_text)}</div>}
      {list(payload.horizontal_content_list).map((row, i) => (
        <div key={i} className="m-hrow">
          <span className="m-gray">{str(row.keyname)}</span>
          {safeHref(row.url) ? <Link href={row.url}>{str(row.value)}</Link> : <span>{str(row.value)}</span>}
        </div>
      ))}
      {list(payload.jump_list).map((jump, i) => (
        <Link key={i} href={jump.url} className="m-card-link">
          {str(jump.title)}
        </Link>
      ))}
      {buttons.length > 0 && (
        <div className="m-card-buttons">
          {buttons.map((b, i) => (
            <Link key={i} href={b.url} className="m-card-button">
              {str(b.text)}
            </Link>
          ))}
        </div>
      )}
      {safeHref(action.url) && (
        <Link href={action.url} className="m-card-link">
          {t('m.msg.details')}
        </Link>
      )}
    </div>
  );
}
