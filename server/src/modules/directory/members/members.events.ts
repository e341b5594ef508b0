import type { OutboxEvent } from '../../../platform/outbox/outbox.js';
import { MemberCreated, MemberDeleted, type MemberFacts, MemberUpdated } from '../directory.events.js';
import type { Member } from './members.types.js';

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
  return MemberCreated.of({ memberId, userId: member.userId, member: factsOf(member) });
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
  return MemberUpdated.of({
    memberId,
    userId: after.userId,
    ...(after.userId !== before.userId ? { previousUserId: before.userId } : {}),
    departmentIds: after.departments.map((d) => d.id),
    tagIds: options.tagIds,
    changed: changed as Partial<MemberFacts>,
    ...(options.joined ? { joined: true as const } : {}),
  });
}

/** Deletion events of members, with the tags they were in (read as their tag rows were deleted). */
export function membersDeleted(members: Member[], tagsOf: Map<number, number[]>): OutboxEvent[] {
  return members.map((m) =>
    MemberDeleted.of({
      memberId: m.id,
      userId: m.userId,
      departmentIds: m.departments.map((d) => d.id),
      tagIds: tagsOf.get(m.id) ?? [],
    }),
  );
}
