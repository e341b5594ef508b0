import { type Bus, decodeBusData } from '../../platform/bus/bus.js';
import type { Db } from '../../platform/db/database.js';
import type { OutboxRow } from '../../platform/outbox/relay.js';
import type { Connection, RealtimeGateway } from '../../platform/realtime/gateway.js';
import { listEntries } from './inbox.repository.js';
import { MessageRecalled, MessageSent } from './messaging.events.js';

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

/** Recipients per bus message: a large fan-out goes out in several messages of bounded size. */
const RECIPIENTS_PER_FRAME = 1000;

/**
 * The bus subject of an org's new inbox entries; every process's gateway listens to all orgs. Versioned with
 * the payload's shape: during a rolling upgrade, processes of two versions ignore each other's pushes (their
 * clients catch up from the inbox) rather than misread them. On NATS it goes under the deployment's prefix.
 */
export function entriesSubject(orgId: number | '*'): string {
  return `org.${orgId}.entries.v2`;
}

/** The recipients of one bus message: they share a conversation and a time; member ids and seqs in step. */
type Recipients = [conversation: string, createdAt: number, memberIds: number[], seqs: number[]];

/**
 * Publishes newly committed inbox entries on the bus, for every process's gateway to push to the sockets it
 * holds. The message part is serialised once per message; only the seq differs per member. One bus message
 * is `kind \n message-json \n [conversation, createdAt, [memberId…], [seq…]]` — a fan-out's entries share
 * their conversation and time, so each recipient costs two numbers.
 *
 * `localGateway` is given when the bus is in-process (one process): then only members connected here are
 * published, and nothing at all when nobody is connected.
 */
export function pushCommittedEntries(bus: Bus, localGateway?: RealtimeGateway) {
  return async (db: Db, events: OutboxRow[]): Promise<void> => {
    for (const event of events) {
      const sent = MessageSent.parse(event);
      const recalled = sent ? undefined : MessageRecalled.parse(event);
      const pushed = sent ?? recalled;
      if (!pushed) continue;
      if (localGateway && localGateway.memberCount === 0) return;
      const { messageId } = pushed;
      const kind = sent ? 'message' : 'recall';
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
      // A message's entries share their conversation and time (one append writes them): one group, found
      // again without building a key per entry; another group only if some entry differs.
      const groups: Recipients[] = [];
      let group: Recipients | undefined;
      for (const e of entries) {
        if (localGateway && !localGateway.isConnected(e.member_id)) continue;
        if (!group || group[0] !== e.conversation || group[1] !== e.created_at) {
          group = groups.find((g) => g[0] === e.conversation && g[1] === e.created_at);
          if (!group) groups.push((group = [e.conversation, e.created_at, [], []]));
        }
        group[2].push(e.member_id);
        group[3].push(e.seq);
      }
      if (groups.length === 0) continue;
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
      for (const [conversation, createdAt, memberIds, seqs] of groups) {
        for (let i = 0; i < memberIds.length; i += RECIPIENTS_PER_FRAME) {
          const part: Recipients = [
            conversation,
            createdAt,
            memberIds.slice(i, i + RECIPIENTS_PER_FRAME),
            seqs.slice(i, i + RECIPIENTS_PER_FRAME),
          ];
          bus.publish(entriesSubject(event.org_id), `${kind}\n${shared}\n${JSON.stringify(part)}`);
        }
      }
    }
  };
}

/** Pushes the entries published on the bus (by any process) to the sockets of this process's gateway. */
export function deliverPublishedEntries(bus: Bus, gateway: RealtimeGateway): () => void {
  return bus.subscribe(entriesSubject('*'), (data) => {
    if (gateway.memberCount === 0) return;
    const text = decodeBusData(data);
    const first = text.indexOf('\n');
    const second = text.indexOf('\n', first + 1);
    const kind = text.slice(0, first);
    const shared = text.slice(first + 1, second);
    const [conversation, createdAt, memberIds, seqs] = JSON.parse(text.slice(second + 1)) as Recipients;
    // The frame is `head + seq + tail`; only the seq differs per member, so the JSON around it is
    // built once, and the tail — the message, most of the frame — is encoded to UTF-8 once, not once per socket.
    const middle = `,"kind":${JSON.stringify(kind)},"conversation":${JSON.stringify(conversation)},"createdAt":${createdAt}`;
    const tail = Buffer.from(`${middle},"readAt":null,"message":${shared}}}`);
    for (let i = 0; i < memberIds.length; i += 1) {
      const memberId = memberIds[i] as number;
      if (!gateway.isConnected(memberId)) continue;
      const head = `{"type":"entry","entry":{"seq":${seqs[i]}`;
      const headBytes = Buffer.byteLength(head);
      const frame = Buffer.allocUnsafe(headBytes + tail.length);
      frame.write(head, 0);
      tail.copy(frame, headBytes);
      gateway.pushTo(memberId, frame);
    }
  });
}
