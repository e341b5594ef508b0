import type { OrgContext } from '../../../platform/context.js';
import type { Db, Queryable } from '../../../platform/db/database.js';
import { isUniqueViolation } from '../../../platform/db/constraint.js';
import { conflict, invalid, notFound } from '../../../platform/errors.js';
import { recordEvent, recordEvents } from '../../../platform/outbox/outbox.js';
import type { DepartmentTree } from '../departments/department-tree.js';
import { loadTree, ROOT_DEPARTMENT_ID } from '../departments/departments.service.js';
import {
  assertCanWriteDirectory,
  assertWithinReach,
  outOfReach,
  reachesMember,
  reachOf,
  type Reach,
} from '../directory.policy.js';
import { type MemberTx, writeMembers } from './member-cache.js';
import { memberErrors as E } from './members.errors.js';
import { memberCreated, membersDeleted, memberUpdated } from './members.events.js';
import * as repo from './members.repository.js';
import type { Member, MemberInput, MemberPatch } from './members.types.js';
import * as v from './members.validation.js';

export type Draft = Omit<Member, 'id' | 'createdAt' | 'updatedAt'>;

/** Whether the actor's subtree (if any) holds at least one of the member's departments. */
/** The tags one member is in, for their update event. */
async function tagIdsOfMember(db: Queryable, orgId: number, memberId: number): Promise<number[]> {
  return (await repo.tagIdsOf(db, orgId, [memberId])).get(memberId) ?? [];
}

/** The member with this userid, when the actor reaches them (60011 for an app, not found for an admin). */
async function requireMember(ctx: OrgContext, db: Queryable, reach: Reach, userId: string) {
  const member = await repo.findByUserId(db, ctx.orgId, userId);
  if (!member) throw notFound(E.notFound, `member "${userId}" does not exist`, { userid: userId });
  if (!reachesMember(reach, member)) throw outOfReach(ctx.actor, userId);
  return member;
}

/** Checks a draft against the org's tree and the actor's reach; throws the first problem found. */
export async function checkAgainstTree(ctx: OrgContext, db: Queryable, tree: DepartmentTree, draft: Draft) {
  if (draft.kind === 'staff' && draft.mobile === null && draft.email === null) {
    throw invalid(E.contactMissing, 'a member needs a mobile number or an email address to prove who they are', {
      field: 'mobile',
    });
  }
  for (const d of draft.departments) {
    if (!tree.has(d.id)) {
      throw invalid(E.invalidDepartment, `department ${d.id} does not exist`, { field: 'department' });
    }
  }
  for (const id of draft.externalScope) {
    if (!tree.has(id)) throw invalid(E.invalidDepartment, `department ${id} does not exist`, { field: 'scope' });
  }
  await assertWithinReach(
    ctx,
    db,
    tree,
    draft.departments.map((d) => d.id),
  );
}

/** Validates a full draft against the org's tree and its other members. */
async function checkDraft(ctx: OrgContext, db: Queryable, tree: DepartmentTree, draft: Draft, selfId?: number) {
  await checkAgainstTree(ctx, db, tree, draft);
  for (const field of ['mobile', 'email'] as const) {
    const value = draft[field];
    if (value !== null && (await repo.holderOf(db, ctx.orgId, field, value, selfId)) !== undefined) {
      throw conflict(field === 'mobile' ? E.mobileExists : E.emailExists, `${field} ${value} is already used`, {
        field,
      });
    }
  }
}

/** Validates and normalises an input into the full set of stored fields. */
export function draftOf(input: MemberInput): Draft {
  const departments = v.validateDepartments(
    input.departments ?? [{ id: ROOT_DEPARTMENT_ID, order: 0, isLeader: false }],
  );
  const mainDepartmentId = input.mainDepartmentId ?? departments[0]?.id ?? null;
  if (mainDepartmentId !== null && !departments.some((d) => d.id === mainDepartmentId)) {
    throw invalid(E.invalidDepartment, "the main department must be one of the member's departments", {
      field: 'main_department',
    });
  }
  return {
    userId: v.validateUserId(input.userId),
    name: v.validateName(input.name),
    alias: v.validateText('alias', input.alias, 64) ?? '',
    mobile: v.validateMobile(input.mobile),
    email: v.validateEmail(input.email),
    position: v.validateText('position', input.position, 128) ?? '',
    gender: v.validateGender(input.gender) ?? 0,
    avatar: v.validateText('avatar', input.avatar, 512) ?? '',
    telephone: v.validateText('telephone', input.telephone, 32) ?? '',
    address: v.validateText('address', input.address, 128) ?? '',
    status: input.status ?? 'invited',
    kind: input.kind ?? 'staff',
    externalCorpName: v.validateText('external_corp_name', input.externalCorpName, 64) ?? '',
    mainDepartmentId,
    extattr: v.validateExtattr(input.extattr) ?? {},
    departments,
    externalScope: [...new Set(input.externalScope ?? [])],
  };
}

function mapUniqueViolation(error: unknown): never {
  if (isUniqueViolation(error)) throw conflict(E.userIdExists, 'this userid, mobile or email is already used');
  throw error;
}

/** Creates one member inside an open transaction; used by the single create and by imports. */
export async function insertMember(ctx: OrgContext, tx: MemberTx, tree: DepartmentTree, input: MemberInput) {
  const draft = draftOf(input);
  if ((await repo.idsByUserIds(tx, ctx.orgId, [draft.userId])).size > 0) {
    throw conflict(E.userIdExists, `userid "${draft.userId}" is already used`, { field: 'userid' });
  }
  await checkDraft(ctx, tx, tree, draft);
  const id = await repo.insert(tx, ctx.orgId, draft);
  await recordEvent(tx, ctx.orgId, memberCreated(id, draft));
  return id;
}

