import { z } from 'zod';
import { Timestamp } from './common.js';

/** The member client talking to apps (`/api/client/apps/:agentId/{messages,events}`) and its shared location. */

/** `POST /api/client/apps/:agentId/messages`: the member's message, on its way to the app's callback. */
export const AppMessagePosted = z.strictObject({ msgId: z.string() });
export type AppMessagePosted = z.infer<typeof AppMessagePosted>;

/** `POST /api/client/apps/:agentId/events`: whether the app takes that event (it may not listen, or not report it). */
export const AppEventReported = z.strictObject({ forwarded: z.boolean() });
export type AppEventReported = z.infer<typeof AppEventReported>;

/** The last position the member's client reported; `precision` is its accuracy in metres. */
export const MemberLocation = z.strictObject({
  latitude: z.number(),
  longitude: z.number(),
  precision: z.number(),
  reportedAt: Timestamp,
});
export type MemberLocation = z.infer<typeof MemberLocation>;

/** `GET`, `PUT`, `DELETE /api/client/location`: the member's shared location, null when not shared. */
export const LocationAnswer = z.strictObject({ last: MemberLocation.nullable() });
export type LocationAnswer = z.infer<typeof LocationAnswer>;
