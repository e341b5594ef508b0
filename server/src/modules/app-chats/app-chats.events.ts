import { z } from 'zod';
import { defineEvent } from '../../platform/outbox/events.js';

/** Events this module records in the outbox, in the transaction of the change. */
export const AppChatCreated = defineEvent(
  'appchat.created',
  z.object({
    chatId: z.string(),
    appId: z.number(),
    name: z.string(),
    ownerId: z.number(),
    memberIds: z.array(z.number()),
  }),
);

export const AppChatUpdated = defineEvent(
  'appchat.updated',
  z.object({
    chatId: z.string(),
    appId: z.number(),
    /** Present when the name changed. */
    name: z.string().optional(),
    /** Present when the owner changed. */
    ownerId: z.number().optional(),
    addedMemberIds: z.array(z.number()),
    removedMemberIds: z.array(z.number()),
  }),
);
