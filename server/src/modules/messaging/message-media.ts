import type { Queryable } from '../../platform/db/database.js';

/** The media ids a stored payload refers to: `media_id` of image, voice, video and file messages. */
export function mediaIdsOf(payload: unknown): string[] {
  if (typeof payload !== 'object' || payload === null) return [];
  const mediaId = (payload as { media_id?: unknown }).media_id;
  return typeof mediaId === 'string' && mediaId !== '' ? [mediaId] : [];
}

/**
 * Records which media a message refers to, in the transaction that stores it: a member may download the
 * media of the messages in their own inbox (docs/decisions/0011-member-media.md).
 */
export async function recordMessageMedia(tx: Queryable, orgId: number, messageId: number, payload: unknown) {
  const ids = mediaIdsOf(payload);
  if (ids.length === 0) return;
  await tx
    .insertInto('message_media')
    .values(ids.map((mediaId) => ({ org_id: orgId, media_id: mediaId, message_id: messageId })))
    .execute();
}
