import type { Db } from '../../platform/db/database.js';
import type { OutboxRow } from '../../platform/outbox/relay.js';
import type { Connection, RealtimeGateway } from '../../platform/realtime/gateway.js';
import { listEntries } from './inbox.repository.js';

const SYNC_PAGE = 1000;

/** Answers a client's `sync`: every entry after its last seq, in order, then `synced` with the last seq. */
export async function syncConnection(
  db: Db,
  gateway: RealtimeGateway,
  connection: Connection,
  after: number,
): Promise<void> {
  let last = after;
  for (;;) {
    const page = await listEntries(db, connection.orgId, connection.memberId, last, SYNC_PAGE);
    for (const entry of page) gateway.send(connection, `{"type":"entry","entry":${JSON.stringify(entry)}}`);
    if (page.length > 0) last = (page.at(-1) as { seq: number }).seq;
    if (page.length < SYNC_PAGE) break;
  }
  gateway.send(connection, JSON.stringify({ type: 'synced', seq: last }));
}

/**
 * Pushes newly committed inbox entries to the recipients' open sockets. The message part of the frame is
 * serialised once per message; only the seq differs per member.
 */
export function pushCommittedEntries(gateway: RealtimeGateway) {
  return async (db: Db, events: OutboxRow[]): Promise<void> => {
    for (const event of events) {
      if (event.type !== 'message.sent' && event.type !== 'message.recalled') continue;
      if (gateway.memberCount === 0) return;
      const { messageId } = JSON.parse(event.payload) as { messageId: number };
      const kind = event.type === 'message.sent' ? 'message' : 'recall';
      const [message, entries] = await Promise.all([
        db.selectFrom('messages').selectAll().where('id', '=', messageId).executeTakeFirst(),
        db
          .selectFrom('inbox_entries')
          .select(['member_id', 'seq', 'conversation', 'created_at'])
          .where('message_id', '=', messageId)
          .where('kind', '=', kind)
          .execute(),
      ]);
      if (!message) continue;
      const sender = message.sender_member_id
        ? await db
            .selectFrom('members')
            .select(['user_id', 'name'])
            .where('id', '=', message.sender_member_id)
            .executeTakeFirst()
        : undefined;
      const shared = JSON.stringify({
        msgId: message.msg_id,
        msgType: message.msg_type,
        payload: message.recalled_at === null ? JSON.parse(message.payload) : null,
        isConfidential: message.is_confidential === 1,
        recalled: message.recalled_at !== null,
        createdAt: message.created_at,
        sender: sender ? { userId: sender.user_id, name: sender.name } : null,
      });
      for (const e of entries) {
        if (gateway.connected([e.member_id]).length === 0) continue;
        const head = JSON.stringify({
          seq: e.seq,
          kind,
          conversation: e.conversation,
          readAt: null,
          createdAt: e.created_at,
        });
        gateway.pushTo(e.member_id, `{"type":"entry","entry":${head.slice(0, -1)},"message":${shared}}}`);
      }
    }
  };
}
