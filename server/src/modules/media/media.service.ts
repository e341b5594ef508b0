import { randomBytes } from 'node:crypto';
import type { Readable } from 'node:stream';
import type { OrgContext } from '../../platform/context.js';
import type { Db } from '../../platform/db/database.js';
import { DomainError, invalid, notFound } from '../../platform/errors.js';
import type { BlobStorage } from '../../platform/storage/storage.js';
import { hasControlCharacters, problemOfText } from '../../platform/text.js';

export type MediaType = 'image' | 'voice' | 'video' | 'file';
const MB = 1024 * 1024;
/** WeCom's limits per type (wecom-api.md §5). */
export const MEDIA_LIMITS: Record<MediaType, number> = { image: 10 * MB, voice: 2 * MB, video: 10 * MB, file: 20 * MB };
/** Temporary media live three days, as in WeCom. */
export const MEDIA_TTL_MS = 3 * 24 * 3600 * 1000;

export type UploadOptions = {
  type: string;
  filename: string;
  contentType: string;
  data: Buffer;
  /** Who uploaded it from the member client (they may always download their own uploads). */
  uploadedByMemberId?: number;
  /** Kept until deleted (chat media, ADR 0011) rather than for WeCom's three days. */
  permanent?: boolean;
};

export function isMediaType(type: string): type is MediaType {
  return type in MEDIA_LIMITS;
}

/** `type/subtype` with RFC 6838's characters: what a Content-Type header may carry back out. */
const MEDIA_TYPE = /^[a-z0-9][a-z0-9!#$&^_.+-]{0,126}\/[a-z0-9][a-z0-9!#$&^_.+-]{0,126}$/;

/**
 * The Content-Type to store for what the uploader claimed. Anything that is not a media type (a control
 * character, a bare word, nothing) is stored as application/octet-stream rather than refused, as lenient as
 * WeCom's uploaders need; stored as sent, it would break every download of the file.
 */
export function storedContentType(claimed: string): string {
  const type = claimed.trim().toLowerCase();
  return MEDIA_TYPE.test(type) ? type : 'application/octet-stream';
}

/**
 * A file name as stored: refused if it holds a control character or text we cannot store (NUL, half a surrogate
 * pair), cut at 255 whole characters, `fallback` when empty.
 */
export function storedFilename(filename: string, fallback: string): string {
  if (hasControlCharacters(filename) || problemOfText(filename)) {
    throw invalid('media.invalid_filename', 'file names may not contain control characters or broken UTF-16');
  }
  return [...filename].slice(0, 255).join('') || fallback;
}

/** Writes the blob, then its row; should the row fail, the blob goes too (no orphan files). */
export async function storeBlobThenRow(
  storage: BlobStorage,
  key: string,
  data: Buffer,
  insertRow: () => Promise<unknown>,
) {
  await storage.put(key, data);
  try {
    await insertRow();
  } catch (error) {
    await storage.remove(key).catch(() => undefined);
    throw error;
  }
}

/** Stores an upload as temporary media of this org and returns its media id. */
export async function uploadMedia(ctx: OrgContext, storage: BlobStorage, options: UploadOptions) {
  if (!isMediaType(options.type)) throw invalid('media.invalid_type', 'type must be image, voice, video or file');
  if (options.data.length === 0) throw invalid('media.empty', 'the file is empty');
  if (options.data.length > MEDIA_LIMITS[options.type]) {
    throw new DomainError(
      'media.too_large',
      'invalid',
      `${options.type} files may be at most ${MEDIA_LIMITS[options.type] / MB} MB`,
    );
  }
  const filename = storedFilename(options.filename, 'file');
  const id = `3${randomBytes(24).toString('base64url')}`;
  const key = `${ctx.orgId}/${id}`;
  const now = Date.now();
  const insert = ctx.db.insertInto('media').values({
    id,
    org_id: ctx.orgId,
    type: options.type,
    filename,
    content_type: storedContentType(options.contentType),
    size: options.data.length,
    storage_key: key,
    created_at: now,
    expires_at: options.permanent ? null : now + MEDIA_TTL_MS,
    uploaded_by_member_id: options.uploadedByMemberId ?? null,
  });
  await storeBlobThenRow(storage, key, options.data, () => insert.execute());
  return { mediaId: id, type: options.type, createdAt: now };
}

/** The media's metadata, if it exists in this org and has not expired. */
export async function findMedia(ctx: OrgContext, mediaId: string) {
  const row = await ctx.db
    .selectFrom('media')
    .selectAll()
    .where('org_id', '=', ctx.orgId)
    .where('id', '=', mediaId)
    .executeTakeFirst();
  if (!row || (row.expires_at !== null && row.expires_at < Date.now())) {
    throw notFound('media.not_found', 'invalid media_id');
  }
  return row;
}

export async function readMedia(ctx: OrgContext, storage: BlobStorage, mediaId: string) {
  const media = await findMedia(ctx, mediaId);
  const stream: Readable = await storage.open(media.storage_key);
  return { media, stream };
}

export async function readMediaBuffer(ctx: OrgContext, storage: BlobStorage, mediaId: string): Promise<Buffer> {
  const { stream } = await readMedia(ctx, storage, mediaId);
  const chunks: Buffer[] = [];
  for await (const chunk of stream) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks);
}

/** Deletes temporary media past their three days, rows and blobs; returns how many went. */
export async function purgeExpiredMedia(db: Db, storage: BlobStorage, now = Date.now()): Promise<number> {
  const expired = await db
    .selectFrom('media')
    .select(['id', 'storage_key'])
    .where('expires_at', 'is not', null)
    .where('expires_at', '<', now)
    .limit(1000)
    .execute();
  for (const media of expired) {
    await db.deleteFrom('media').where('id', '=', media.id).execute();
    await storage.remove(media.storage_key);
  }
  return expired.length;
}