/** Applies a patch to one member inside an open transaction; used by the single update and by imports. */
export async function patchMember(
  ctx: OrgContext,
  tx: MemberTx,
  tree: DepartmentTree,
  current: Member,
  patch: MemberPatch,
): Promise<Draft> {
  const { newUserId, ...fields } = patch;
  const merged: MemberInput = { ...current, ...definedOnly(fields), userId: newUserId ?? current.userId };
  if (fields.departments && fields.mainDepartmentId === undefined) {
    const keep = fields.departments.some((d) => d.id === current.mainDepartmentId);
    merged.mainDepartmentId = keep ? current.mainDepartmentId : (fields.departments[0]?.id ?? null);
  }
  const draft = draftOf(merged);
  if (draft.userId.toLowerCase() !== current.userId.toLowerCase()) {
    if ((await repo.idsByUserIds(tx, ctx.orgId, [draft.userId])).size > 0) {
      throw conflict(E.userIdExists, `userid "${draft.userId}" is already used`, { field: 'userid' });
    }
  }
  await checkDraft(ctx, tx, tree, draft, current.id);
  await repo.update(tx, ctx.orgId, current.id, draft);
  const tagIds = await tagIdsOfMember(tx, ctx.orgId, current.id);
  await recordEvent(tx, ctx.orgId, memberUpdated(current.id, current, draft, { tagIds }));
  return draft;
}

export function definedOnly<T extends object>(value: T): Partial<T> {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as Partial<T>;
}

/** Lists a listed person in the directory; they join later by proving they are this member. */
export async function createMember(ctx: OrgContext, input: MemberInput): Promise<Member> {
  assertCanWriteDirectory(ctx.actor);
  try {
    return await writeMembers(ctx.db, ctx.orgId, async (tx) => {
      const tree = await loadTree(tx, ctx.orgId);
      const id = await insertMember(ctx, tx, tree, input);
      const [member] = await repo.loadByIds(tx, ctx.orgId, [id]);
      return member as Member;
    });
  } catch (error) {
    return mapUniqueViolation(error);
  }
}

export async function updateMember(ctx: OrgContext, userId: string, patch: MemberPatch): Promise<Member> {
  assertCanWriteDirectory(ctx.actor);
  try {
    return await writeMembers(ctx.db, ctx.orgId, async (tx) => {
      const tree = await loadTree(tx, ctx.orgId);
      const current = await requireMember(ctx, tx, await reachOf(ctx, tx, tree), userId);
      await patchMember(ctx, tx, tree, current, patch);
      const [member] = await repo.loadByIds(tx, ctx.orgId, [current.id]);
      return member as Member;
    });
  } catch (error) {
    return mapUniqueViolation(error);
  }
}

/** Disables or re-enables a member; a disabled member keeps their place but cannot sign in or be messaged. */
export async function setMemberEnabled(ctx: OrgContext, userId: string, enabled: boolean): Promise<Member> {
  assertCanWriteDirectory(ctx.actor);
  return writeMembers(ctx.db, ctx.orgId, async (tx) => {
    const tree = await loadTree(tx, ctx.orgId);
    const current = await requireMember(ctx, tx, await reachOf(ctx, tx, tree), userId);
    const status = enabled ? (current.status === 'disabled' ? 'invited' : current.status) : 'disabled';
    await repo.setStatus(tx, ctx.orgId, current.id, status);
    const tagIds = await tagIdsOfMember(tx, ctx.orgId, current.id);
    await recordEvent(tx, ctx.orgId, memberUpdated(current.id, current, { ...current, status }, { tagIds }));
    return { ...current, status };
  });
}

/**
 * An invited member becomes active on first proving who they are (member-auth); no actor's reach applies.
 * False when the member is neither invited nor active any more (disabled, or deleted, meanwhile).
 */
export async function activateMember(db: Db, orgId: number, memberId: number): Promise<boolean> {
  return writeMembers(db, orgId, async (tx) => {
    const activated = await repo.activate(tx, orgId, memberId);
    const [member] = await repo.loadByIds(tx, orgId, [memberId]);
    // Activated by a second device meanwhile: active all the same.
    if (!activated) return member?.status === 'active';
    // Activation happens only from invited (repo.activate), so that is what apps knew before.
    if (member) {
      const tagIds = await tagIdsOfMember(tx, orgId, memberId);
      await recordEvent(
        tx,
        orgId,
        memberUpdated(memberId, { ...member, status: 'invited' }, member, { tagIds, joined: true }),
      );
    }
    return true;
  });
}

/** Deletes members: every userid must exist, or nothing is deleted. */
export async function deleteMembers(ctx: OrgContext, userIds: string[]): Promise<void> {
  assertCanWriteDirectory(ctx.actor);
  if (userIds.length === 0) throw invalid(E.notFound, 'no userid given', { field: 'useridlist' });
  if (userIds.length > 200) throw invalid(E.tooMany, 'at most 200 members can be deleted at once');
  await writeMembers(ctx.db, ctx.orgId, async (tx) => {
    const tree = await loadTree(tx, ctx.orgId);
    const reach = await reachOf(ctx, tx, tree);
    const members = [];
    for (const userId of userIds) members.push(await requireMember(ctx, tx, reach, userId));
    const tagsOf = await repo.remove(
      tx,
      ctx.orgId,
      members.map((m) => m.id),
    );
    await recordEvents(tx, ctx.orgId, membersDeleted(members, tagsOf));
  });
}

export async function getMember(ctx: OrgContext, userId: string): Promise<Member> {
  return requireMember(ctx, ctx.db, await reachOf(ctx), userId);
}
