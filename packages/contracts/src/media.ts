import { z } from 'zod';
import { Count } from './common.js';

/** Media a member sends in a chat (`/api/client/media`); downloads are files, not JSON. */

export const UploadedMediaType = z.enum(['image', 'file', 'voice']);
export type UploadedMediaType = z.infer<typeof UploadedMediaType>;

/** `POST /api/client/media`: the id a message then names, with what was stored. */
export const UploadedMedia = z.strictObject({
  mediaId: z.string(),
  type: UploadedMediaType,
  filename: z.string(),
  /** Bytes. */
  size: Count,
});
export type UploadedMedia = z.infer<typeof UploadedMedia>;
