import { randomBytes } from 'node:crypto';
import type { Readable } from 'node:stream';
import type { OrgContext } from '../../platform/context.js';
import type { Db } from '../../platform/db/database.js';
import { invalid, notFound } from '../../platform/errors.js';
import type { BlobStorage } from '../../platform/storage/storage.js';
import { findMedia, readMediaBuffer, storeBlobThenRow, storedFilename } from './media.service.js';

/** `media/uploadimg` limits (wecom-api.md §5): JPG or PNG, 5 B to 2 MB. */
export const PUBLIC_IMAGE_MIN_BYTES = 5;
export const PUBLIC_IMAGE_MAX_BYTES = 2 * 1024 * 1024;

export const imageErrors = {
  notAnImage: 'media.invalid_image',
  badSize: 'media.image_size',
  empty: 'media.empty',
  notFound: 'media.image_not_found',
} as const;

/** Where a public image is served; the id is 32 random bytes, so the URL is the capability. */
export function publicImagePath(id: string): string {
  return `/media/images/${id}`;
}

/**
 * The image type read from the bytes themselves. What the uploader claims is ignored: serving a claimed
 * `image/png` that is really HTML or SVG from our origin would be stored XSS.
 */
export function sniffImageType(data: Buffer): 'image/png' | 'image/jpeg' | null {
  if (data.length >= 8 && data.subarray(0, 8).equals(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a])))
    return 'image/png';
  if (data.length >= 3 && data[0] === 0xff && data[1] === 0xd8 && data[2] === 0xff) return 'image/jpeg';
  return null;
}

/** Stores a JPG or PNG as a permanent public image of this org and returns its id. */
export async function storePublicImage(
  ctx: OrgContext,
  storage: BlobStorage,
  options: { filename: string; data: Buffer },
): Promise<{ id: string; path: string }> {
  if (options.data.length === 0) throw invalid(imageErrors.empty, 'the file is empty');
  if (options.data.length < PUBLIC_IMAGE_MIN_BYTES || options.data.length > PUBLIC_IMAGE_MAX_BYTES) {
    throw invalid(imageErrors.badSize, 'images must be 5 bytes to 2 MB');
  }
  const contentType = sniffImageType(options.data);
  if (!contentType) throw invalid(imageErrors.notAnImage, 'only JPG and PNG images are accepted');
  const filename = storedFilename(options.filename, 'image');
  const id = `i${randomBytes(32).toString('base64url')}`;
  const key = `${ctx.orgId}/${id}`;
  const insert = ctx.db.insertInto('media').values({
    id,
    org_id: ctx.orgId,
    type: 'image',
    filename,
    content_type: contentType,
    size: options.data.length,
    storage_key: key,
    created_at: Date.now(),
    expires_at: null,
    is_public: 1,
  });
  await storeBlobThenRow(storage, key, options.data, () => insert.execute());
  return { id, path: publicImagePath(id) };
}

/** Makes a permanent public copy of a temporary image (agent/set `logo_mediaid`). */
export async function publishMediaImage(ctx: OrgContext, storage: BlobStorage, mediaId: string) {
  const media = await findMedia(ctx, mediaId);
  const data = await readMediaBuffer(ctx, storage, mediaId);
  return storePublicImage(ctx, storage, { filename: media.filename, data });
}

/** Whether this org holds a public image with this id. */
export async function hasPublicImage(ctx: OrgContext, id: string): Promise<boolean> {
  const row = await ctx.db
    .selectFrom('media')
    .select('id')
    .where('org_id', '=', ctx.orgId)
    .where('id', '=', id)
    .where('is_public', '=', 1)
    .executeTakeFirst();
  return row !== undefined;
}

/**
 * A public image by id alone, for the token-free GET route. The one media read without an org: the id is
 * unguessable and only images published as public (uploadimg, logos) are found.
 */
export async function openPublicImage(db: Db, storage: BlobStorage, id: string) {
  const media = await db
    .selectFrom('media')
    .select(['content_type', 'size', 'storage_key'])
    .where('id', '=', id)
    .where('is_public', '=', 1)
    .executeTakeFirst();
  if (!media) throw notFound(imageErrors.notFound, 'no such image');
  const stream: Readable = await storage.open(media.storage_key);
  return { contentType: media.content_type, size: Number(media.size), stream };
}
