import type { OrgContext } from '../platform/context.js';
import { invalid } from '../platform/errors.js';
import {
  createMember,
  deleteMembers,
  findMemberBy,
  getMember,
  listMemberIds,
  listMembers,
  setMemberEnabled,
  updateMember,
  type Member,
} from '../modules/directory/index.js';
import { corpIdOf } from '../modules/orgs/index.js';
import { defineCgi, okBody } from './cgi.js';
import type { Fields } from './lenient.js';
import { openIdOf, toMemberPatch, toUser } from './users.map.js';

const USERID = { max: 64 };

function corpIdOfCtx(ctx: OrgContext): Promise<string> {
  return corpIdOf(ctx.db, ctx.orgId);
}

/** `user/simplelist` and `user/list` read the same members: a department, optionally with its sub-departments. */
async function listForWeCom(ctx: OrgContext, query: Fields) {
  const { items } = await listMembers(ctx, {
    departmentId: query.requiredInt('department_id', 'department.id_missing', { min: 0 }),
    recursive: query.int('fetch_child', { min: 0, max: 1 }) === 1,
    limit: 10_000,
  });
  return { items, corpId: await corpIdOfCtx(ctx) };
}

/**
 * user/get's answer as sent, kept for as long as its member object lives: a member read through the member
 * cache is the same frozen object until a write forgets it (ADR 0016), so this is never older than that.
 */
const userGetBodies = new WeakMap<Member, string>();

function userGetBody(member: Member, corpId: string): string {
  let body = userGetBodies.get(member);
  if (body === undefined) {
    body = JSON.stringify(okBody(toUser(member, corpId)));
    if (Object.isFrozen(member)) userGetBodies.set(member, body);
  }
  return body;
}

export const userApi = [
  defineCgi({
    method: 'POST',
    path: 'user/create',
    auth: 'token',
    handler: async ({ ctx, body }) => {
      const patch = toMemberPatch(body);
      await createMember(ctx, {
        ...patch,
        userId: body.requiredString('userid', 'member.userid_missing', USERID),
        name: body.requiredString('name', 'member.invalid_name', { max: 64 }),
        status: patch.status ?? 'invited',
      });
      return { errmsg: 'created' };
    },
  }),
  defineCgi({
    method: 'GET',
    path: 'user/get',
    auth: 'token',
    handler: async ({ ctx, query, reply }) => {
      const member = await getMember(ctx, query.requiredString('userid', 'member.userid_missing', USERID));
      return reply.type('application/json; charset=utf-8').send(userGetBody(member, await corpIdOfCtx(ctx)));
    },
  }),
  defineCgi({
    method: 'POST',
    path: 'user/update',
    auth: 'token',
    handler: async ({ ctx, body }) => {
      const userId = body.requiredString('userid', 'member.userid_missing', USERID);
      const patch = toMemberPatch(body);
      const enable = body.int('enable', { min: 0, max: 1 });
      const newUserId = body.string('new_userid', USERID);
      if (enable === 1) await setMemberEnabled(ctx, userId, true);
      await updateMember(ctx, userId, { ...patch, ...(newUserId ? { newUserId } : {}) });
      return { errmsg: 'updated' };
    },
  }),
  defineCgi({
    method: 'GET',
    path: 'user/delete',
    auth: 'token',
    handler: async ({ ctx, query }) => {
      await deleteMembers(ctx, [query.requiredString('userid', 'member.userid_missing', USERID)]);
      return { errmsg: 'deleted' };
    },
  }),
  defineCgi({
    method: 'POST',
    path: 'user/batchdelete',
    auth: 'token',
    handler: async ({ ctx, body }) => {
      const list = body.stringList('useridlist', { max: 200 });
      if (!list || list.length === 0) throw invalid('member.userid_missing', 'useridlist missing');
      await deleteMembers(ctx, list);
      return { errmsg: 'deleted' };
    },
  }),
  defineCgi({
    method: 'GET',
    path: 'user/simplelist',
    auth: 'token',
    handler: async ({ ctx, query }) => {
      const { items, corpId } = await listForWeCom(ctx, query);
      return {
        userlist: items.map((m) => ({
          userid: m.userId,
          name: m.name,
          department: m.departments.map((d) => d.id),
          open_userid: openIdOf(corpId, m.userId),
        })),
      };
    },
  }),
  defineCgi({
    method: 'GET',
    path: 'user/list',
    auth: 'token',
    handler: async ({ ctx, query }) => {
      const { items, corpId } = await listForWeCom(ctx, query);
      return { userlist: items.map((m) => toUser(m, corpId)) };
    },
  }),
  defineCgi({
    method: 'POST',
    path: 'user/list_id',
    auth: 'token',
    handler: async ({ ctx, body }) => {
      const { rows, nextCursor } = await listMemberIds(ctx, {
        cursor: body.string('cursor', { max: 128 }),
        limit: body.int('limit', { min: 1, max: 10_000 }),
      });
      return {
        next_cursor: nextCursor,
        dept_user: rows.flatMap((r) => r.departmentIds.map((department) => ({ userid: r.userId, department }))),
      };
    },
  }),
  defineCgi({
    method: 'POST',
    path: 'user/getuserid',
    auth: 'token',
    handler: async ({ ctx, body }) => {
      const member = await findMemberBy(
        ctx,
        'mobile',
        body.requiredString('mobile', 'member.invalid_mobile', { max: 32 }),
      );
      return { userid: member.userId };
    },
  }),
  defineCgi({
    method: 'POST',
    path: 'user/get_userid_by_email',
    auth: 'token',
    handler: async ({ ctx, body }) => {
      const member = await findMemberBy(
        ctx,
        'email',
        body.requiredString('email', 'member.invalid_email', { max: 64 }),
      );
      return { userid: member.userId };
    },
  }),
  defineCgi({
    method: 'POST',
    path: 'user/convert_to_openid',
    auth: 'token',
    handler: async ({ ctx, body }) => {
      const member = await getMember(ctx, body.requiredString('userid', 'member.userid_missing', USERID));
      return { openid: openIdOf(await corpIdOfCtx(ctx), member.userId) };
    },
  }),
  defineCgi({
    method: 'POST',
    path: 'user/convert_to_userid',
    auth: 'token',
    handler: async ({ ctx, body }) => {
      const openId = body.requiredString('openid', 'request.invalid', { max: 64 });
      const corpId = await corpIdOfCtx(ctx);
      // Openids are one-way; resolve by walking the org's userids in pages (an admin-rate call).
      let cursor: string | undefined;
      do {
        const page = await listMemberIds(ctx, { cursor, limit: 10_000 });
        const hit = page.rows.find((r) => openIdOf(corpId, r.userId) === openId);
        if (hit) return { userid: hit.userId };
        cursor = page.nextCursor || undefined;
      } while (cursor);
      throw invalid('user.openid_unknown', 'invalid openid');
    },
  }),
];
