import { randomBytes } from 'node:crypto';
import type { Queryable } from '../../platform/db/database.js';
import { recordEvent } from '../../platform/outbox/outbox.js';
import { recordMessageMedia } from './message-media.js';
import type { DeliveryOptions } from './messaging.service.js';
import { indexMessageText } from './search.service.js';
import { MessageSent } from './messaging.events.js';

/** `storeAndDeliver` without the inbox entries: a batch of sends appends them together (send-batcher.ts). */
export async function storeMessage(tx: Queryable, orgId: number, options: DeliveryOptions) {
  const msgId = randomBytes(18).toString('base64url');
  const message = await tx
    .insertInto('messages')
    .values({
      org_id: orgId,
      app_id: options.appId,
      msg_id: msgId,
      msg_type: options.msgType,
      payload: JSON.stringify(options.payload),
      is_confidential: options.confidential ? 1 : 0,
      recipient_count: options.memberIds.length,
      created_at: Date.now(),
      recalled_at: null,
      sender_member_id: options.senderMemberId ?? null,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  await indexMessageText(tx, orgId, message.id, options.msgType, options.payload);
  await recordMessageMedia(tx, orgId, message.id, options.payload);
  await recordEvent(
    tx,
    orgId,
    MessageSent.of({
      messageId: message.id,
      msgId,
      appId: options.appId,
      conversation: options.conversation,
      recipients: options.memberIds.length,
    }),
  );
  return { messageId: message.id, msgId };
}
