import { invalid } from '../../platform/errors.js';
import { messageErrors as E } from './messaging.errors.js';

/** Every message type an app may send (wecom-api.md §4.1). */
export const MESSAGE_TYPES = [
  'text',
  'image',
  'voice',
  'video',
  'file',
  'textcard',
  'news',
  'mpnews',
  'markdown',
  'miniprogram_notice',
  'template_card',
] as const;
export type MessageType = (typeof MESSAGE_TYPES)[number];
export const MEDIA_TYPES: ReadonlySet<string> = new Set(['image', 'voice', 'video', 'file']);

type Obj = Record<string, unknown>;

const bytes = (s: string) => Buffer.byteLength(s, 'utf8');

function obj(value: unknown, name: string): Obj {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    throw invalid(E.invalidField, `${name} must be an object`);
  }
  return value as Obj;
}

function str(o: Obj, key: string, options: { required?: string; maxBytes?: number } = {}): string {
  const v = o[key];
  if (v === undefined || v === null || v === '') {
    if (options.required) throw invalid(options.required, `${key} missing`);
    return '';
  }
  if (typeof v !== 'string' && typeof v !== 'number') throw invalid(E.invalidField, `${key} must be a string`);
  const s = String(v);
  if (options.maxBytes !== undefined && bytes(s) > options.maxBytes) {
    throw invalid(E.tooLarge, `${key} may be at most ${options.maxBytes} bytes`);
  }
  return s;
}

function articles(payload: Obj, shape: (a: Obj) => Obj): Obj[] {
  const list = payload.articles;
  if (!Array.isArray(list) || list.length === 0) throw invalid(E.emptyContent, 'articles missing');
  if (list.length > 8) throw invalid(E.tooManyArticles, 'at most 8 articles');
  return list.map((a, i) => shape(obj(a, `articles[${i}]`)));
}

/**
 * Checks a payload of its type and returns the normalised form Enclave stores (only known fields).
 * Media ids are returned separately so the caller can check they exist in the org.
 */
export function normalisePayload(type: string, raw: unknown): { payload: Obj; mediaIds: string[] } {
  if (!(MESSAGE_TYPES as readonly string[]).includes(type)) throw invalid(E.invalidType, `invalid msgtype "${type}"`);
  const p = obj(raw ?? {}, type);
  switch (type as MessageType) {
    case 'text':
      return { payload: { content: str(p, 'content', { required: E.emptyContent, maxBytes: 2048 }) }, mediaIds: [] };
    case 'markdown':
      return { payload: { content: str(p, 'content', { required: E.emptyContent, maxBytes: 2048 }) }, mediaIds: [] };
    case 'image':
    case 'voice':
    case 'file': {
      const mediaId = str(p, 'media_id', { required: E.mediaMissing, maxBytes: 128 });
      return { payload: { media_id: mediaId }, mediaIds: [mediaId] };
    }
    case 'video': {
      const mediaId = str(p, 'media_id', { required: E.mediaMissing, maxBytes: 128 });
      return {
        payload: {
          media_id: mediaId,
          title: str(p, 'title', { maxBytes: 128 }),
          description: str(p, 'description', { maxBytes: 512 }),
        },
        mediaIds: [mediaId],
      };
    }
    case 'textcard':
      return {
        payload: {
          title: str(p, 'title', { required: E.titleMissing, maxBytes: 128 }),
          description: str(p, 'description', { required: E.descriptionMissing, maxBytes: 512 }),
          url: str(p, 'url', { required: E.urlMissing, maxBytes: 2048 }),
          btntxt: str(p, 'btntxt', { maxBytes: 12 }) || '详情',
        },
        mediaIds: [],
      };
    case 'news':
      return {
        payload: {
          articles: articles(p, (a) => ({
            title: str(a, 'title', { required: E.titleMissing, maxBytes: 128 }),
            description: str(a, 'description', { maxBytes: 512 }),
            url: str(a, 'url', { maxBytes: 2048 }),
            picurl: str(a, 'picurl', { maxBytes: 2048 }),
            appid: str(a, 'appid', { maxBytes: 64 }),
            pagepath: str(a, 'pagepath', { maxBytes: 256 }),
          })),
        },
        mediaIds: [],
      };
    case 'mpnews': {
      const mediaIds: string[] = [];
      const list = articles(p, (a) => {
        const thumb = str(a, 'thumb_media_id', { maxBytes: 128 });
        if (thumb) mediaIds.push(thumb);
        return {
          title: str(a, 'title', { required: E.titleMissing, maxBytes: 128 }),
          thumb_media_id: thumb,
          author: str(a, 'author', { maxBytes: 64 }),
          content_source_url: str(a, 'content_source_url', { maxBytes: 2048 }),
          content: str(a, 'content', { required: E.emptyContent, maxBytes: 666 * 1024 }),
          digest: str(a, 'digest', { maxBytes: 512 }),
        };
      });
      return { payload: { articles: list }, mediaIds };
    }
    case 'miniprogram_notice': {
      const items = p.content_item === undefined ? [] : p.content_item;
      if (!Array.isArray(items) || items.length > 10)
        throw invalid(E.invalidField, 'content_item must be at most 10 items');
      return {
        payload: {
          appid: str(p, 'appid', { required: E.invalidField, maxBytes: 64 }),
          page: str(p, 'page', { maxBytes: 256 }),
          title: str(p, 'title', { required: E.titleMissing, maxBytes: 128 }),
          description: str(p, 'description', { maxBytes: 512 }),
          emphasis_first_item: p.emphasis_first_item === true || p.emphasis_first_item === 1,
          content_item: items.map((item, i) => {
            const o = obj(item, `content_item[${i}]`);
            return { key: str(o, 'key', { maxBytes: 40 }), value: str(o, 'value', { maxBytes: 120 }) };
          }),
        },
        mediaIds: [],
      };
    }
    case 'template_card': {
      const cardType = str(p, 'card_type', { required: E.invalidField, maxBytes: 32 });
      const known = ['text_notice', 'news_notice', 'button_interaction', 'vote_interaction', 'multiple_interaction'];
      if (!known.includes(cardType)) throw invalid(E.invalidField, `invalid card_type "${cardType}"`);
      if (bytes(JSON.stringify(p)) > 16 * 1024) throw invalid(E.tooLarge, 'template_card is too large');
      // Template cards are stored as given (bounded above): the client renders the parts it knows.
      return { payload: p, mediaIds: [] };
    }
  }
}
