import { UploadedMedia } from '@enclave/contracts';
import type { FastifyRequest } from 'fastify';
import { z } from 'zod';
import type { OrgContext } from '../../platform/context.js';
import { DomainError } from '../../platform/errors.js';
import { readMultipartFile } from '../../platform/http/multipart.js';
import { wellFormed } from '../../platform/text.js';
import { defineRoute } from '../../platform/http/route.js';
import type { BlobStorage } from '../../platform/storage/storage.js';
import { uploadMedia } from './media.service.js';
import { memberMediaAccess } from './member-media.access.js';

/** What a member may send in a chat (the open API's limits, MEDIA_LIMITS, apply). */
const MemberUploadType = z.enum(['image', 'file', 'voice']);
const MediaId = z.string().regex(/^[A-Za-z0-9_-]{8,128}$/, 'not a media id');

function memberIdOf(ctx: OrgContext): number {
  if (ctx.actor.kind !== 'member') throw new DomainError('member.signed_out', 'unauthorized', 'sign in first');
  return ctx.actor.memberId;
}

/** The multipart field `media`. */
function readMediaField(request: FastifyRequest) {
  return readMultipartFile(request, {
    field: 'media',
    missingCode: 'media.missing',
    tooLarge: { code: 'media.too_large', message: 'the file is too large' },
  });
}

const quoted = (filename: string) => filename.replace(/[^\x20-\x7e]|["\\]/g, '_');

/** Members upload chat media and download the media of their own messages (docs/decisions/0011-member-media.md). */
export function memberMediaRoutes(storage: BlobStorage) {
  return [
    defineRoute({
      method: 'POST',
      url: '/api/client/media',
      principal: 'member',
      response: UploadedMedia,
      query: z.object({ type: MemberUploadType }),
      handler: async ({ ctx, query, request }) => {
        const memberId = memberIdOf(ctx);
        const upload = await readMediaField(request);
        const media = await uploadMedia(ctx, storage, {
          type: query.type,
          filename: upload.filename,
          contentType: upload.contentType,
          data: upload.data,
          uploadedByMemberId: memberId,
          permanent: true,
        });
        return {
          mediaId: media.mediaId,
          type: media.type,
          filename: upload.filename || 'file',
          size: upload.data.length,
        };
      },
    }),
    defineRoute({
      method: 'GET',
      url: '/api/client/media/:mediaId',
      principal: 'member',
      response: 'file',
      params: z.object({ mediaId: MediaId }),
      handler: async ({ ctx, params, reply }) => {
        const memberId = memberIdOf(ctx);
        const { media, confidential } = await memberMediaAccess(ctx, memberId, params.mediaId);
        const stream = await storage.open(media.storage_key);
        const name = `filename="${quoted(media.filename)}"; filename*=UTF-8''${encodeURIComponent(wellFormed(media.filename))}`;
        return reply
          .header('content-type', media.content_type)
          .header('content-length', media.size)
          .header('content-disposition', `${confidential ? 'inline' : 'attachment'}; ${name}`)
          .header('cache-control', confidential ? 'no-store' : 'private, max-age=86400')
          .header('x-content-type-options', 'nosniff')
          .header('content-security-policy', "default-src 'none'; sandbox")
          .send(stream);
      },
    }),
  ];
}
