import { randomBytes } from 'node:crypto';
import type { Readable } from 'node:stream';
import type { OrgContext } from '../../platform/context.js';
import type { Db } from '../../platform/db/database.js';
import { DomainError, invalid, notFound } from '../../platform/errors.js';
import type { BlobStorage } from '../../platform/storage/storage.js';

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
  const id = `3${randomBytes(24).toString('base64url')}`;
  const key = `${ctx.orgId}/${id}`;
  await storage.put(key, options.data);
  const now = Date.now();
  await ctx.db
    .insertInto('media')
    .values({
      id,
      org_id: ctx.orgId,
      type: options.type,
      filename: options.filename.slice(0, 255) || 'file',
      content_type: options.contentType || 'application/octet-stream',
      size: options.data.length,
      storage_key: key,
      created_at: now,
      expires_at: options.permanent ? null : now + MEDIA_TTL_MS,
      uploaded_by_member_id: options.uploadedByMemberId ?? null,
    })
    .execute();
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
