import type { PayloadOf } from '../../platform/outbox/events.js';
import type { OutboxRow } from '../../platform/outbox/relay.js';
import {
  DepartmentCreated,
  DepartmentDeleted,
  DepartmentUpdated,
  type MemberFacts,
  type Reach,
  MemberCreated,
  MemberDeleted,
  MemberUpdated,
  TagMembersAdded,
  TagMembersRemoved,
} from '../directory/index.js';
import { XmlText, type XmlFields } from './callback-crypto.js';

/*
 * The `change_contact` fields of one directory event for one app (wecom-api.md §7.6), element for element as
 * WeCom writes them: its order, and bare text where WeCom's own XML has no CDATA (ChangeType of the user and
 * party events, MainDepartment, Mobile, Gender, Status, Id, Order). What the app may see decides: an app hears
 * of members and departments its visible scope reaches, and of a member's departments only those in reach.
 */

const STATUS = { active: 1, disabled: 2, invited: 4 } as const;

type Department = { id: number; parentId: number; name: string; order: number };

/** Whether the bounds (null: the whole org) reach a member placed so. */
function reachesMember(bounds: Reach, at: { memberId?: number; departmentIds?: number[]; tagIds?: number[] }): boolean {
  if (bounds === null) return true;
  if (at.memberId !== undefined && bounds.memberIds.has(at.memberId)) return true;
  return (
    (at.departmentIds ?? []).some((id) => bounds.departments.has(id)) ||
    (at.tagIds ?? []).some((id) => bounds.tagIds.has(id))
  );
}

const seesDepartment = (bounds: Reach, id: number) => bounds === null || bounds.departments.has(id);

function text(value: unknown): string {
  return typeof value === 'string' ? value : typeof value === 'number' ? String(value) : '';
}

function record(value: unknown): Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as Record<string, unknown>) : {};
}

/** `ExtAttr{Item{Name, Type, Text{Value} | Web{Title, Url}}}` from WeCom's `extattr.attrs` as stored. */
function extAttrOf(extattr: Record<string, unknown>): { Item: XmlFields[] } {
  const attrs = Array.isArray(extattr.attrs) ? (extattr.attrs as unknown[]) : [];
  return {
    Item: attrs.map((value) => {
      const attr = record(value);
      const declared = Number(attr.type);
      const type = Number.isInteger(declared) ? declared : attr.web === undefined ? 0 : 1;
      const item: XmlFields = { Name: text(attr.name), Type: type };
      if (type === 0) item.Text = { Value: text(record(attr.text).value) };
      if (type === 1) item.Web = { Title: text(record(attr.web).title), Url: text(record(attr.web).url) };
      return item;
    }),
  };
}

/** The member fields present in `facts`, in WeCom's order; departments cut to those the app sees. */
function userFields(facts: Partial<MemberFacts>, bounds: Reach, isCreate: boolean): XmlFields {
  const seen = facts.departments?.filter((d) => seesDepartment(bounds, d.id));
  const main = facts.mainDepartmentId;
  const extAttr = facts.extattr === undefined ? undefined : extAttrOf(facts.extattr);
  const fields: Record<string, XmlFields[string] | undefined> = {
    Name: facts.name,
    Department: seen?.map((d) => d.id).join(','),
    MainDepartment: main !== undefined && main !== null && seesDepartment(bounds, main) ? main : undefined,
    IsLeaderInDept: seen?.map((d) => (d.isLeader ? 1 : 0)).join(','),
    Position: facts.position,
    Mobile: facts.mobile === undefined ? undefined : new XmlText(facts.mobile ?? ''),
    Gender: facts.gender,
    Email: facts.email === undefined ? undefined : (facts.email ?? ''),
    Status: facts.status === undefined ? undefined : STATUS[facts.status],
    Avatar: facts.avatar,
    Alias: facts.alias,
    Telephone: facts.telephone,
    Address: facts.address,
    // A new member without attributes has none to list; an update that cleared them says so with an empty one.
    ExtAttr: extAttr && (extAttr.Item.length > 0 || !isCreate) ? extAttr : undefined,
  };
  return Object.fromEntries(Object.entries(fields).filter(([, v]) => v !== undefined)) as XmlFields;
}

const bare = (changeType: string) => ({ ChangeType: new XmlText(changeType) });

function memberCreated(p: PayloadOf<typeof MemberCreated>, bounds: Reach): XmlFields | null {
  const departmentIds = p.member?.departments.map((d) => d.id);
  if (!reachesMember(bounds, { memberId: p.memberId, departmentIds })) return null;
  return { ...bare('create_user'), UserID: text(p.userId), ...(p.member ? userFields(p.member, bounds, true) : {}) };
}

