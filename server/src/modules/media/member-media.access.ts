import type { OrgContext } from '../../platform/context.js';
import { notFound } from '../../platform/errors.js';
import { findMedia } from './media.service.js';

/**
 * The media if the member may use it, and whether it is confidential: it is of their org and they uploaded it,
 * or a message in their own inbox (not recalled) refers to it (docs/decisions/0011-member-media.md). Anything
 * else is a 404, as for an unknown id. Media of any confidential message is for viewing only.
 */
export async function memberMediaAccess(ctx: OrgContext, memberId: number, mediaId: string) {
  const media = await findMedia(ctx, mediaId);
  const refs = await ctx.db
    .selectFrom('message_media as mm')
    .innerJoin('messages as m', 'm.id', 'mm.message_id')
    .innerJoin('inbox_entries as ie', (join) =>
      join.onRef('ie.message_id', '=', 'm.id').on('ie.member_id', '=', memberId).on('ie.kind', '=', 'message'),
    )
    .select('m.is_confidential')
    .where('mm.org_id', '=', ctx.orgId)
    .where('mm.media_id', '=', media.id)
    .where('m.recalled_at', 'is', null)
    .limit(50)
    .execute();
  if (refs.length === 0 && media.uploaded_by_member_id !== memberId)
    throw notFound('media.not_found', 'invalid media_id');
  return { media, confidential: refs.some((r) => Number(r.is_confidential) === 1) };
}
