import type { FastifyRequest } from 'fastify';
import { DomainError, invalid } from '../platform/errors.js';
import type { BlobStorage } from '../platform/storage/storage.js';
import { PUBLIC_IMAGE_MAX_BYTES, storePublicImage } from '../modules/media/index.js';
import { absoluteUrl } from './agents.js';
import { defineCgi } from './cgi.js';

/** The multipart field `media`, read no further than the image limit allows. */
async function readImageField(request: FastifyRequest) {
  if (!request.isMultipart()) throw invalid('media.missing', 'send the image as multipart/form-data field "media"');
  try {
    const file = await request.file({ limits: { fileSize: PUBLIC_IMAGE_MAX_BYTES + 1 } });
    if (!file || file.fieldname !== 'media') throw invalid('media.missing', 'multipart field "media" missing');
    return { filename: file.filename, data: await file.toBuffer() };
  } catch (error) {
    if (error instanceof DomainError) throw error;
    const status = (error as { statusCode?: number }).statusCode;
    if (status === 413) throw invalid('media.image_size', 'images must be 5 bytes to 2 MB');
    throw invalid('media.missing', `the multipart body could not be read: ${(error as Error).message}`);
  }
}

/** `media/uploadimg` (wecom-api.md §5): a permanent JPG/PNG, answered with a URL that needs no token. */
export function imageApi(storage: BlobStorage) {
  return [
    defineCgi({
      method: 'POST',
      path: 'media/uploadimg',
      auth: 'token',
      handler: async ({ ctx, request }) => {
        const image = await storePublicImage(ctx, storage, await readImageField(request));
        return { url: absoluteUrl(request, image.path) };
      },
    }),
  ];
}
