import { z } from 'zod';
import { defineEvent } from '../../platform/outbox/events.js';

/*
 * The directory's outbox events (contact.*), declared once: callbacks turn them into `change_contact`
 * (wecom-api.md §7.6) and into subscribe/unsubscribe. Fields added after the first release are optional, since
 * rows written before them may still be relayed.
 */

const Department = z.object({ id: z.number(), parentId: z.number(), name: z.string(), order: z.number() });

/** What apps may be told of a member (WeCom's change_contact user fields in Enclave's words). */
export const MemberFacts = z.object({
  name: z.string(),
  /** In the member's order; WeCom's `Department` and `IsLeaderInDept` side by side. */
  departments: z.array(z.object({ id: z.number(), isLeader: z.boolean() })),
  mainDepartmentId: z.number().nullable(),
  position: z.string(),
  mobile: z.string().nullable(),
  gender: z.number(),
  email: z.string().nullable(),
  status: z.enum(['active', 'disabled', 'invited']),
  avatar: z.string(),
  alias: z.string(),
  telephone: z.string(),
  address: z.string(),
  extattr: z.record(z.string(), z.unknown()),
});
export type MemberFacts = z.infer<typeof MemberFacts>;

/** A new member, with all of their facts. */
export const MemberCreated = defineEvent(
  'contact.member_created',
  z.object({ userId: z.string(), memberId: z.number().optional(), member: MemberFacts.optional() }),
);

/** A member changed: only the facts that changed, compared in the write's own transaction. */
export const MemberUpdated = defineEvent(
  'contact.member_updated',
  z.object({
    userId: z.string(),
    memberId: z.number().optional(),
    /** The userid apps knew, when this change gave the member a new one. */
    previousUserId: z.string().optional(),
    /** The member's departments and tags after the change: whose scope reaches them. */
    departmentIds: z.array(z.number()).optional(),
    tagIds: z.array(z.number()).optional(),
    /** The changed facts with their new values; empty when nothing an app sees changed. */
    changed: MemberFacts.partial().optional(),
    /** Set when the change is the member joining (first proof of who they are). */
    joined: z.literal(true).optional(),
  }),
);

/** A member deleted: where they were, since nothing of them is left to look up afterwards. */
export const MemberDeleted = defineEvent(
  'contact.member_deleted',
  z.object({
    userId: z.string(),
    memberId: z.number().optional(),
    departmentIds: z.array(z.number()).optional(),
    tagIds: z.array(z.number()).optional(),
  }),
);

export const DepartmentCreated = defineEvent('contact.department_created', z.object({ department: Department }));

export const DepartmentUpdated = defineEvent(
  'contact.department_updated',
  z.object({ department: Department, previous: Department.optional() }),
);

/** The parent tells reactors whose scope held the department, which is gone once this commits. */
export const DepartmentDeleted = defineEvent(
  'contact.department_deleted',
  z.object({ departmentId: z.number(), parentId: z.number().optional() }),
);

const TagRef = z.object({ tagId: z.number() });
export const TagCreated = defineEvent('contact.tag_created', TagRef);
export const TagUpdated = defineEvent('contact.tag_updated', TagRef);
export const TagDeleted = defineEvent('contact.tag_deleted', TagRef);

/** What was applied: the userids and departments that exist, not those reported back as invalid. */
const TagMembers = z.object({ tagId: z.number(), userIds: z.array(z.string()), departmentIds: z.array(z.number()) });
export const TagMembersAdded = defineEvent('contact.tag_members_added', TagMembers);
export const TagMembersRemoved = defineEvent('contact.tag_members_removed', TagMembers);

/** An import an app started is done or refused: its callback hears `batch_job_result`. */
export const ImportFinished = defineEvent(
  'directory.import_finished',
  z.object({
    jobId: z.string(),
    jobType: z.string(),
    appId: z.number(),
    error: z.object({ code: z.string(), kind: z.string(), message: z.string() }).nullable(),
  }),
);

/** Every contact.* event: a directory change an app may hear of. */
export const CONTACT_EVENTS = [
  MemberCreated,
  MemberUpdated,
  MemberDeleted,
  DepartmentCreated,
  DepartmentUpdated,
  DepartmentDeleted,
  TagCreated,
  TagUpdated,
  TagDeleted,
  TagMembersAdded,
  TagMembersRemoved,
] as const;
