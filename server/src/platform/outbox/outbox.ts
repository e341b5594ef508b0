import type { Queryable } from '../db/database.js';

declare const declared: unique symbol;

/** An event to record: built only by its definition's `of` (events.ts), so every type has one schema. */
export type OutboxEvent = { readonly type: string; readonly payload: object; readonly [declared]: true };

/** For events.ts only: an event whose payload its definition has checked. */
export function declaredEvent(type: string, payload: object): OutboxEvent {
  return { type, payload } as OutboxEvent;
}

/**
 * Records an event in the same transaction as the change it describes, so an event exists if and only if
 * the change committed. Relays (callbacks, realtime) read the table after commit.
 */
export async function recordEvent(tx: Queryable, orgId: number, event: OutboxEvent): Promise<void> {
  await recordEvents(tx, orgId, [event]);
}

export async function recordEvents(tx: Queryable, orgId: number, events: OutboxEvent[]): Promise<void> {
  if (events.length === 0) return;
  const now = Date.now();
  for (let i = 0; i < events.length; i += 500) {
    await tx
      .insertInto('outbox')
      .values(
        events.slice(i, i + 500).map((e) => ({
          org_id: orgId,
          type: e.type,
          payload: JSON.stringify(e.payload),
          created_at: now,
          relayed_at: null,
        })),
      )
      .execute();
  }
}

export function listOrgEvents(db: Queryable, orgId: number, type?: string) {
  let query = db.selectFrom('outbox').selectAll().where('org_id', '=', orgId);
  if (type) query = query.where('type', '=', type);
  return query.orderBy('id').execute();
}

const committedListeners = new Set<() => void>();

/** Relays listen here to look for events at once rather than at their next poll. */
export function onEventsCommitted(listener: () => void): () => void {
  committedListeners.add(listener);
  return () => committedListeners.delete(listener);
}

/** Called after a transaction that recorded events has committed (a hint: relays poll anyway). */
export function announceEventsCommitted(): void {
  for (const listener of committedListeners) listener();
}
