import type { OrgContext } from '../../../platform/context.js';
import { isUniqueViolation } from '../../../platform/db/constraint.js';
import { conflict, forbidden, invalid, notFound } from '../../../platform/errors.js';
import { recordEvent } from '../../../platform/outbox/outbox.js';
import { loadTree } from '../departments/departments.service.js';
import { assertCanWriteDirectory, managedRoot } from '../directory.policy.js';
import { idsByUserIds } from '../members/members.repository.js';
import { tagErrors as E } from './tags.errors.js';
import * as repo from './tags.repository.js';
import type { Tag } from './tags.repository.js';
import { TagCreated, TagDeleted, TagMembersAdded, TagMembersRemoved, TagUpdated } from '../directory.events.js';

export type TagMembersChange = { userIds: string[]; departmentIds: number[] };
export type TagMembersResult = { invalidUserIds: string[]; invalidDepartmentIds: number[] };

function validateName(name: string): string {
  const value = name.trim();
  if (value.length === 0 || [...value].length > 32) throw invalid(E.invalidName, 'tag name must be 1 to 32 characters');
  return value;
}

/** Tags belong to the app that made them: another app may read but not change them (WeCom's rule). */
function assertMayChange(ctx: OrgContext, tag: Tag): void {
  if (ctx.actor.kind === 'app' && tag.appId !== ctx.actor.appId) {
    throw forbidden(E.notOwner, 'only the app that created this tag may change it');
  }
  if (managedRoot(ctx.actor) !== null) {
    throw forbidden('directory.no_privilege', 'only org-wide admins manage tags');
  }
}

async function requireTag(ctx: OrgContext, id: number): Promise<Tag> {
  const tag = await repo.find(ctx.db, ctx.orgId, id);
  if (!tag) throw notFound(E.notFound, `tag ${id} does not exist`);
  return tag;
}

export function listTags(ctx: OrgContext): Promise<Tag[]> {
  return repo.list(ctx.db, ctx.orgId);
}

export async function createTag(ctx: OrgContext, options: { name: string; id?: number }): Promise<Tag> {
  if (ctx.actor.kind !== 'app') assertCanWriteDirectory(ctx.actor);
  if (managedRoot(ctx.actor) !== null) throw forbidden('directory.no_privilege', 'only org-wide admins manage tags');
  const name = validateName(options.name);
  if (options.id !== undefined && (!Number.isInteger(options.id) || options.id < 1 || options.id > 2 ** 31 - 1)) {
    throw invalid(E.invalidId, 'tagid must be a positive integer');
  }
  try {
    return await ctx.db.transaction().execute(async (tx) => {
      if (await repo.findByName(tx, ctx.orgId, name)) throw conflict(E.nameExists, `tag "${name}" already exists`);
      const id = options.id ?? (await repo.nextId(tx, ctx.orgId));
      if (await repo.find(tx, ctx.orgId, id)) throw conflict(E.invalidId, `tag ${id} already exists`);
      const tag: Tag = { id, name, appId: ctx.actor.kind === 'app' ? ctx.actor.appId : null };
      await repo.insert(tx, ctx.orgId, tag);
      await recordEvent(tx, ctx.orgId, TagCreated.of({ tagId: id }));
      return tag;
    });
  } catch (error) {
    if (isUniqueViolation(error)) throw conflict(E.nameExists, 'a tag with this id or name already exists');
    throw error;
  }
}

export async function renameTag(ctx: OrgContext, id: number, name: string): Promise<Tag> {
  const tag = await requireTag(ctx, id);
  assertMayChange(ctx, tag);
  const next = validateName(name);
  return ctx.db.transaction().execute(async (tx) => {
    const holder = await repo.findByName(tx, ctx.orgId, next);
    if (holder && holder.id !== id) throw conflict(E.nameExists, `tag "${next}" already exists`);
    await repo.rename(tx, ctx.orgId, id, next);
    await recordEvent(tx, ctx.orgId, TagUpdated.of({ tagId: id }));
    return { ...tag, name: next };
  });
}