function memberUpdated(p: PayloadOf<typeof MemberUpdated>, bounds: Reach): XmlFields | null {
  if (!reachesMember(bounds, { memberId: p.memberId, departmentIds: p.departmentIds, tagIds: p.tagIds })) return null;
  const changed = userFields(p.changed ?? {}, bounds, false);
  // Events written before the payload carried the change have no `changed`: tell them as they were told.
  if (p.changed !== undefined && Object.keys(changed).length === 0 && !p.previousUserId) return null;
  return {
    ...bare('update_user'),
    UserID: text(p.previousUserId ?? p.userId),
    ...(p.previousUserId ? { NewUserID: text(p.userId) } : {}),
    ...changed,
  };
}

function memberDeleted(p: PayloadOf<typeof MemberDeleted>, bounds: Reach): XmlFields | null {
  if (!reachesMember(bounds, p)) return null;
  return { ...bare('delete_user'), UserID: text(p.userId) };
}

/**
 * Bounds are read when the event is relayed, when a department may already be gone again: one the scope holds
 * is also one whose parent it holds.
 */
const holdsDepartment = (bounds: Reach, d: { id: number; parentId?: number }) =>
  seesDepartment(bounds, d.id) || (d.parentId !== undefined && seesDepartment(bounds, d.parentId));

function departmentCreated(department: Department, bounds: Reach): XmlFields | null {
  if (!holdsDepartment(bounds, department)) return null;
  return {
    ...bare('create_party'),
    Id: department.id,
    Name: department.name,
    ParentId: String(department.parentId),
    Order: department.order,
  };
}

/** update_party carries Name and ParentId only when they changed (a reorder alone tells nothing). */
function departmentUpdated(p: PayloadOf<typeof DepartmentUpdated>, bounds: Reach) {
  const { department, previous } = p;
  // Moved out of the scope, it is one the app saw: it hears where it went.
  if (!(holdsDepartment(bounds, department) || (previous && holdsDepartment(bounds, previous)))) {
    return null;
  }
  const renamed = previous === undefined || previous.name !== department.name;
  const moved = previous === undefined || previous.parentId !== department.parentId;
  if (!renamed && !moved) return null;
  return {
    ...bare('update_party'),
    Id: department.id,
    ...(renamed ? { Name: department.name } : {}),
    ...(moved ? { ParentId: String(department.parentId) } : {}),
  };
}

function departmentDeleted(p: PayloadOf<typeof DepartmentDeleted>, bounds: Reach) {
  const id = p.departmentId;
  return holdsDepartment(bounds, { id, parentId: p.parentId }) ? { ...bare('delete_party'), Id: id } : null;
}

function tagChanged(added: boolean, p: PayloadOf<typeof TagMembersAdded>, bounds: Reach): XmlFields | null {
  const { tagId } = p;
  if (bounds !== null && !bounds.tagIds.has(tagId)) return null;
  const users = p.userIds.join(',');
  const parties = p.departmentIds.join(',');
  return {
    // WeCom's own update_tag is the one change_contact whose ChangeType is in CDATA.
    ChangeType: 'update_tag',
    TagId: tagId,
    ...(added ? { AddUserItems: users, AddPartyItems: parties } : { DelUserItems: users, DelPartyItems: parties }),
  };
}

/** The `change_contact` fields of one relayed directory event for an app with these bounds, or null: not for it. */
export function contactChangeFor(row: OutboxRow, bounds: Reach): XmlFields | null {
  // Each definition parses only its own rows (directory.events.ts): older rows lack the newer fields.
  const created = MemberCreated.parse(row);
  if (created) return memberCreated(created, bounds);
  const updated = MemberUpdated.parse(row);
  if (updated) return memberUpdated(updated, bounds);
  const deleted = MemberDeleted.parse(row);
  if (deleted) return memberDeleted(deleted, bounds);
  const partyCreated = DepartmentCreated.parse(row);
  if (partyCreated) return departmentCreated(partyCreated.department, bounds);
  const partyUpdated = DepartmentUpdated.parse(row);
  if (partyUpdated) return departmentUpdated(partyUpdated, bounds);
  const partyDeleted = DepartmentDeleted.parse(row);
  if (partyDeleted) return departmentDeleted(partyDeleted, bounds);
  const tagAdded = TagMembersAdded.parse(row);
  if (tagAdded) return tagChanged(true, tagAdded, bounds);
  const tagRemoved = TagMembersRemoved.parse(row);
  if (tagRemoved) return tagChanged(false, tagRemoved, bounds);
  return null;
}
