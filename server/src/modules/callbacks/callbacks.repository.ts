import type { Queryable } from '../../platform/db/database.js';

export type CallbackConfig = { appId: number; orgId: number; url: string; token: string; encodingAesKey: string };

export async function findConfig(db: Queryable, appId: number): Promise<CallbackConfig | undefined> {
  const r = await db.selectFrom('app_callbacks').selectAll().where('app_id', '=', appId).executeTakeFirst();
  return r && { appId: r.app_id, orgId: r.org_id, url: r.url, token: r.token, encodingAesKey: r.encoding_aes_key };
}

/** Apps of an org with a callback: they hear of directory changes their visible scope reaches. */
export async function receivers(db: Queryable, orgId: number): Promise<number[]> {
  const rows = await db.selectFrom('app_callbacks').select('app_id').where('org_id', '=', orgId).execute();
  return rows.map((r) => r.app_id);
}

export async function saveConfig(db: Queryable, config: CallbackConfig): Promise<void> {
  const values = {
    app_id: config.appId,
    org_id: config.orgId,
    url: config.url,
    token: config.token,
    encoding_aes_key: config.encodingAesKey,
    verified_at: Date.now(),
  };
  await db
    .insertInto('app_callbacks')
    .values(values)
    .onConflict((oc) => oc.column('app_id').doUpdateSet(values))
    .execute();
}

export type NewDelivery = {
  orgId: number;
  appId: number;
  eventKey: string;
  eventType: string;
  body: string;
  fromMemberId?: number | null;
};

/** Queues deliveries; an event already queued for an app (same key) is left as it is. */
export async function enqueue(db: Queryable, deliveries: NewDelivery[]): Promise<void> {
  if (deliveries.length === 0) return;
  const now = Date.now();
  for (let i = 0; i < deliveries.length; i += 500) {
    await db
      .insertInto('callback_deliveries')
      .values(
        deliveries.slice(i, i + 500).map((d) => ({
          org_id: d.orgId,
          app_id: d.appId,
          event_key: d.eventKey,
          event_type: d.eventType,
          body: d.body,
          from_member_id: d.fromMemberId ?? null,
          status: 'pending' as const,
          attempts: 0,
          next_attempt_at: now,
          last_error: null,
          created_at: now,
          delivered_at: null,
        })),
      )
      .onConflict((oc) => oc.columns(['app_id', 'event_key']).doNothing())
      .execute();
  }
}

export async function listDeliveries(db: Queryable, orgId: number, appId: number, limit: number) {
  return db
    .selectFrom('callback_deliveries')
    .select([
      'id',
      'event_key',
      'event_type',
      'status',
      'attempts',
      'last_error',
      'created_at',
      'delivered_at',
      'next_attempt_at',
    ])
    .where('org_id', '=', orgId)
    .where('app_id', '=', appId)
    .orderBy('id', 'desc')
    .limit(limit)
    .execute();
}