export async function deleteTag(ctx: OrgContext, id: number): Promise<void> {
  const tag = await requireTag(ctx, id);
  assertMayChange(ctx, tag);
  await ctx.db.transaction().execute(async (tx) => {
    await repo.remove(tx, ctx.orgId, id);
    await recordEvent(tx, ctx.orgId, TagDeleted.of({ tagId: id }));
  });
}

/** The tag with its members and departments. */
export async function getTag(ctx: OrgContext, id: number) {
  const tag = await requireTag(ctx, id);
  const [members, departmentIds] = await Promise.all([
    repo.membersOf(ctx.db, ctx.orgId, id),
    repo.departmentsOf(ctx.db, ctx.orgId, id),
  ]);
  return { tag, members: members.map((m) => ({ userId: m.user_id, name: m.name })), departmentIds };
}

async function resolveChange(ctx: OrgContext, change: TagMembersChange) {
  if (change.userIds.length === 0 && change.departmentIds.length === 0) {
    throw invalid(E.listMissing, 'give at least one userid or department');
  }
  if (change.userIds.length > 1000 || change.departmentIds.length > 100) {
    throw invalid(E.tooMany, 'at most 1000 userids and 100 departments per call');
  }
  const [ids, tree] = await Promise.all([idsByUserIds(ctx.db, ctx.orgId, change.userIds), loadTree(ctx.db, ctx.orgId)]);
  const memberIds: number[] = [];
  const userIds: string[] = [];
  const seen = new Set<number>();
  const invalidUserIds: string[] = [];
  for (const userId of change.userIds) {
    const id = ids.get(userId.toLowerCase());
    if (id === undefined) invalidUserIds.push(userId);
    else if (!seen.has(id)) {
      seen.add(id);
      memberIds.push(id);
      userIds.push(userId);
    }
  }
  const departmentIds = [...new Set(change.departmentIds.filter((d) => tree.has(d)))];
  const invalidDepartmentIds = change.departmentIds.filter((d) => !tree.has(d));
  // The event names what was applied: the userids and departments that exist, not the ones reported back.
  const applied = { userIds, departmentIds };
  return { memberIds, departmentIds, applied, result: { invalidUserIds, invalidDepartmentIds } };
}

/** Adds members and departments; unknown ones are reported back and the rest applied. */
export async function addToTag(ctx: OrgContext, id: number, change: TagMembersChange): Promise<TagMembersResult> {
  const tag = await requireTag(ctx, id);
  assertMayChange(ctx, tag);
  const { memberIds, departmentIds, applied, result } = await resolveChange(ctx, change);
  if (memberIds.length === 0 && departmentIds.length === 0) {
    throw invalid(E.nothingToAdd, 'none of the given userids or departments exist', { ...result });
  }
  await ctx.db.transaction().execute(async (tx) => {
    await repo.addMembers(tx, ctx.orgId, id, memberIds);
    await repo.addDepartments(tx, ctx.orgId, id, departmentIds);
    await recordEvent(tx, ctx.orgId, TagMembersAdded.of({ tagId: id, ...applied }));
  });
  return result;
}

export async function removeFromTag(ctx: OrgContext, id: number, change: TagMembersChange): Promise<TagMembersResult> {
  const tag = await requireTag(ctx, id);
  assertMayChange(ctx, tag);
  const { memberIds, departmentIds, applied, result } = await resolveChange(ctx, change);
  if (memberIds.length === 0 && departmentIds.length === 0) {
    throw invalid(E.nothingToRemove, 'none of the given userids or departments exist', { ...result });
  }
  await ctx.db.transaction().execute(async (tx) => {
    await repo.removeMembers(tx, ctx.orgId, id, memberIds);
    await repo.removeDepartments(tx, ctx.orgId, id, departmentIds);
    await recordEvent(tx, ctx.orgId, TagMembersRemoved.of({ tagId: id, ...applied }));
  });
  return result;
}

export type { Tag };
