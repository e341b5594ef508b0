import type { FastifyRequest } from 'fastify';
import { readMultipartFile } from '../platform/http/multipart.js';
import type { BlobStorage } from '../platform/storage/storage.js';
import { PUBLIC_IMAGE_MAX_BYTES, storePublicImage } from '../modules/media/index.js';
import { absoluteUrl } from './agents.js';
import { defineCgi } from './cgi.js';

/** The multipart field `media`, read no further than the image limit allows. */
function readImageField(request: FastifyRequest) {
  return readMultipartFile(request, {
    field: 'media',
    maxBytes: PUBLIC_IMAGE_MAX_BYTES + 1,
    missingCode: 'media.missing',
    tooLarge: { code: 'media.image_size', message: 'images must be 5 bytes to 2 MB' },
  });
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
