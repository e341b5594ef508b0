import type { OrgContext } from '../../platform/context.js';
import { forbidden, invalid, notFound } from '../../platform/errors.js';
import { idsByUserIds } from '../directory/index.js';
import { chatErrors as E } from './chat.errors.js';
import { memberOf } from './chat.service.js';

const MAX_MEMBERS = 500;

function validName(name: string): string {
  const trimmed = name.trim();
  if (trimmed.length === 0 || [...trimmed].length > 50)
    throw invalid(E.invalidPayload, 'group name must be 1 to 50 characters');
  return trimmed;
}

async function resolveUsers(ctx: OrgContext, userIds: string[]): Promise<number[]> {
  const ids = await idsByUserIds(ctx.db, ctx.orgId, userIds);
  const missing = userIds.filter((u) => !ids.has(u.toLowerCase()));
  if (missing.length > 0) throw notFound(E.unknownMember, `unknown members: ${missing.join(', ')}`);
  return [...new Set(ids.values())];
}

/** Creates a group chat of the creator and the named colleagues; the creator owns it. */
export async function createGroup(ctx: OrgContext, options: { name: string; userIds: string[] }) {
  const me = memberOf(ctx);
  const name = validName(options.name);
  const members = [...new Set([me.memberId, ...(await resolveUsers(ctx, options.userIds))])];
  if (members.length < 2 || members.length > MAX_MEMBERS)
    throw invalid(E.groupSize, `a group has 2 to ${MAX_MEMBERS} members`);
  const id = await ctx.db.transaction().execute(async (tx) => {
    const now = Date.now();
    const row = await tx
      .insertInto('group_chats')
      .values({ org_id: ctx.orgId, name, owner_member_id: me.memberId, created_at: now })
      .returning('id')
      .executeTakeFirstOrThrow();
    await tx
      .insertInto('group_chat_members')
      .values(members.map((member_id) => ({ org_id: ctx.orgId, group_id: row.id, member_id, joined_at: now })))
      .execute();
    return row.id;
  });
  return { id, conversation: `group:${id}` };
}

async function requireGroup(ctx: OrgContext, id: number) {
  const me = memberOf(ctx);
  const group = await ctx.db
    .selectFrom('group_chats')
    .selectAll()
    .where('org_id', '=', ctx.orgId)
    .where('id', '=', id)
    .executeTakeFirst();
  if (!group) throw notFound(E.groupNotFound, 'no such group');
  const mine = await ctx.db
    .selectFrom('group_chat_members')
    .select('member_id')
    .where('group_id', '=', id)
    .where('member_id', '=', me.memberId)
    .executeTakeFirst();
  if (!mine) throw notFound(E.groupNotFound, 'no such group');
  return { group, me };
}

export async function getGroup(ctx: OrgContext, id: number) {
  const { group } = await requireGroup(ctx, id);
  const members = await ctx.db
    .selectFrom('group_chat_members')
    .innerJoin('members', 'members.id', 'group_chat_members.member_id')
    .select(['members.id', 'members.user_id', 'members.name'])
    .where('group_chat_members.group_id', '=', id)
    .orderBy('group_chat_members.joined_at')
    .orderBy('members.id')
    .execute();
  const owner = members.find((m) => m.id === group.owner_member_id);
  return {
    id,
    name: group.name,
    owner: owner?.user_id ?? '',
    members: members.map((m) => ({ userId: m.user_id, name: m.name })),
  };
}

export type GroupChange = { name?: string; addUserIds?: string[]; removeUserIds?: string[]; owner?: string };

/** Any member renames and adds; only the owner removes others or hands over ownership. */
export async function updateGroup(ctx: OrgContext, id: number, change: GroupChange) {
  const { group, me } = await requireGroup(ctx, id);
  const isOwner = group.owner_member_id === me.memberId;
  const add = await resolveUsers(ctx, change.addUserIds ?? []);
  const remove = await resolveUsers(ctx, change.removeUserIds ?? []);
  if ((remove.some((m) => m !== me.memberId) || change.owner) && !isOwner) {
    throw forbidden(E.notOwner, 'only the owner removes members or hands over the group');
  }
  const [owner] = change.owner ? await resolveUsers(ctx, [change.owner]) : [group.owner_member_id];
  await ctx.db.transaction().execute(async (tx) => {
    const now = Date.now();
    const current = new Set(
      (await tx.selectFrom('group_chat_members').select('member_id').where('group_id', '=', id).execute()).map(
        (r) => r.member_id,
      ),
    );
    const fresh = add.filter((m) => !current.has(m));
    if (fresh.length > 0) {
      await tx
        .insertInto('group_chat_members')
        .values(fresh.map((member_id) => ({ org_id: ctx.orgId, group_id: id, member_id, joined_at: now })))
        .execute();
    }
    if (remove.length > 0)
      await tx.deleteFrom('group_chat_members').where('group_id', '=', id).where('member_id', 'in', remove).execute();
    const after = new Set([...current, ...fresh].filter((m) => !remove.includes(m)));
    if (after.size < 1 || after.size > MAX_MEMBERS)
      throw invalid(E.groupSize, `a group has up to ${MAX_MEMBERS} members`);
    const nextOwner = after.has(owner as number) ? (owner as number) : [...after][0];
    await tx
      .updateTable('group_chats')
      .set({
        name: change.name === undefined ? group.name : validName(change.name),
        owner_member_id: nextOwner as number,
      })
      .where('id', '=', id)
      .execute();
  });
  return getGroup(ctx, id).catch(() => ({ id, left: true }));
}
