import type { Queryable } from '../../platform/db/database.js';

export type Subscriber = { appId: number; memberId: number; userId: string };

/** An org's apps with a callback URL: the ones that hear subscribe / unsubscribe. */
export async function appsWithCallback(db: Queryable, orgId: number): Promise<{ id: number; agentId: number }[]> {
  const rows = await db
    .selectFrom('app_callbacks')
    .innerJoin('apps', 'apps.id', 'app_callbacks.app_id')
    .select(['apps.id', 'apps.agent_id'])
    .where('app_callbacks.org_id', '=', orgId)
    .execute();
  return rows.map((r) => ({ id: r.id, agentId: r.agent_id }));
}

export async function subscribersByMember(db: Queryable, orgId: number, memberIds: number[]): Promise<Subscriber[]> {
  const out: Subscriber[] = [];
  for (let i = 0; i < memberIds.length; i += 500) {
    const rows = await db
      .selectFrom('app_subscribers')
      .select(['app_id', 'member_id', 'user_id'])
      .where('org_id', '=', orgId)
      .where('member_id', 'in', memberIds.slice(i, i + 500))
      .execute();
    for (const r of rows) out.push({ appId: r.app_id, memberId: r.member_id, userId: r.user_id });
  }
  return out;
}

export async function subscribersByUserId(db: Queryable, orgId: number, userIds: string[]): Promise<Subscriber[]> {
  if (userIds.length === 0) return [];
  const rows = await db
    .selectFrom('app_subscribers')
    .select(['app_id', 'member_id', 'user_id'])
    .where('org_id', '=', orgId)
    .where('user_id', 'in', userIds)
    .execute();
  return rows.map((r) => ({ appId: r.app_id, memberId: r.member_id, userId: r.user_id }));
}

export async function addSubscribers(db: Queryable, orgId: number, subscribers: Subscriber[]): Promise<void> {
  const now = Date.now();
  for (let i = 0; i < subscribers.length; i += 500) {
    await db
      .insertInto('app_subscribers')
      .values(
        subscribers.slice(i, i + 500).map((s) => ({
          app_id: s.appId,
          member_id: s.memberId,
          org_id: orgId,
          user_id: s.userId,
          subscribed_at: now,
        })),
      )
      .onConflict((oc) => oc.columns(['app_id', 'member_id']).doNothing())
      .execute();
  }
}

export async function removeSubscriber(db: Queryable, orgId: number, appId: number, memberId: number): Promise<void> {
  await db
    .deleteFrom('app_subscribers')
    .where('org_id', '=', orgId)
    .where('app_id', '=', appId)
    .where('member_id', '=', memberId)
    .execute();
}

/** Keeps the stored userid current, so a later deletion (named by userid) finds the member's rows. */
export async function renameSubscriber(db: Queryable, orgId: number, memberId: number, userId: string): Promise<void> {
  await db
    .updateTable('app_subscribers')
    .set({ user_id: userId })
    .where('org_id', '=', orgId)
    .where('member_id', '=', memberId)
    .where('user_id', '!=', userId)
    .execute();
}

export type MemberState = { id: number; userId: string; status: string };

export async function membersByUserId(db: Queryable, orgId: number, userIds: string[]): Promise<MemberState[]> {
  const lower = [...new Set(userIds.map((u) => u.toLowerCase()))];
  const out: MemberState[] = [];
  for (let i = 0; i < lower.length; i += 500) {
    const rows = await db
      .selectFrom('members')
      .select(['id', 'user_id', 'status'])
      .where('org_id', '=', orgId)
      .where('user_id_lower', 'in', lower.slice(i, i + 500))
      .execute();
    for (const r of rows) out.push({ id: r.id, userId: r.user_id, status: r.status });
  }
  return out;
}

export async function membersById(db: Queryable, orgId: number, ids: number[]): Promise<MemberState[]> {
  const out: MemberState[] = [];
  for (let i = 0; i < ids.length; i += 500) {
    const rows = await db
      .selectFrom('members')
      .select(['id', 'user_id', 'status'])
      .where('org_id', '=', orgId)
      .where('id', 'in', ids.slice(i, i + 500))
      .execute();
    for (const r of rows) out.push({ id: r.id, userId: r.user_id, status: r.status });
  }
  return out;
}
