import { z } from 'zod';
import { Count, Id, listOf, Timestamp } from './common.js';

/** An app's callback URL and the deliveries of its events (`/api/admin/apps/:agentId/callback`). */

export const CallbackSettings = z.strictObject({ url: z.string(), token: z.string(), encodingAesKey: z.string() });
export type CallbackSettings = z.infer<typeof CallbackSettings>;

/** `GET /api/admin/apps/:agentId/callback`: null until one is set. */
export const CallbackAnswer = z.strictObject({ callback: CallbackSettings.nullable() });
export type CallbackAnswer = z.infer<typeof CallbackAnswer>;

export const DeliveryStatus = z.enum(['pending', 'delivered', 'failed']);
export type DeliveryStatus = z.infer<typeof DeliveryStatus>;

/** One event on its way to the app's callback URL. */
export const CallbackDelivery = z.strictObject({
  id: Id,
  /** Deduplicates retries on the app's side. */
  eventKey: z.string(),
  eventType: z.string(),
  status: DeliveryStatus,
  attempts: Count,
  lastError: z.string().nullable(),
  createdAt: Timestamp,
  deliveredAt: Timestamp.nullable(),
  nextAttemptAt: Timestamp.nullable(),
});
export type CallbackDelivery = z.infer<typeof CallbackDelivery>;

/** `GET /api/admin/apps/:agentId/callback/deliveries`, newest first. */
export const CallbackDeliveryList = listOf(CallbackDelivery);
export type CallbackDeliveryList = z.infer<typeof CallbackDeliveryList>;
