import type { OrgContext } from '../../../platform/context.js';
import { invalid, notFound } from '../../../platform/errors.js';
import { departmentErrors } from '../departments/departments.errors.js';
import { loadTree, ROOT_DEPARTMENT_ID } from '../departments/departments.service.js';
import { assertReachesDepartments, managedRoot, outOfReach, reachesMember, reachOf } from '../directory.policy.js';
import { memberErrors as E } from './members.errors.js';
import * as queries from './members.queries.js';
import * as repo from './members.repository.js';
import { normaliseQuery } from './members.search.js';
import type { Member } from './members.types.js';

export type ListMembersOptions = {
  /** The department to list; the actor's own subtree root (or the org root) when absent. */
  departmentId?: number;
  /** Include members of every sub-department. */
  recursive?: boolean;
  limit?: number;
  offset?: number;
};

/** Members of a department (and optionally its sub-departments), a page at a time. */
export async function listMembers(ctx: OrgContext, options: ListMembersOptions = {}) {
  const tree = await loadTree(ctx.db, ctx.orgId);
  const departmentId = options.departmentId ?? managedRoot(ctx.actor) ?? ROOT_DEPARTMENT_ID;
  if (!tree.has(departmentId)) {
    throw notFound(departmentErrors.notFound, `department ${departmentId} does not exist`);
  }
  assertReachesDepartments(await reachOf(ctx, ctx.db, tree), [departmentId]);
  const ids = options.recursive ? tree.subtree(departmentId) : [departmentId];
  return queries.listInDepartments(ctx.db, ctx.orgId, ids, {
    limit: Math.min(Math.max(options.limit ?? 50, 1), 10_000),
    offset: Math.max(options.offset ?? 0, 0),
  });
}

/** Finds members by name, pinyin, initials, userid, mobile, email or alias prefix. */
export async function searchMembers(ctx: OrgContext, query: string, limit = 20): Promise<Member[]> {
  const term = normaliseQuery(query);
  if (term.length === 0) return [];
  const bounded = Math.min(Math.max(limit, 1), 100);
  const ids = await queries.searchIds(ctx.db, ctx.orgId, term, bounded);
  const members = await repo.loadByIds(ctx.db, ctx.orgId, ids);
  const reach = await reachOf(ctx);
  return members.filter((m) => reachesMember(reach, m));
}

/** A page of (userid, departments) rows for `user/list_id`; the cursor is opaque to callers. */
export async function listMemberIds(ctx: OrgContext, options: { cursor?: string; limit?: number }) {
  const limit = options.limit ?? 10_000;
  if (!Number.isInteger(limit) || limit < 1 || limit > 10_000) {
    throw invalid('member.invalid_limit', 'limit must be between 1 and 10000');
  }
  let after = 0;
  if (options.cursor) {
    after = Number.parseInt(Buffer.from(options.cursor, 'base64url').toString(), 36);
    if (!Number.isSafeInteger(after) || after < 0) throw invalid('member.invalid_cursor', 'cursor is not valid');
  }
  const rows = await queries.listIdPage(ctx.db, ctx.orgId, after, limit);
  const last = rows.at(-1);
  const nextCursor = rows.length === limit && last ? Buffer.from(last.id.toString(36)).toString('base64url') : '';
  // The cursor follows the rows read, so a page cut to the reach may be short and the next one goes on.
  const reach = await reachOf(ctx);
  const reached = rows.filter((r) =>
    reachesMember(reach, { id: r.id, departments: r.departmentIds.map((id) => ({ id })) }),
  );
  return { rows: reached, nextCursor };
}

/** The member who holds this mobile number or email address. */
export async function findMemberBy(ctx: OrgContext, field: 'mobile' | 'email', value: string): Promise<Member> {
  const id = await repo.holderOf(
    ctx.db,
    ctx.orgId,
    field,
    field === 'email' ? value.trim().toLowerCase() : value.trim(),
  );
  const [member] = id === undefined ? [] : await repo.loadByIds(ctx.db, ctx.orgId, [id]);
  if (!member) throw notFound(E.notFound, `no member has this ${field}`);
  if (!reachesMember(await reachOf(ctx), member)) throw outOfReach(ctx.actor, member.userId);
  return member;
}
