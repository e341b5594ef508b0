import { type Kysely, sql } from 'kysely';
import type { Db, Queryable } from '../db/database.js';
import { isPostgres } from '../db/dialect.js';
import type { OutboxRow } from './relay.js';

/** Any constant: the key of the PostgreSQL advisory lock the relays of a cluster take turns on. */
const RELAY_LOCK_KEY = 4_400_722;

/**
 * Relays one batch of pending events, oldest first: reads at most `limit`, runs `react` on them, then marks
 * them relayed. Returns how many it relayed (0: nothing was pending).
 *
 * On PostgreSQL several processes run a relay, so a batch is read and marked inside one transaction that
 * holds a transaction-scoped advisory lock: one relay at a time (events stay in order across processes; the
 * others wait their turn, then find what is left), and a relay that dies mid-batch releases the lock with
 * its connection, leaving the batch pending for the next (at least once, as before). The reactors write
 * through `db`, outside that transaction. SQLite is one process: no lock.
 */
export async function relayBatch(
  db: Db,
  limit: number,
  react: (events: OutboxRow[]) => Promise<void>,
): Promise<number> {
  if (!isPostgres(db as unknown as Kysely<unknown>)) {
    const events = await pendingEvents(db, limit);
    if (events.length === 0) return 0;
    await react(events);
    await markRelayed(db, events);
    return events.length;
  }
  return db.transaction().execute(async (tx) => {
    await sql`select pg_advisory_xact_lock(${RELAY_LOCK_KEY})`.execute(tx);
    const events = await pendingEvents(tx, limit);
    if (events.length === 0) return 0;
    await react(events);
    await markRelayed(tx, events);
    return events.length;
  });
}

function pendingEvents(db: Queryable, limit: number): Promise<OutboxRow[]> {
  return db
    .selectFrom('outbox')
    .select(['id', 'org_id', 'type', 'payload', 'created_at'])
    .where('relayed_at', 'is', null)
    .orderBy('id')
    .limit(limit)
    .execute();
}

async function markRelayed(db: Queryable, events: OutboxRow[]): Promise<void> {
  await db
    .updateTable('outbox')
    .set({ relayed_at: Date.now() })
    .where(
      'id',
      'in',
      events.map((e) => e.id),
    )
    .execute();
}
