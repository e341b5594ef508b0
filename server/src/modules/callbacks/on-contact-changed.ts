import type { Db } from '../../platform/db/database.js';
import type { OutboxRow } from '../../platform/outbox/relay.js';
import { enqueueAppEvents, type AppEvent } from './callbacks.service.js';
import type { XmlFields } from './callback-crypto.js';
import * as repo from './callbacks.repository.js';

type Department = { id: number; parentId: number; name: string; order: number };

/** The `change_contact` fields of one directory event (wecom-api.md §7.6), or null for other events. */
function changeOf(type: string, p: Record<string, unknown>): XmlFields | null {
  const department = p.department as Department | undefined;
  switch (type) {
    case 'contact.member_created':
      return { ChangeType: 'create_user', UserID: String(p.userId) };
    case 'contact.member_updated':
      return p.previousUserId
        ? { ChangeType: 'update_user', UserID: String(p.previousUserId), NewUserID: String(p.userId) }
        : { ChangeType: 'update_user', UserID: String(p.userId) };
    case 'contact.member_deleted':
      return { ChangeType: 'delete_user', UserID: String(p.userId) };
    case 'contact.department_created':
      return department
        ? {
            ChangeType: 'create_party',
            Id: department.id,
            Name: department.name,
            ParentId: department.parentId,
            Order: department.order,
          }
        : null;
    case 'contact.department_updated':
      return department
        ? { ChangeType: 'update_party', Id: department.id, Name: department.name, ParentId: department.parentId }
        : null;
    case 'contact.department_deleted':
      return { ChangeType: 'delete_party', Id: Number(p.departmentId) };
    case 'contact.tag_members_added':
    case 'contact.tag_members_removed': {
      const added = type === 'contact.tag_members_added';
      const users = ((p.userIds as string[] | undefined) ?? []).join(',');
      const parties = ((p.departmentIds as number[] | undefined) ?? []).join(',');
      return {
        ChangeType: 'update_tag',
        TagId: Number(p.tagId),
        ...(added ? { AddUserItems: users, AddPartyItems: parties } : { DelUserItems: users, DelPartyItems: parties }),
      };
    }
    default:
      return null;
  }
}

/**
 * Turns committed directory changes into `change_contact` callbacks for every app with a callback whose
 * scope is the whole org. Keyed by the outbox id, so relaying an event twice queues it once.
 */
export async function onContactChanged(db: Db, events: OutboxRow[]): Promise<void> {
  const byOrg = new Map<number, OutboxRow[]>();
  for (const e of events) {
    if (e.type.startsWith('contact.')) byOrg.set(e.org_id, [...(byOrg.get(e.org_id) ?? []), e]);
  }
  for (const [orgId, orgEvents] of byOrg) {
    const receivers = await repo.orgWideReceivers(db, orgId);
    if (receivers.length === 0) continue;
    const queued: AppEvent[] = [];
    for (const e of orgEvents) {
      const change = changeOf(e.type, JSON.parse(e.payload) as Record<string, unknown>);
      if (!change) continue;
      for (const appId of receivers) {
        queued.push({
          appId,
          eventKey: `outbox:${e.id}`,
          eventType: 'change_contact',
          fields: {
            FromUserName: 'sys',
            CreateTime: Math.floor(e.created_at / 1000),
            MsgType: 'event',
            Event: 'change_contact',
            ...change,
          },
        });
      }
    }
    await db.transaction().execute((tx) => enqueueAppEvents(tx, orgId, queued));
  }
}
