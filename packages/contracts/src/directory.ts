import { z } from 'zod';
import { Count, Id, listOf, Timestamp } from './common.js';

/** The directory as the admin console and the member client read it (/api/admin/{departments,members,tags}, /api/client/{departments,members}). */

export const MemberStatus = z.enum(['invited', 'active', 'disabled']);
export type MemberStatus = z.infer<typeof MemberStatus>;

/** `external`: a supplier, customer or farmer, who sees only what the admin gave them. */
export const MemberKind = z.enum(['staff', 'external']);
export type MemberKind = z.infer<typeof MemberKind>;

/** 0 unset, 1 male, 2 female (WeCom's values). */
export const Gender = z.literal([0, 1, 2]);
export type Gender = z.infer<typeof Gender>;

/** One of a member's departments. */
export const MemberDepartment = z.strictObject({
  id: Id,
  /** Order inside that department; bigger sorts first. */
  order: z.number().int(),
  isLeader: z.boolean(),
});
export type MemberDepartment = z.infer<typeof MemberDepartment>;

/** A member as the console shows and edits them (and as the member client's session names its member). */
export const MemberView = z.strictObject({
  id: Id,
  userId: z.string(),
  name: z.string(),
  alias: z.string(),
  mobile: z.string().nullable(),
  email: z.string().nullable(),
  position: z.string(),
  gender: Gender,
  avatar: z.string(),
  telephone: z.string(),
  address: z.string(),
  status: MemberStatus,
  kind: MemberKind,
  /** For external contacts: the supplier's, customer's or farm's own name. */
  externalCorpName: z.string(),
  mainDepartmentId: Id.nullable(),
  /** WeCom's extended attributes (`{attrs: [...]}`), empty when none. */
  extattr: z.record(z.string(), z.unknown()),
  departments: z.array(MemberDepartment),
  /** For external contacts: the departments they may see (empty: only themselves). */
  externalScope: z.array(Id),
  createdAt: Timestamp,
  updatedAt: Timestamp,
});
export type MemberView = z.infer<typeof MemberView>;

/** `GET /api/admin/members`: one page of a department's members, and how many there are in all. */
export const MemberPage = z.strictObject({ items: z.array(MemberView), total: Count });
export type MemberPage = z.infer<typeof MemberPage>;

/** `GET /api/admin/members/search` */
export const MemberSearchResult = listOf(MemberView);
export type MemberSearchResult = z.infer<typeof MemberSearchResult>;

export const DepartmentView = z.strictObject({
  id: Id,
  /** 0 for the root department. */
  parentId: Id,
  name: z.string(),
  nameEn: z.string(),
  /** Bigger sorts first among siblings. */
  order: z.number().int(),
});
export type DepartmentView = z.infer<typeof DepartmentView>;

/** A department with how many members it holds directly. */
export const DepartmentWithCount = DepartmentView.extend({ memberCount: Count });
export type DepartmentWithCount = z.infer<typeof DepartmentWithCount>;

/** `GET /api/admin/departments`, `GET /api/client/departments` (only what the member may see). */
export const DepartmentList = z.array(DepartmentWithCount);
export type DepartmentList = z.infer<typeof DepartmentList>;

/** `appId`: the app that created the tag through the open API (only it may change it), null for the console's. */
export const TagView = z.strictObject({ id: Id, name: z.string(), appId: Id.nullable() });
export type TagView = z.infer<typeof TagView>;

export const TagList = z.array(TagView);
export type TagList = z.infer<typeof TagList>;

/** `GET /api/admin/tags/:id` */
export const TagDetail = z.strictObject({
  tag: TagView,
  members: z.array(z.strictObject({ userId: z.string(), name: z.string() })),
  departmentIds: z.array(Id),
});
export type TagDetail = z.infer<typeof TagDetail>;

/** Adding to or removing from a tag: what was named but is not there (the rest was applied). */
export const TagMembersChange = z.strictObject({
  invalidUserIds: z.array(z.string()),
  invalidDepartmentIds: z.array(Id),
});
export type TagMembersChange = z.infer<typeof TagMembersChange>;

/** A colleague as the member client shows them: what a business card holds. */
export const MemberCard = z.strictObject({
  userId: z.string(),
  name: z.string(),
  position: z.string(),
  avatar: z.string(),
  gender: Gender,
  mobile: z.string().nullable(),
  email: z.string().nullable(),
  kind: MemberKind,
  externalCorpName: z.string(),
  departments: z.array(z.strictObject({ id: Id, name: z.string() })),
});
export type MemberCard = z.infer<typeof MemberCard>;

/** `GET /api/client/departments/:id/members` */
export const MemberCardPage = z.strictObject({ items: z.array(MemberCard), total: Count });
export type MemberCardPage = z.infer<typeof MemberCardPage>;

/** `GET /api/client/members/search` */
export const MemberCardList = listOf(MemberCard);
export type MemberCardList = z.infer<typeof MemberCardList>;
