import type { FastifyRequest } from 'fastify';
import { DomainError, invalid } from '../platform/errors.js';
import type { BlobStorage } from '../platform/storage/storage.js';
import { readMedia, uploadMedia } from '../modules/media/media.service.js';
import { defineCgi } from './cgi.js';

/** The multipart field `media`; a truncated or malformed body is the caller's mistake, not a server failure. */
async function readMediaField(request: FastifyRequest) {
  try {
    const file = await request.file();
    if (!file || file.fieldname !== 'media') throw invalid('media.missing', 'multipart field "media" missing');
    return { file, data: await file.toBuffer() };
  } catch (error) {
    if (error instanceof DomainError) throw error;
    const status = (error as { statusCode?: number }).statusCode;
    if (status === 413) throw invalid('media.too_large', 'the file is too large');
    throw invalid('media.missing', `the multipart body could not be read: ${(error as Error).message}`);
  }
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
        if (!request.isMultipart())
          throw invalid('media.missing', 'send the file as multipart/form-data field "media"');
        const { file, data } = await readMediaField(request);
        const media = await uploadMedia(ctx, storage, {
          type,
          filename: file.filename,
          contentType: file.mimetype,
          data,
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
        reply
          .header('content-type', media.content_type)
          .header('content-length', media.size)
          .header(
            'content-disposition',
            `attachment; filename="${encodeURIComponent(media.filename)}"; filename*=UTF-8''${encodeURIComponent(media.filename)}`,
          );
        return reply.send(stream);
      },
    }),
  ];
}
