import type { Db, Queryable } from '../../platform/db/database.js';
import type { OutboxRow } from '../../platform/outbox/relay.js';
import { AppScopeChanged, getAppScope } from '../apps/index.js';
import { MemberCreated, MemberDeleted, MemberUpdated, TagMembersAdded, TagMembersRemoved } from '../directory/index.js';
import { resolveAudience } from '../audience/index.js';
import { enqueueAppEvents, type AppEvent } from './callbacks.service.js';
import * as subs from './subscribers.repository.js';

type App = { id: number; agentId: number };
type Change = {
  kind: 'subscribe' | 'unsubscribe';
  app: App;
  memberId: number;
  userId: string;
  /** The outbox event it answers: keys the delivery, so relaying twice queues it once. */
  cause: OutboxRow;
};

function eventOf(change: Change): AppEvent {
  return {
    appId: change.app.id,
    eventKey: `outbox:${change.cause.id}:${change.kind}:${change.memberId}`,
    eventType: `event:${change.kind}`,
    // A welcome reply to `subscribe` reaches the member; after `unsubscribe` there is nobody to reach.
    fromMemberId: change.kind === 'subscribe' ? change.memberId : null,
    fields: {
      FromUserName: change.userId,
      CreateTime: Math.floor(change.cause.created_at / 1000),
      MsgType: 'event',
      Event: change.kind,
      AgentID: change.app.agentId,
    },
  };
}

type OrgBatch = {
  deletions: { userId: string; cause: OutboxRow }[];
  scopeChanges: OutboxRow[];
  /** Members whose state or groups changed, by lower-cased userid, with the latest event naming them. */
  touched: Map<string, OutboxRow>;
};

function sortByOrg(events: OutboxRow[]): Map<number, OrgBatch> {
  const byOrg = new Map<number, OrgBatch>();
  const batchOf = (orgId: number) => {
    let batch = byOrg.get(orgId);
    if (!batch) byOrg.set(orgId, (batch = { deletions: [], scopeChanges: [], touched: new Map() }));
    return batch;
  };
  for (const e of events) {
    if (AppScopeChanged.parse(e)) {
      batchOf(e.org_id).scopeChanges.push(e);
      continue;
    }
    const deleted = MemberDeleted.parse(e);
    if (deleted) {
      batchOf(e.org_id).deletions.push({ userId: deleted.userId, cause: e });
      continue;
    }
    // The members whose state or groups changed: the member of a member event, those a tag change names.
    const member = MemberCreated.parse(e) ?? MemberUpdated.parse(e);
    const tagged = TagMembersAdded.parse(e) ?? TagMembersRemoved.parse(e);
    const userIds = member ? [member.userId] : (tagged?.userIds ?? []);
    for (const userId of userIds) batchOf(e.org_id).touched.set(userId.toLowerCase(), e);
  }
  return byOrg;
}

/** A deleted member's apps hear `unsubscribe` (the member is gone; their stored userid names them). */
async function deletions(tx: Queryable, orgId: number, apps: Map<number, App>, batch: OrgBatch) {
  const changes: Change[] = [];
  for (const { userId, cause } of batch.deletions) {
    const alive = new Set((await subs.membersByUserId(tx, orgId, [userId])).map((m) => m.id));
    for (const row of await subs.subscribersByUserId(tx, orgId, [userId])) {
      const app = apps.get(row.appId);
      if (alive.has(row.memberId)) continue;
      await subs.removeSubscriber(tx, orgId, row.appId, row.memberId);
      if (app) changes.push({ kind: 'unsubscribe', app, memberId: row.memberId, userId: row.userId, cause });
    }
  }
  return changes;
}

