import type { OutboxEvent } from '../../../platform/outbox/outbox.js';
import type { Member, MemberStatus } from './members.types.js';

/**
 * What apps may be told of a member when it changes: WeCom's `change_contact` user fields (wecom-api.md §7.6)
 * in Enclave's words. A department's order of members is not among them; neither is what WeCom has no field
 * for (kind, external corp name, external scope).
 */
export type MemberFacts = {
  name: string;
  /** In the member's order; WeCom's `Department` and `IsLeaderInDept` side by side. */
  departments: { id: number; isLeader: boolean }[];
  mainDepartmentId: number | null;
  position: string;
  mobile: string | null;
  gender: number;
  email: string | null;
  status: MemberStatus;
  avatar: string;
  alias: string;
  telephone: string;
  address: string;
  extattr: Record<string, unknown>;
};

/** `contact.member_created`: the new member's facts, all of them. */
export type MemberCreatedPayload = { memberId: number; userId: string; member: MemberFacts };

/** `contact.member_updated`: only the facts that changed, compared in the write's own transaction. */
export type MemberUpdatedPayload = {
  memberId: number;
  userId: string;
  /** The userid apps knew, when this change gave the member a new one. */
  previousUserId?: string;
  /** The member's departments and tags after the change, so that reactors can tell whose scope reaches them. */
  departmentIds: number[];
  tagIds: number[];
  /** The changed facts with their new values; empty when nothing an app sees changed. */
  changed: Partial<MemberFacts>;
  /** Set when the change is the member joining (first proof of who they are). */
  joined?: true;
};

/** `contact.member_deleted`: where the member was, since nothing of them is left to look up afterwards. */
export type MemberDeletedPayload = { memberId: number; userId: string; departmentIds: number[]; tagIds: number[] };

type Facts = Omit<Member, 'id' | 'createdAt' | 'updatedAt'>;

function factsOf(m: Facts): MemberFacts {
  return {
    name: m.name,
    departments: m.departments.map((d) => ({ id: d.id, isLeader: d.isLeader })),
    mainDepartmentId: m.mainDepartmentId,
    position: m.position,
    mobile: m.mobile,
    gender: m.gender,
    email: m.email,
    status: m.status,
    avatar: m.avatar,
    alias: m.alias,
    telephone: m.telephone,
    address: m.address,
    extattr: m.extattr,
  };
}

export function memberCreated(memberId: number, member: Facts): OutboxEvent {
  const payload: MemberCreatedPayload = { memberId, userId: member.userId, member: factsOf(member) };
  return { type: 'contact.member_created', payload };
}

/**
 * The update event of `before` becoming `after`, carrying only what changed (WeCom's update_user), with the
 * tags the member is in (read in the write's transaction: a later deletion leaves no trace of them).
 */
export function memberUpdated(
  memberId: number,
  before: Facts,
  after: Facts,
  options: { tagIds: number[]; joined?: boolean },
): OutboxEvent {
  const was = factsOf(before);
  const is = factsOf(after);
  const changed: Partial<Record<keyof MemberFacts, unknown>> = {};
  for (const key of Object.keys(is) as (keyof MemberFacts)[]) {
    // Every fact is plain JSON built in the same key order on both sides, so equal text is an equal value.
    if (JSON.stringify(is[key]) !== JSON.stringify(was[key])) changed[key] = is[key];
  }
  const payload: MemberUpdatedPayload = {
    memberId,
    userId: after.userId,
    ...(after.userId !== before.userId ? { previousUserId: before.userId } : {}),
    departmentIds: after.departments.map((d) => d.id),
    tagIds: options.tagIds,
    changed: changed as Partial<MemberFacts>,
    ...(options.joined ? { joined: true as const } : {}),
  };
  return { type: 'contact.member_updated', payload };
}

/** Deletion events of members, with the tags they were in (read as their tag rows were deleted). */
export function membersDeleted(members: Member[], tagsOf: Map<number, number[]>): OutboxEvent[] {
  return members.map((m) => {
    const payload: MemberDeletedPayload = {
      memberId: m.id,
      userId: m.userId,
      departmentIds: m.departments.map((d) => d.id),
      tagIds: tagsOf.get(m.id) ?? [],
    };
    return { type: 'contact.member_deleted', payload };
  });
}
