import { z } from 'zod';
import { defineEvent } from '../../platform/outbox/events.js';

/** A message was stored and its inbox entries written: the realtime relay pushes them. */
export const MessageSent = defineEvent(
  'message.sent',
  z.object({
    messageId: z.number(),
    msgId: z.string(),
    appId: z.number().nullable().optional(),
    conversation: z.string().optional(),
    recipients: z.number().optional(),
  }),
);

/** A message was recalled (by its app, or by a member in a chat): recall entries to push. */
export const MessageRecalled = defineEvent('message.recalled', z.object({ messageId: z.number(), msgId: z.string() }));