/** Members who entered an app's range hear `subscribe` if they have joined; those who left, `unsubscribe`. */
async function scopeChanges(tx: Queryable, orgId: number, apps: Map<number, App>, batch: OrgBatch) {
  const changes: Change[] = [];
  for (const cause of batch.scopeChanges) {
    const p = AppScopeChanged.parse(cause);
    if (!p) continue;
    const app = apps.get(p.appId);
    if (!app) continue;
    const subscribed = new Set(
      (await subs.subscribersByMember(tx, orgId, [...p.added, ...p.removed]))
        .filter((s) => s.appId === app.id)
        .map((s) => s.memberId),
    );
    const joined = (await subs.membersById(tx, orgId, p.added)).filter(
      (m) => m.status === 'active' && !subscribed.has(m.id),
    );
    await subs.addSubscribers(
      tx,
      orgId,
      joined.map((m) => ({ appId: app.id, memberId: m.id, userId: m.userId })),
    );
    for (const m of joined) changes.push({ kind: 'subscribe', app, memberId: m.id, userId: m.userId, cause });
    for (const m of await subs.membersById(tx, orgId, p.removed)) {
      // Active members were in the range before, so they count as subscribed even if the app set its
      // callback after they joined (no row).
      if (!subscribed.has(m.id) && m.status !== 'active') continue;
      await subs.removeSubscriber(tx, orgId, app.id, m.id);
      changes.push({ kind: 'unsubscribe', app, memberId: m.id, userId: m.userId, cause });
    }
  }
  return changes;
}

/**
 * Brings touched members' subscriptions in line with their state: an active member in an app's range is
 * subscribed; a disabled one, or one who moved out of range, is not. Idempotent: it compares with the rows.
 */
async function reconcileMembers(tx: Queryable, orgId: number, apps: App[], batch: OrgBatch) {
  const changes: Change[] = [];
  if (batch.touched.size === 0) return changes;
  const members = await subs.membersByUserId(tx, orgId, [...batch.touched.keys()]);
  for (const m of members) await subs.renameSubscriber(tx, orgId, m.id, m.userId);
  const active = members.filter((m) => m.status === 'active');
  const rows = await subs.subscribersByMember(
    tx,
    orgId,
    members.map((m) => m.id),
  );
  const has = new Set(rows.map((r) => `${r.appId}:${r.memberId}`));
  for (const app of apps) {
    const scope = await getAppScope(tx, orgId, app.id);
    const inRange =
      active.length === 0
        ? new Set<number>()
        : new Set((await resolveAudience(tx, orgId, { userIds: active.map((m) => m.userId) }, scope)).memberIds);
    for (const m of members) {
      const cause = batch.touched.get(m.userId.toLowerCase());
      if (!cause) continue;
      const wanted = m.status === 'active' && inRange.has(m.id);
      const subscribed = has.has(`${app.id}:${m.id}`);
      if (wanted && !subscribed) {
        await subs.addSubscribers(tx, orgId, [{ appId: app.id, memberId: m.id, userId: m.userId }]);
        changes.push({ kind: 'subscribe', app, memberId: m.id, userId: m.userId, cause });
      } else if (!wanted && subscribed) {
        await subs.removeSubscriber(tx, orgId, app.id, m.id);
        changes.push({ kind: 'unsubscribe', app, memberId: m.id, userId: m.userId, cause });
      }
    }
  }
  return changes;
}

/**
 * `subscribe` / `unsubscribe` (wecom-api.md §7.6) for apps with a callback: a member joins, is disabled or
 * deleted, moves in or out of an app's range, or the app's range changes. `app_subscribers` records who each
 * app has heard `subscribe` for, so every transition is told once, however often the relay sees an event.
 */
export async function onMembershipChanged(db: Db, events: OutboxRow[]): Promise<void> {
  for (const [orgId, batch] of sortByOrg(events)) {
    const apps = await subs.appsWithCallback(db, orgId);
    if (apps.length === 0) continue;
    const byId = new Map(apps.map((a) => [a.id, a]));
    await db.transaction().execute(async (tx) => {
      const changes = [
        ...(await deletions(tx, orgId, byId, batch)),
        ...(await scopeChanges(tx, orgId, byId, batch)),
        ...(await reconcileMembers(tx, orgId, apps, batch)),
      ];
      await enqueueAppEvents(tx, orgId, changes.map(eventOf));
    });
  }
}
