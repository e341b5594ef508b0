import type { Db, Queryable } from '../../platform/db/database.js';
import { announceEventsCommitted } from '../../platform/outbox/outbox.js';
import * as inbox from './inbox.repository.js';
import { storeMessage } from './message-store.js';

/** An app's send, audience resolved and quota counted: what is left is one transaction. */
export type PreparedSend = {
  orgId: number;
  appId: number;
  conversation: string;
  memberIds: number[];
  msgType: string;
  payload: unknown;
  confidential: boolean;
  /** With the duplicate check: the request's fingerprint and how long it is remembered. */
  fingerprint: string | null;
  duplicateCheckSeconds?: number;
};

export type Committed = { msgId: string; duplicate: boolean };

/** At most this many sends, or this many inbox entries, share a transaction. */
const MAX_SENDS = 8;
const MAX_ENTRIES = 200_000;

/** The msgid of an unexpired send with this fingerprint, if any. */
export async function findFingerprint(db: Queryable, orgId: number, appId: number, fingerprint: string) {
  const earlier = await db
    .selectFrom('message_fingerprints')
    .select(['msg_id', 'expires_at'])
    .where('org_id', '=', orgId)
    .where('app_id', '=', appId)
    .where('fingerprint', '=', fingerprint)
    .executeTakeFirst();
  return earlier && earlier.expires_at > Date.now() ? earlier.msg_id : undefined;
}

/** Commits sends in one transaction: each checked for a duplicate and stored in order, then all entries. */
async function commitTogether(db: Db, sends: PreparedSend[]): Promise<Committed[]> {
  return db.transaction().execute(async (tx) => {
    const out: Committed[] = [];
    const delivered: { orgId: number; item: inbox.InboxEntryInput & { memberIds: number[] } }[] = [];
    for (const send of sends) {
      // Checked again here: an identical send may have committed since the first check (or earlier in
      // this transaction: each send's fingerprint is written before the next is checked).
      const earlier = send.fingerprint ? await findFingerprint(tx, send.orgId, send.appId, send.fingerprint) : null;
      if (earlier) {
        out.push({ msgId: earlier, duplicate: true });
        continue;
      }
      const { messageId, msgId } = await storeMessage(tx, send.orgId, {
        appId: send.appId,
        conversation: send.conversation,
        memberIds: send.memberIds,
        msgType: send.msgType,
        payload: send.payload,
        confidential: send.confidential,
      });
      if (send.fingerprint) {
        const expiresAt = Date.now() + (send.duplicateCheckSeconds ?? 0) * 1000;
        const row = { org_id: send.orgId, app_id: send.appId, fingerprint: send.fingerprint };
        await tx
          .insertInto('message_fingerprints')
          .values({ ...row, msg_id: msgId, expires_at: expiresAt })
          .onConflict((oc) =>
            oc.columns(['org_id', 'app_id', 'fingerprint']).doUpdateSet({ msg_id: msgId, expires_at: expiresAt }),
          )
          .execute();
      }
      delivered.push({
        orgId: send.orgId,
        item: { messageId, conversation: send.conversation, kind: 'message', memberIds: send.memberIds },
      });
      out.push({ msgId, duplicate: false });
    }
    for (const orgId of new Set(delivered.map((d) => d.orgId))) {
      const items = delivered.filter((d) => d.orgId === orgId).map((d) => d.item);
      await inbox.appendEntriesMany(tx, orgId, items);
    }
    return out;
  });
}

type Queued = { send: PreparedSend; resolve: (c: Committed) => void; reject: (error: unknown) => void };

/**
 * Sends that arrive while a transaction of sends is committing wait and then commit together: each member's
 * counter is bumped once per batch instead of once per send (one write of a row instead of k). A send alone
 * commits at once. If a batch fails, its sends are committed one by one, so each caller hears only its own
 * error.
 */
class SendBatcher {
  private readonly queue: Queued[] = [];
  private draining = false;

  constructor(private readonly db: Db) {}

  submit(send: PreparedSend): Promise<Committed> {
    return new Promise((resolve, reject) => {
      this.queue.push({ send, resolve, reject });
      // drain() settles every send it takes; should it fail itself, the sends still waiting hear why.
      if (!this.draining) this.drain().catch((error: unknown) => this.queue.splice(0).forEach((q) => q.reject(error)));
    });
  }

  private takeBatch(): Queued[] {
    let entries = 0;
    let n = 0;
    while (n < this.queue.length && n < MAX_SENDS) {
      entries += (this.queue[n] as Queued).send.memberIds.length;
      if (n > 0 && entries > MAX_ENTRIES) break;
      n += 1;
    }
    return this.queue.splice(0, n);
  }

  private async drain(): Promise<void> {
    this.draining = true;
    try {
      while (this.queue.length > 0) {
        const batch = this.takeBatch();
        try {
          const committed = await commitTogether(
            this.db,
            batch.map((q) => q.send),
          );
          batch.forEach((q, i) => q.resolve(committed[i] as Committed));
        } catch (error) {
          if (batch.length === 1) (batch[0] as Queued).reject(error);
          else for (const q of batch) await commitAlone(this.db, q);
        }
        announceEventsCommitted();
      }
    } finally {
      this.draining = false;
    }
  }
}

async function commitAlone(db: Db, queued: Queued): Promise<void> {
  try {
    const [committed] = await commitTogether(db, [queued.send]);
    queued.resolve(committed as Committed);
  } catch (error) {
    queued.reject(error);
  }
}

const batchers = new WeakMap<Db, SendBatcher>();

/** Commits one prepared send, with whatever other sends are waiting on this store. */
export function commitSend(db: Db, send: PreparedSend): Promise<Committed> {
  let batcher = batchers.get(db);
  if (!batcher) batchers.set(db, (batcher = new SendBatcher(db)));
  return batcher.submit(send);
}
