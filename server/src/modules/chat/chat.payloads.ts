import { invalid } from '../../platform/errors.js';
import { chatErrors as E } from './chat.errors.js';

/** What members may send each other. */
export const CHAT_TYPES = ['text', 'image', 'file', 'voice', 'location', 'link'] as const;
type Obj = Record<string, unknown>;

function text(o: Obj, key: string, maxBytes: number, required = true): string {
  const v = o[key];
  if (v === undefined || v === null || v === '') {
    if (required) throw invalid(E.invalidPayload, `${key} missing`);
    return '';
  }
  if (typeof v !== 'string') throw invalid(E.invalidPayload, `${key} must be a string`);
  if (Buffer.byteLength(v) > maxBytes) throw invalid(E.invalidPayload, `${key} may be at most ${maxBytes} bytes`);
  return v;
}

function coordinate(o: Obj, key: string, bound: number): number {
  const v = o[key];
  if (typeof v !== 'number' || !Number.isFinite(v) || Math.abs(v) > bound)
    throw invalid(E.invalidPayload, `${key} must be a number within ±${bound}`);
  return v;
}

/** A file's size in bytes, when the client says it (shown on the file card). */
function size(o: Obj): { size?: number } {
  const v = o.size;
  if (v === undefined || v === null) return {};
  if (typeof v !== 'number' || !Number.isInteger(v) || v < 0 || v > 2 ** 40)
    throw invalid(E.invalidPayload, 'size must be a whole number of bytes');
  return { size: v };
}

/** Validates a member's message; returns the stored payload and the media it refers to. */
export function normaliseChatPayload(
  type: string,
  raw: unknown,
  mentions: string[],
): { payload: Obj; mediaIds: string[] } {
  if (!(CHAT_TYPES as readonly string[]).includes(type))
    throw invalid(E.invalidPayload, `cannot send "${type}" in a chat`);
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw))
    throw invalid(E.invalidPayload, 'payload must be an object');
  const p = raw as Obj;
  switch (type) {
    case 'text':
      return {
        payload: { content: text(p, 'content', 4096), ...(mentions.length > 0 ? { mentions } : {}) },
        mediaIds: [],
      };
    case 'image':
    case 'file':
    case 'voice': {
      const mediaId = text(p, 'media_id', 128);
      return {
        payload: {
          media_id: mediaId,
          ...(type === 'file' ? { filename: text(p, 'filename', 255, false), ...size(p) } : {}),
        },
        mediaIds: [mediaId],
      };
    }
    case 'location':
      return {
        payload: {
          latitude: coordinate(p, 'latitude', 90),
          longitude: coordinate(p, 'longitude', 180),
          name: text(p, 'name', 256, false),
        },
        mediaIds: [],
      };
    default: {
      const url = text(p, 'url', 2048);
      if (!/^https?:\/\//i.test(url)) throw invalid(E.invalidPayload, 'url must be http or https');
      return {
        payload: { title: text(p, 'title', 256), description: text(p, 'description', 512, false), url },
        mediaIds: [],
      };
    }
  }
}
