import type { FastifyRequest } from 'fastify';
import { readMultipartFile } from '../platform/http/multipart.js';
import { wellFormed } from '../platform/text.js';
import type { BlobStorage } from '../platform/storage/storage.js';
import { readMedia, uploadMedia } from '../modules/media/index.js';
import { defineCgi } from './cgi.js';

/** The multipart field `media`. */
function readMediaField(request: FastifyRequest) {
  return readMultipartFile(request, {
    field: 'media',
    missingCode: 'media.missing',
    tooLarge: { code: 'media.too_large', message: 'the file is too large' },
  });
}

/** `media/upload` (multipart field `media`) and `media/get` (the bytes, with their real type and name). */
export function mediaApi(storage: BlobStorage) {
  return [
    defineCgi({
      method: 'POST',
      path: 'media/upload',
      auth: 'token',
      handler: async ({ ctx, query, request }) => {
        const type = query.requiredString('type', 'media.invalid_type', { max: 16 });
        const file = await readMediaField(request);
        const media = await uploadMedia(ctx, storage, {
          type,
          filename: file.filename,
          contentType: file.contentType,
          data: file.data,
        });
        return { type: media.type, media_id: media.mediaId, created_at: String(Math.floor(media.createdAt / 1000)) };
      },
    }),
    defineCgi({
      method: 'GET',
      path: 'media/get',
      auth: 'token',
      handler: async ({ ctx, query, reply }) => {
        const { media, stream } = await readMedia(
          ctx,
          storage,
          query.requiredString('media_id', 'media.missing', { max: 128 }),
        );
        // Names stored before they were checked may hold half a surrogate pair, which encodeURIComponent throws on.
        const encoded = encodeURIComponent(wellFormed(media.filename));
        reply
          .header('content-type', media.content_type)
          .header('content-length', media.size)
          .header('content-disposition', `attachment; filename="${encoded}"; filename*=UTF-8''${encoded}`);
        return reply.send(stream);
      },
    }),
  ];
}
