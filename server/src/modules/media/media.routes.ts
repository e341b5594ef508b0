import { z } from 'zod';
import { defineRoute } from '../../platform/http/route.js';
import type { BlobStorage } from '../../platform/storage/storage.js';
import { openPublicImage } from './media.images.js';

/** Public images (media/uploadimg, app logos): no session or token, the unguessable id is the capability. */
export function mediaRoutes(storage: BlobStorage) {
  return [
    defineRoute({
      method: 'GET',
      url: '/media/images/:id',
      principal: 'public',
      params: z.object({ id: z.string().regex(/^i[A-Za-z0-9_-]{43}$/, 'not an image id') }),
      handler: async ({ db, params, reply }) => {
        const image = await openPublicImage(db, storage, params.id);
        return reply
          .header('content-type', image.contentType)
          .header('content-length', image.size)
          .header('cache-control', 'public, max-age=31536000, immutable')
          .header('x-content-type-options', 'nosniff')
          .send(image.stream);
      },
    }),
  ];
}
